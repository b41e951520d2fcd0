// Activity from frame sizes alone (issue 31, part 1). In long-GOP codecs a predicted frame codes
// what changed since its reference, so its size follows motion; keyframes code the whole picture
// and are left out. Each second's mean predicted-frame size over the quiet baseline (the median
// second, or the camera's own quiet) gives a level. Pure.
import { stretchesOf, type Stretch } from './stretches.js';
import type { VideoFrames } from './video-frames.js';

/** Why sizes cannot see activity in a file. */
export type SizeBlindness = 'intra-only' | 'constant-bitrate';

export interface SizeActivity {
  /** One level (0–1) per second from the first frame; null for a second without frames. */
  levels: (number | null)[];
  /** Mean predicted-frame bytes of a quiet second (what 0 means). */
  baseline: number;
  /** Set when sizes say nothing here: decode instead (docs/activity.md). */
  blind: SizeBlindness | null;
  events: Stretch[];
}

/** A second at this many times the quiet baseline is level 1. */
export const FULL_RATIO = 4;
/** A second at 1.5× the baseline stands out (measured: every moving second of the test scene did). */
export const EVENT_RATIO = 1.5;
export const SIZE_EVENT_LEVEL = (EVENT_RATIO - 1) / (FULL_RATIO - 1);

/** At most this share of predicted frames: every frame is (nearly) a keyframe, as in MJPEG. */
const INTRA_ONLY_PREDICTED_SHARE = 0.1;
/** Constant bitrate: busy seconds rise less than this over the median second… */
const FLAT_RATIO = 1.3;
/** …while predicted frames carry at least this many bits per pixel, which quiet VBR never spends. */
const HEAVY_BITS_PER_PIXEL = 0.04;

export interface SecondSizes {
  /** Sum and count of predicted frames per second. */
  bytes: number[];
  count: number[];
  /** Frames of any kind per second. */
  frames: number[];
}

export function bySecond(f: Pick<VideoFrames, 'times' | 'sizes' | 'keys'>): SecondSizes {
  let t0 = Infinity, t1 = -Infinity;
  for (const t of f.times) { if (t < t0) t0 = t; if (t > t1) t1 = t; }
  const n = f.times.length ? Math.floor(t1 - t0) + 1 : 0;
  const s: SecondSizes = { bytes: new Array<number>(n).fill(0), count: new Array<number>(n).fill(0), frames: new Array<number>(n).fill(0) };
  f.times.forEach((t, k) => {
    const sec = Math.floor(t - t0);
    s.frames[sec]!++;
    if (f.keys[k]) return;
    s.bytes[sec]! += f.sizes[k]!;
    s.count[sec]!++;
  });
  return s;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Blind cases of one file, from its frames (pure; docs/activity.md has the measurements). */
export function sizeBlindness(f: Pick<VideoFrames, 'times' | 'sizes' | 'keys' | 'width' | 'height'>, means: readonly number[]): SizeBlindness | null {
  let predicted = 0;
  for (const k of f.keys) if (!k) predicted++;
  if (predicted <= f.keys.length * INTRA_ONLY_PREDICTED_SHARE) return 'intra-only';
  const m = median(means);
  const flat = m > 0 && quantile(means, 0.98) < m * FLAT_RATIO;
  const bpp = f.width && f.height ? (m * 8) / (f.width * f.height) : 0;
  return flat && bpp >= HEAVY_BITS_PER_PIXEL ? 'constant-bitrate' : null;
}

/**
 * Levels per second. `baseline` is the camera's quiet (mean predicted bytes of a quiet second)
 * when known: a file busy most of its length has no quiet median of its own.
 */
export function sizeActivity(f: VideoFrames, baseline?: number): SizeActivity {
  const s = bySecond(f);
  const means = s.count.flatMap((c, k) => (c ? [s.bytes[k]! / c] : []));
  const base = baseline ?? median(means);
  const blind = sizeBlindness(f, means);
  const levels = s.frames.map((n, k) => {
    if (!n) return null;
    const c = s.count[k]!;
    if (!c || blind || !base) return 0;
    return Math.min(1, Math.max(0, (s.bytes[k]! / c / base - 1) / (FULL_RATIO - 1)));
  });
  return { levels, baseline: base, blind, events: blind ? [] : stretchesOf(levels, SIZE_EVENT_LEVEL) };
}
