// How the pixel pass decodes small (issue 31, part 1 "Exact"): keyframes only where they are at
// most 2 s apart, else 2 pictures a second; `-lowres` where the decoder has it; every picture
// scaled to 64 × 36 grey. Several files go into one ffmpeg, joined by `concat`, so a batch pays
// one start. Pure: the pass and the tests both read these arguments.
import { inputArgs } from '../input-args.js';
import { PICTURE_HEIGHT, PICTURE_WIDTH } from './cell-grid.js';

export interface PixelInput {
  /** The URL `inputUrls` gave for the open file. */
  url: string;
  /** ffprobe's codec name (mpeg4, h264, mjpeg…). */
  codec: string;
  width: number;
  /** Seconds between keyframes (from the frame index or the probe); null when unknown. */
  keyframeIntervalSec: number | null;
  /** Every frame a keyframe (MJPEG and other intra-only files). */
  intraOnly: boolean;
  /** Settings' hardware decoding is on: let ffmpeg use the GPU's decoder where it has one. */
  hwaccel?: boolean;
}

/** Keyframes further apart than this are too sparse to follow a person walking through. */
export const MAX_KEYFRAME_GAP_SEC = 2;
/** Pictures a second when keyframes are sparse, and at most for intra-only files. */
export const SAMPLE_FPS = 2;
/** Decoders that can decode at 1/2, 1/4, 1/8 size (measured: about 1.6× faster at `-lowres 2`). */
const LOWRES_DECODERS = new Set(['mpeg4', 'msmpeg4v3', 'h263', 'mjpeg', 'mpeg1video', 'mpeg2video']);
/** Keep at least this many columns before the scale, so the 64-wide picture is not upscaled mush. */
const MIN_DECODED_WIDTH = 2 * PICTURE_WIDTH;

export interface Sampling {
  keyframesOnly: boolean;
  /** Pictures a second kept after decoding; null: every decoded one (the keyframes). */
  fps: number | null;
  lowres: number;
}

export function samplingOf(input: Omit<PixelInput, 'url'>): Sampling {
  const gap = input.keyframeIntervalSec;
  const keyframesOnly = !input.intraOnly && gap !== null && gap <= MAX_KEYFRAME_GAP_SEC;
  let lowres = 0;
  if (LOWRES_DECODERS.has(input.codec)) while (lowres < 3 && input.width >> (lowres + 1) >= MIN_DECODED_WIDTH) lowres++;
  return { keyframesOnly, fps: keyframesOnly ? null : SAMPLE_FPS, lowres };
}

/** The label of input k's picture-time lines in ffmpeg's log (one `showinfo` per input). */
export const showinfoName = (k: number): string => `showinfo@in${k}`;

export function pixelPassArgs(inputs: readonly PixelInput[]): string[] {
  const args = ['-v', 'info', '-nostats'];
  const chains: string[] = [];
  inputs.forEach((input, k) => {
    const s = samplingOf(input);
    if (input.hwaccel) args.push('-hwaccel', 'auto');
    args.push('-threads', '1');
    if (s.keyframesOnly) args.push('-skip_frame', 'nokey');
    if (s.lowres) args.push('-lowres', String(s.lowres));
    args.push(...inputArgs(input.url));
    const fps = s.fps ? `fps=${s.fps},` : '';
    chains.push(`[${k}:v:0]${fps}scale=${PICTURE_WIDTH}:${PICTURE_HEIGHT}:flags=area,format=gray,setsar=1,${showinfoName(k)}[p${k}]`);
  });
  const joined = inputs.map((_, k) => `[p${k}]`).join('');
  const graph = `${chains.join(';')};${joined}concat=n=${inputs.length}:v=1:a=0[out]`;
  return [...args, '-filter_complex', graph, '-map', '[out]', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'];
}

/** `[showinfo@in3 @ 0x…] n: 12 pts: 24000 pts_time:24 …` → [3, 24]; null for other lines. */
export function parseShowinfo(line: string): [input: number, ptsTime: number] | null {
  const m = /\[showinfo@in(\d+) @ [^\]]*\] n:\s*\d+ pts:\s*-?\d+\s+pts_time:(-?[\d.e+-]+)/.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : null;
}
