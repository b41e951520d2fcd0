// The fast stream's choices and ffmpeg arguments (a media URL with `speed=N`): which frames are
// decoded, which are picked, how small they are made. Pure, so every choice is tested by table.
// docs/speed.md gives the figures behind the numbers.
import type { MediaProbe } from '../../contract/api.js';
import { inputArgs } from './input-args.js';
import { seekTarget } from './session-args.js';

/** The fastest and slowest speeds a fast stream serves (the player's ladder: −8× to 64×). */
export const MIN_SPEED = -8;
export const MAX_SPEED = 64;
/** Pictures per wall second a fast stream aims at: 15 shown is the goal; more where it is cheap. */
const KEYFRAME_PICTURES_PER_SEC = 40;
const DECODED_PICTURES_PER_SEC = 20;
const REVERSE_PICTURES_PER_SEC = 25;
/** Keyframes alone must give at least this many pictures per wall second to be used alone. */
const MIN_PICTURES_PER_SEC = 15;
/** A reverse stream decodes the file in pieces this long (s of the file) at −1×, longer faster. */
const REVERSE_CHUNK_SEC = 1.5;
const FIRST_REVERSE_CHUNK_SEC = 0.5;
/** A picture is never made taller than this, whatever the view asks. */
const MAX_HEIGHT = 1080;
const DEFAULT_HEIGHT = 540;

/** Decoders that can decode at a fraction of the size (`-lowres`): not H.264 or HEVC. */
const LOWRES_DECODERS = new Set(['mpeg4', 'mjpeg', 'h263', 'mpeg1video', 'mpeg2video', 'msmpeg4v2', 'msmpeg4v3', 'wmv1', 'wmv2']);

export interface Picking {
  /** Decode keyframes only (`-skip_frame nokey`): fast, one picture per GOP. */
  keyOnly: boolean;
  /** At least this many seconds of the file between two pictures; 0 = every frame. */
  spacingSec: number;
}

/**
 * What a stream at `speed` shows. Forward: keyframes alone where they come often enough at this
 * speed (a 2 s GOP at 32× gives 16 per wall second), else every frame decoded and one picked
 * every speed/20 s. Reverse: every frame decoded (a frame back must be exact); at −1× every
 * frame shown, faster one every |speed|/25 s.
 */
export function picking(speed: number, probe: MediaProbe): Picking {
  const v = probe.video;
  const fps = v?.fps && v.fps > 0 ? v.fps : 25;
  const kfi = v?.keyframeIntervalSec && v.keyframeIntervalSec > 0 ? v.keyframeIntervalSec : 2;
  const abs = Math.abs(speed);
  if (speed < 0) {
    const spacing = abs / REVERSE_PICTURES_PER_SEC;
    return { keyOnly: false, spacingSec: abs <= 1 || spacing <= 1 / fps ? 0 : spacing };
  }
  const keyOnly = abs / kfi >= MIN_PICTURES_PER_SEC;
  const spacing = abs / (keyOnly ? KEYFRAME_PICTURES_PER_SEC : DECODED_PICTURES_PER_SEC);
  return { keyOnly, spacingSec: spacing <= 1 / fps ? 0 : spacing };
}

/**
 * How long a piece of the file a reverse stream decodes at once, at `speed` (< 0): the first
 * piece short (its pictures come first, and a frame back needs two), later ones two wall seconds
 * long (fewer ffmpeg starts, each about 0.2 s here).
 */
export function reverseChunkSec(speed: number, first: boolean): number {
  return first ? FIRST_REVERSE_CHUNK_SEC : Math.max(REVERSE_CHUNK_SEC, 2 * Math.abs(speed));
}

/** The picture height: the view's (its device pixels), within 90–1080, never above the file's. */
export function pictureHeight(probe: MediaProbe, asked: number | undefined): number {
  const h = Math.max(90, Math.min(MAX_HEIGHT, asked ?? DEFAULT_HEIGHT));
  const src = probe.video?.height ?? h;
  return Math.min(h, src);
}

/** `-lowres` for a picture much smaller than the file, where the decoder can (1 = half, 2 = quarter). */
export function lowresFor(probe: MediaProbe, height: number): number {
  const v = probe.video;
  if (!v || !LOWRES_DECODERS.has(v.codec)) return 0;
  if (v.height >= 4 * height) return 2;
  return v.height >= 2 * height ? 1 : 0;
}

export interface FastArgsInput {
  input: string;
  probe: MediaProbe;
  /** Seconds on the file's timeline (0 = its first frame): the first picture is at or after it. */
  from: number;
  /** Pictures before this time only (a reverse stream's piece); none = to the end. */
  to?: number;
  pick: Picking;
  height: number;
  /**
   * A reverse stream's position: pictures are picked every spacing back from it, the same in
   * every piece (a piece's own start would shift them).
   */
  reverseFrom?: number;
}

/**
 * ffmpeg decoding a stretch into JPEGs on stdout, one `showinfo` line on stderr per picture
 * (its time). The file's own timestamps are kept (-copyts), so a picture's time is its frame's.
 */
export function fastStreamArgs({ input, probe, from, to, pick, height, reverseFrom }: FastArgsInput): string[] {
  const v = probe.video;
  if (!v) throw new Error('no video stream');
  const st = probe.startTime;
  const args = ['-nostats', '-v', 'info'];
  if (pick.keyOnly) args.push('-skip_frame', 'nokey');
  const lowres = lowresFor(probe, height);
  if (lowres) args.push('-lowres', String(lowres));
  // A fast seek to the keyframe at or before `from`: decoding starts there, trim drops what is before.
  args.push('-copyts', '-noaccurate_seek');
  const seek = seekTarget(probe, from);
  if (seek > 0) args.push('-ss', seek.toFixed(3));
  args.push(...inputArgs(input));
  const filters = [`trim=start=${(from + st).toFixed(4)}${to !== undefined ? `:end=${(to + st).toFixed(4)}` : ''}`];
  const frame = 1 / (v.fps && v.fps > 0 ? v.fps : 25);
  // Going back: one frame in each spacing before the position (the first just after each
  // multiple of it), so the frame at the position is always picked.
  if (pick.spacingSec > 0 && reverseFrom !== undefined) filters.push(`select='lt(mod(${(reverseFrom + st).toFixed(4)}-t+0.0005\\,${pick.spacingSec.toFixed(4)})\\,${(frame - 0.001).toFixed(4)})'`);
  else if (pick.spacingSec > 0) filters.push(`select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${(pick.spacingSec - 0.001).toFixed(4)})'`); // (frame times are not exact sums)
  if (v.fieldOrder && v.fieldOrder !== 'progressive') filters.push('yadif=mode=send_frame:deint=interlaced');
  filters.push(`scale=-2:'min(ih,${height})'`, 'format=yuvj420p', 'showinfo');
  args.push(
    '-map', `0:${v.index}`, '-an', '-sn', '-dn', '-vf', filters.join(','),
    '-fps_mode', 'passthrough', '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1',
  );
  return args;
}
