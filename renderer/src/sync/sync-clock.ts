// Keeping several cameras on one moment: a shared clock on the recordings' own timeline (epoch
// ms), and the rule each tile follows to stay on it. Tiles are nudged by playbackRate (at most
// ±5 %, inaudible and invisible), never seeked for small errors; a tile more than a second off
// is seeked. Pure, so the rule is tested without a browser.

/** Largest nudge to a tile's speed. */
export const MAX_NUDGE = 0.05;
/**
 * An error this size gets the full nudge (smaller ones a proportional part): 40 ms off is
 * corrected at 2 % (in about 2 s), slowly enough for the 250 ms readings not to overshoot.
 */
const FULL_NUDGE_ERROR_MS = 100;
/** Errors below this are left alone (a frame's jitter). */
const DEADBAND_MS = 8;
/** Past this, a tile is seeked to the clock instead. */
export const RESEEK_MS = 1000;

/** What a tile at `tileMs` does to follow the clock at `clockMs`, playing at `speed`. */
export function follow(tileMs: number, clockMs: number, speed: number): { seekToMs: number } | { rate: number } {
  const err = tileMs - clockMs; // > 0: the tile is ahead
  if (Math.abs(err) > RESEEK_MS) return { seekToMs: clockMs };
  if (Math.abs(err) < DEADBAND_MS) return { rate: speed };
  const nudge = Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, (err / FULL_NUDGE_ERROR_MS) * MAX_NUDGE));
  return { rate: speed * (1 - nudge) };
}

/** Drift over the tiles read in one frame: max − min of where each is on the shared timeline. */
export function driftMs(tileTimesMs: readonly number[]): number {
  if (tileTimesMs.length < 2) return 0;
  return Math.max(...tileTimesMs) - Math.min(...tileTimesMs);
}

/**
 * The shared clock: where the moment is (epoch ms), advancing at `speed` while it runs. It is
 * held while a tile waits for data, so one slow camera holds the others instead of falling behind.
 */
export class SyncClock {
  private anchorMs: number;
  private anchorAt = 0;
  private running = false;
  speed = 1;

  constructor(startMs: number, private readonly now: () => number = () => performance.now()) {
    this.anchorMs = startMs;
  }

  get playing(): boolean {
    return this.running;
  }

  time(): number {
    return this.running ? this.anchorMs + (this.now() - this.anchorAt) * this.speed : this.anchorMs;
  }

  set(ms: number): void {
    this.anchorMs = ms;
    this.anchorAt = this.now();
  }

  run(on: boolean): void {
    if (on === this.running) return;
    this.anchorMs = this.time();
    this.anchorAt = this.now();
    this.running = on;
  }

  setSpeed(s: number): void {
    this.anchorMs = this.time();
    this.anchorAt = this.now();
    this.speed = s;
  }
}
