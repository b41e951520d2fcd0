// ffmpeg arguments for thumbnails: the keyframe path measured in ../shared/MEASURED.md. Only
// keyframes are decoded (-skip_frame nokey), one thread, one bilinear scale, and -lowres where
// the decoder supports it and the picture is much larger than the tile. Pure, so tested alone.
import { inputArgs } from './input-args.js';

export type ThumbFormat = 'jpeg' | 'webp';

export interface ThumbSpec {
  width: number;
  height: number;
  /** Seconds into the file; the first frame when the file is shorter or no keyframe follows. */
  time: number;
  format: ThumbFormat;
}

export const THUMB_MIN = 32;
export const THUMB_MAX = 1280;
export const DEFAULT_THUMB: ThumbSpec = { width: 320, height: 180, time: 1, format: 'jpeg' };

/** Sizes outside 32–1280 px are clamped, not refused: a tile asks for what it needs. */
export function normalizeSpec(s: Partial<ThumbSpec>): ThumbSpec {
  const clamp = (v: number | undefined, d: number) => Math.min(THUMB_MAX, Math.max(THUMB_MIN, Math.round(Number.isFinite(v) ? v! : d)));
  const time = Number.isFinite(s.time) && s.time! >= 0 ? Math.min(s.time!, 86_400 * 7) : DEFAULT_THUMB.time;
  return {
    width: clamp(s.width, DEFAULT_THUMB.width),
    height: clamp(s.height, DEFAULT_THUMB.height),
    time: Math.round(time * 1000) / 1000,
    format: s.format === 'webp' ? 'webp' : 'jpeg',
  };
}

/** Decoders that can decode at 1/2, 1/4, 1/8 size (ffmpeg's max_lowres > 0). */
const LOWRES_CODECS = new Set(['mpeg4', 'mjpeg', 'h263', 'msmpeg4v2', 'msmpeg4v3', 'wmv1', 'wmv2', 'mpeg1video', 'mpeg2video']);

/**
 * The lowres level: how many times the source halves and still covers the tile. Unknown
 * sources (not probed yet) get none: a wrong guess would blur a large thumbnail.
 */
export function lowresFor(codec: string | null | undefined, srcWidth: number | null | undefined, spec: ThumbSpec): number {
  if (!codec || !LOWRES_CODECS.has(codec) || !srcWidth) return 0;
  let level = 0;
  while (level < 3 && srcWidth / 2 ** (level + 1) >= spec.width) level++;
  return level;
}

export interface ThumbInput {
  /** The input's URL, from `inputUrls` (ffmpeg.ts). */
  url: string;
  lowres: number;
  /** Seek to spec.time (true) or take the first frame (false). */
  seek: boolean;
}

function inputOptions(inp: ThumbInput, spec: ThumbSpec): string[] {
  return [
    '-skip_frame', 'nokey', '-threads', '1',
    ...(inp.lowres > 0 ? ['-lowres', String(inp.lowres)] : []),
    ...(inp.seek && spec.time > 0 ? ['-ss', String(spec.time)] : []),
    // Cheap opening: enough to find the first video frame of a camera file.
    '-probesize', '1M', '-analyzeduration', '1M',
    ...inputArgs(inp.url),
  ];
}

function outputOptions(spec: ThumbSpec, map: string, out: string): string[] {
  // area averaging for big reductions stays sharp without aliasing; bilinear is as good nearer 1:1.
  const scale = `scale=w=${spec.width}:h=${spec.height}:force_original_aspect_ratio=decrease:flags=bilinear`;
  const codec = spec.format === 'webp' ? ['-c:v', 'libwebp', '-quality', '75'] : ['-c:v', 'mjpeg', '-q:v', '4'];
  return ['-map', map, '-an', '-sn', '-dn', '-frames:v', '1', '-vf', scale, ...codec, '-f', 'image2', '-update', '1', '-y', out];
}

/**
 * One ffmpeg making one thumbnail per input (several inputs batch away the start-up cost).
 * Maps are not optional ("?"): ffmpeg 5 fills an output whose optional map matches nothing
 * with the best stream of any input, which would give an audio-only file its neighbour's picture.
 */
export function thumbnailArgs(inputs: readonly ThumbInput[], spec: ThumbSpec, outs: readonly string[]): string[] {
  if (inputs.length !== outs.length || inputs.length === 0) throw new Error('one output per input');
  const args = ['-v', 'error'];
  for (const inp of inputs) args.push(...inputOptions(inp, spec));
  inputs.forEach((_, k) => args.push(...outputOptions(spec, `${k}:v:0`, outs[k]!)));
  return args;
}
