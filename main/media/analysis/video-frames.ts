// What the index readers give back: the video frames of a file as the container lists them,
// without decoding. Times are presentation times in seconds, as ffprobe shows them.

export type Container = 'mp4' | 'avi' | 'matroska';

export interface VideoFrames {
  container: Container;
  /** The codec as the container names it (MP4/AVI fourcc, Matroska CodecID). */
  codec: string;
  width: number;
  height: number;
  /** One entry per frame, in the order the file stores them (decoding order). */
  times: number[];
  sizes: number[];
  keys: boolean[];
}

export class IndexError extends Error {
  readonly code = 'no-index';
}

export function emptyFrames(container: Container, codec = '', width = 0, height = 0): VideoFrames {
  return { container, codec, width, height, times: [], sizes: [], keys: [] };
}

/** The longest gap between keyframes, in seconds (null with fewer than two). */
export function keyframeGapSec(f: Pick<VideoFrames, 'times' | 'keys'>): number | null {
  const t = f.times.filter((_, k) => f.keys[k]).sort((a, b) => a - b);
  let gap: number | null = null;
  for (let k = 1; k < t.length; k++) gap = Math.max(gap ?? 0, t[k]! - t[k - 1]!);
  return gap;
}
