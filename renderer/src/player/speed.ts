// Speeds from −8× to 64× and how each is played. Pure: tested in Node. docs/speed.md says why
// the limits are where they are.
import type { PlaybackMode } from '../../../contract/api.js';

/** `[` and `]` step through these; `Backspace` goes back to 1×. */
export const SPEEDS = [-8, -4, -2, -1, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16, 32, 64] as const;

/** The next speed on the ladder from `current` (an off-ladder speed goes to its neighbour). */
export function nextSpeed(current: number, dir: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => Math.abs(s - current) < 1e-9);
  if (i >= 0) return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + dir))]!;
  if (dir > 0) return SPEEDS.find((s) => s > current) ?? SPEEDS[SPEEDS.length - 1]!;
  return [...SPEEDS].reverse().find((s) => s < current) ?? SPEEDS[0]!;
}

/**
 * The fastest speed the browser plays itself (playbackRate), per playback mode; faster goes to
 * the fast stream. A file the browser reads directly or a copy keeps up to 4× (a 1080p H.264
 * stream at 8× is 200 frames a second to decode on 2 cores); a conversion only to 2× (x264 on
 * 2 cores makes 1080p at about real time twice over).
 */
export const RATE_LIMIT: Record<PlaybackMode, number> = { direct: 4, remux: 4, transcode: 2 };

export type SpeedWay = 'rate' | 'fast' | 'reverse';

export function speedWay(speed: number, mode: PlaybackMode): SpeedWay {
  if (speed < 0) return 'reverse';
  return speed <= RATE_LIMIT[mode] ? 'rate' : 'fast';
}

/** Sound is off above 2× and in reverse. */
export function mutedAt(speed: number): boolean {
  return speed > 2 || speed < 0;
}

/** "⅛×", "-2×", "32×". */
export function speedLabel(speed: number): string {
  const frac: Record<string, string> = { '0.125': '⅛', '0.25': '¼', '0.5': '½' };
  return `${frac[String(speed)] ?? String(speed)}×`;
}
