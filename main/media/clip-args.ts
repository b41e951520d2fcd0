// ffmpeg arguments for a clip: a stretch of one recording, or of several recordings of one camera
// joined into one file. Two modes: fast copies the streams (from the keyframe at or before the
// in point) and exact converts to H.264 + AAC, frame-accurate. Pure, so every choice is tested
// by table; clip-export.ts (files) and clip-stream.ts (LAN downloads) run them.
import type { ClipCrop, MediaProbe } from '../../contract/api.js';
import { inputArgs } from './input-args.js';

/** One recording's part of a clip: seconds on the file's own timeline (0 = its first frame). */
export interface ClipPart {
  /** The input URL (`inputUrls`), or the path of a concat script's entry. */
  url: string;
  probe: MediaProbe;
  from: number;
  to: number;
  /** A fast clip: the keyframe at or before `from` (keyframes.ts), where a copy really starts. */
  keyframe?: number;
}

/** Containers whose seek lands only near a time (no index, or a sparse one). */
const IMPRECISE_SEEK = /^(mpegts|mpeg|mpegvideo|asf)$/;

export type ClipContainer = 'mp4' | 'mkv';

/** What MP4 holds when copied; anything else goes into Matroska, which holds everything. */
const MP4_VIDEO = new Set(['h264', 'hevc', 'mpeg4', 'mpeg2video', 'mpeg1video', 'av1', 'vp9', 'mjpeg']);
const MP4_AUDIO = new Set(['aac', 'mp3', 'mp2', 'ac3', 'eac3', 'opus', 'alac']);

/** The container a copy goes into: MP4 where the codecs allow, else MKV. An exact clip is always MP4. */
export function clipContainer(probe: MediaProbe, exact: boolean): ClipContainer {
  if (exact) return 'mp4';
  const v = probe.video;
  const a = probe.audio[0];
  return (!v || MP4_VIDEO.has(v.codec)) && (!a || MP4_AUDIO.has(a.codec)) ? 'mp4' : 'mkv';
}

/** Legacy codecs are exported exactly by default (a copy would keep a file few players open). */
export function exactByDefault(probe: MediaProbe): boolean {
  const v = probe.video?.codec;
  return !!v && !['h264', 'hevc', 'av1', 'vp9'].includes(v);
}

/** Whether recordings can be copied into one file: the same codecs and picture, the same audio. */
export function joinable(probes: readonly MediaProbe[]): boolean {
  const key = (p: MediaProbe) => JSON.stringify([
    p.video?.codec, p.video?.width, p.video?.height, p.video?.pixFmt, p.audio[0]?.codec, p.audio[0]?.sampleRate, p.audio[0]?.channels,
  ]);
  return probes.every((p) => key(p) === key(probes[0]!));
}

export interface ClipArgsInput {
  parts: readonly ClipPart[];
  exact: boolean;
  /** An exact clip of one recording: only this part of the picture. */
  crop?: ClipCrop;
  container: ClipContainer;
  /** A file path, or 'pipe:1' for a download (then fragmented, so it streams). */
  out: string;
  /** For a fast clip of several recordings: the concat script's URL (ffconcat in the data folder). */
  concatScript?: string;
  /** Each part's overlay filter chain (overlay-filter.ts), for an exact clip: drawn before anything else. */
  overlay?: readonly string[];
  /** A fast clip's timecode subtitles (an SRT file in the work folder, timecode-srt.ts): mov_text in MP4, SRT in MKV. */
  timecode?: string;
  /** A timelapse at this many times real speed (exact only): frames picked at that spacing, no audio. */
  timelapse?: number;
}

/** Frames per second of a timelapse. */
export const TIMELAPSE_FPS = 25;

/**
 * A timelapse's frame pick: one frame per `speed / 25` s of source (the nearest), then numbered
 * at 25 per second. Keyframes alone are decoded (-skip_frame nokey) when they come at least that
 * often: a day at 720× needs a frame each 28.8 s, and decoding the rest would be wasted.
 */
export function timelapseFilter(speed: number): string {
  return `fps=${TIMELAPSE_FPS}/${speed},settb=1/${TIMELAPSE_FPS},setpts=N`;
}

/** Whether a timelapse at `speed` can be made from keyframes only. */
export function timelapseFromKeyframes(probe: MediaProbe, speed: number): boolean {
  const gop = probe.video?.keyframeIntervalSec;
  return !!gop && gop <= speed / TIMELAPSE_FPS;
}

/** Adds the timecode subtitles as one more input (our own file, after the recordings) and maps them. */
function withTimecode(args: string[], srt: string, container: ClipContainer): string[] {
  const afterInputs = args.lastIndexOf('-i') + 2;
  const inputs = args.filter((a) => a === '-i').length;
  const outputAt = container === 'mp4' ? args.lastIndexOf('-movflags') : args.lastIndexOf('-f');
  return [
    ...args.slice(0, afterInputs), '-f', 'srt', '-i', srt,
    ...args.slice(afterInputs, outputAt).filter((a) => a !== '-sn'),
    '-map', `${inputs}:0`, '-c:s', container === 'mp4' ? 'mov_text' : 'srt', '-metadata:s:s:0', 'title=Date and time',
    ...args.slice(outputAt),
  ];
}

const seconds = (t: number) => Math.max(0, t).toFixed(3);

/** The ffconcat script of a fast clip of several recordings: each entry one checked file, cut to its part. */
export function concatScript(parts: readonly ClipPart[]): string {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  return ['ffconcat version 1.0', ...parts.flatMap((p) => [
    `file ${quote(p.url)}`, ...(p.from > 0 ? [`inpoint ${seconds(p.from)}`] : []), `outpoint ${seconds(p.to)}`,
  ])].join('\n') + '\n';
}

function outputArgs(container: ClipContainer, out: string): string[] {
  const stream = out === 'pipe:1';
  if (container === 'mkv') return ['-f', 'matroska', out];
  return ['-movflags', stream ? 'frag_keyframe+empty_moov+default_base_moof' : '+faststart', '-f', 'mp4', out];
}

const EXACT_VIDEO = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-profile:v', 'high', '-pix_fmt', 'yuv420p'];
const EXACT_AUDIO = ['-c:a', 'aac', '-b:a', '160k', '-ac', '2', '-ar', '48000'];

/** ffmpeg's crop of a part of the picture (fractions), in whole even pixels as H.264 wants them. */
export function cropFilter(c: ClipCrop): string {
  const f = (n: number): string => String(Math.round(n * 1e6) / 1e6);
  return `crop=w=trunc(iw*${f(c.w)}/2)*2:h=trunc(ih*${f(c.h)}/2)*2:x=trunc(iw*${f(c.x)}):y=trunc(ih*${f(c.y)})`;
}

export function clipArgs(input: ClipArgsInput): string[] {
  const args = baseClipArgs(input);
  if (!input.timecode || input.exact) return args;
  return withTimecode(args, input.timecode, input.container);
}

function baseClipArgs({ parts, exact, container, out, concatScript: script, crop, overlay, timelapse }: ClipArgsInput): string[] {
  if (timelapse) return timelapseArgs({ parts, out, overlay, speed: timelapse });
  const args = ['-v', 'error', '-progress', 'pipe:2', '-nostats', '-y'];
  const first = parts[0]!;
  const hasAudio = parts.every((p) => p.probe.audio.length > 0);
  if (parts.length === 1) {
    const p = first;
    const start = p.from + p.probe.startTime;
    const maps = ['-map', `0:${p.probe.video?.index ?? 'v:0'}`, ...(hasAudio ? ['-map', `0:${p.probe.audio[0]!.index}`] : []), '-sn', '-dn'];
    if (!exact && p.from > 0 && IMPRECISE_SEEK.test(p.probe.container)) {
      // The seek may land past the keyframe here: land a keyframe interval early, keep the
      // file's own times, and cut at the keyframe (less two frames: its decoding time comes
      // first), so the copy starts exactly there; the out point likewise. make_zero then
      // moves the first packet to 0.
      const k = (p.keyframe ?? p.from) + p.probe.startTime;
      const gop = p.probe.video?.keyframeIntervalSec ?? 2;
      const frame = 1 / (p.probe.video?.fps || 25);
      args.push('-copyts', '-ss', seconds(k - gop - 0.5), ...inputArgs(p.url), '-ss', seconds(k - 2 * frame), '-to', seconds(p.to + p.probe.startTime));
      args.push(...maps, '-c', 'copy', '-avoid_negative_ts', 'make_zero');
      return [...args, ...outputArgs(container, out)];
    }
    // -ss before -i: a copy starts at the keyframe at or before it (those packets keep times
    // before the in point); a conversion decodes up to the exact frame. -t, counted from the in
    // point, then ends it at the out point either way.
    if (p.from > 0) args.push('-ss', seconds(start));
    args.push(...inputArgs(p.url), '-t', seconds(p.to - p.from), ...maps);
    if (exact) {
      const filters = [
        ...(p.probe.video?.fieldOrder && p.probe.video.fieldOrder !== 'progressive' ? ['yadif=mode=send_frame:deint=interlaced'] : []),
        ...(crop ? [cropFilter(crop)] : []),
        ...(overlay?.[0] ? [overlay[0]] : []),
      ];
      args.push(...(filters.length ? ['-vf', filters.join(',')] : []), ...EXACT_VIDEO, ...(hasAudio ? EXACT_AUDIO : []));
    } else {
      args.push('-c', 'copy', '-avoid_negative_ts', 'make_zero');
    }
    return [...args, ...outputArgs(container, out)];
  }
  if (!exact) {
    // Several recordings copied into one: the concat demuxer reads the script, and only the
    // script (in the data folder, listing files that passed the containment check).
    if (!script) throw new Error('a fast clip of several recordings needs its concat script');
    args.push('-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', script);
    args.push('-map', '0:v:0', ...(hasAudio ? ['-map', '0:a:0'] : []), '-c', 'copy', '-avoid_negative_ts', 'make_zero');
    return [...args, ...outputArgs(container, out)];
  }
  // Several recordings converted into one: each input cut to its part, scaled to the first's
  // picture, then joined by the concat filter.
  const w = first.probe.video?.width ?? 1280, h = first.probe.video?.height ?? 720;
  const fps = first.probe.video?.fps && first.probe.video.fps <= 120 ? first.probe.video.fps : 25;
  const chains: string[] = [];
  const joined: string[] = [];
  parts.forEach((p, i) => {
    if (p.from > 0) args.push('-ss', seconds(p.from + p.probe.startTime));
    args.push('-t', seconds(p.to - p.from), ...inputArgs(p.url));
    chains.push(`[${i}:v:0]${overlay?.[i] ? `${overlay[i]},` : ''}scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${i}]`);
    if (hasAudio) chains.push(`[${i}:a:0]aresample=48000,aformat=channel_layouts=stereo[a${i}]`);
    joined.push(`[v${i}]`, ...(hasAudio ? [`[a${i}]`] : []));
  });
  const graph = `${chains.join(';')};${joined.join('')}concat=n=${parts.length}:v=1:a=${hasAudio ? 1 : 0}[v]${hasAudio ? '[a]' : ''}`;
  args.push('-filter_complex', graph, '-map', '[v]', ...(hasAudio ? ['-map', '[a]'] : []), ...EXACT_VIDEO, ...(hasAudio ? EXACT_AUDIO : []));
  return [...args, ...outputArgs(container, out)];
}

/**
 * A timelapse of one or more recordings: each part's frames picked (and overlaid with their own
 * time first, so the text is the source's), scaled to the first's picture and joined. No audio.
 */
function timelapseArgs(o: { parts: readonly ClipPart[]; out: string; overlay?: readonly string[] | undefined; speed: number }): string[] {
  const { parts, out, overlay, speed } = o;
  const args = ['-v', 'error', '-progress', 'pipe:2', '-nostats', '-y'];
  const first = parts[0]!;
  const w = first.probe.video?.width ?? 1280, h = first.probe.video?.height ?? 720;
  const chains: string[] = [];
  parts.forEach((p, i) => {
    if (timelapseFromKeyframes(p.probe, speed)) args.push('-skip_frame', 'nokey');
    if (p.from > 0) args.push('-ss', seconds(p.from + p.probe.startTime));
    args.push('-t', seconds(p.to - p.from), ...inputArgs(p.url));
    const pre = overlay?.[i] ? `${overlay[i]},` : '';
    const fit = parts.length > 1 ? `,scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1` : '';
    chains.push(`[${i}:v:0]${pre}${timelapseFilter(speed)}${fit},format=yuv420p[v${i}]`);
  });
  const graph = parts.length > 1 ? `${chains.join(';')};${parts.map((_, i) => `[v${i}]`).join('')}concat=n=${parts.length}:v=1:a=0[v]` : chains[0]!.replace(/\[v0\]$/, '[v]');
  args.push('-filter_complex', graph, '-map', '[v]', '-an', '-r', String(TIMELAPSE_FPS), ...EXACT_VIDEO);
  return [...args, ...outputArgs('mp4', out)];
}
