// ffprobe one file: one child, JSON out, 10 s timeout. The first 400 packets come along so the
// keyframe interval can be estimated without a second run (demuxing only, nothing decoded).
import path from 'node:path';
import type { AudioStreamInfo, MediaProbe, MediaSummary, VideoStreamInfo } from '../../contract/api.js';
import { NOT_A_VIDEO } from '../library/naming.mjs';
import { openContained, type ContainedFile } from './contained-file.js';
import { firstMeaningfulLine, runMedia } from './ffmpeg.js';
import { inputArgs, inputUrls } from './input-args.js';
import { MediaError } from './media-error.js';

export const PROBE_TIMEOUT_MS = 10_000;
const PACKETS = 400;

export class ProbeError extends Error {
  /** refused: never to be opened (outside its library folder, or a playlist, not a video). */
  constructor(message: string, readonly kind: 'unreadable' | 'timeout' | 'empty' | 'missing' | 'interrupted' | 'refused' | 'not-answering') {
    super(message);
  }
}

/** The ffprobe arguments for an input URL (the bench runs the very same command bare). */
export function probeArgs(url: string): string[] {
  return [
    '-v', 'error', '-of', 'json', '-show_format', '-show_streams',
    '-show_entries', 'packet=stream_index,pts_time,flags', '-read_intervals', `%+#${PACKETS}`,
    ...inputArgs(url),
  ];
}

/** ffprobe's words when the format list refused a demuxer (a playlist named like a video). */
export const NOT_ON_WHITELIST = /not on whitelist/i;

export interface ProbeOptions {
  /** The library folder the file must resolve inside (default: its own folder). */
  root?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  priority?: 'background' | 'interactive';
}

/** Probe a library file: opened and checked (contained-file.ts), then read by ffprobe. */
export async function probeFile(file: string, opts: ProbeOptions = {}): Promise<MediaProbe> {
  let opened: ContainedFile;
  try {
    opened = await openContained(opts.root ?? path.dirname(file), file);
  } catch (err) {
    if (err instanceof MediaError && err.code === 'refused') throw new ProbeError(err.message, 'refused');
    if (err instanceof MediaError && err.code === 'not-answering') throw new ProbeError(err.message, 'not-answering');
    throw new ProbeError('file no longer exists', 'missing');
  }
  try {
    return await probeOpened(opened, opts);
  } finally {
    await opened.close();
  }
}

async function probeOpened(opened: ContainedFile, opts: ProbeOptions): Promise<MediaProbe> {
  if (opened.size === 0) throw new ProbeError('file is empty (0 bytes)', 'empty');
  const r = await runMedia('ffprobe', probeArgs(inputUrls([opened])[0]!), {
    timeoutMs: opts.timeoutMs ?? PROBE_TIMEOUT_MS,
    priority: opts.priority ?? 'interactive',
    inputs: [opened],
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (r.timedOut) throw new ProbeError(`ffprobe did not answer within ${Math.round((opts.timeoutMs ?? PROBE_TIMEOUT_MS) / 1000)} s`, 'timeout');
  opts.signal?.throwIfAborted();
  // Killed from outside (shutdown, the OOM killer): says nothing about the file.
  if (r.signal) throw new ProbeError(`ffprobe was stopped (${r.signal}) before it finished`, 'interrupted');
  let json: FfprobeJson | null = null;
  try {
    json = JSON.parse(r.stdout.toString('utf8')) as FfprobeJson;
  } catch {
    /* reported below */
  }
  if (r.code !== 0 && NOT_ON_WHITELIST.test(r.stderr)) throw new ProbeError(NOT_A_VIDEO, 'refused');
  if (r.code !== 0 || !json?.format || !json.streams?.length) {
    const why = firstMeaningfulLine(r.stderr) || 'no audio or video streams found';
    throw new ProbeError(`not a playable video: ${why.replace(/^.*?: (?=Invalid data)/, '')}`, 'unreadable');
  }
  return parseProbe(json);
}

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  codec_tag_string?: string;
  pix_fmt?: string;
  bits_per_raw_sample?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  field_order?: string;
  channels?: number;
  sample_rate?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
  disposition?: { attached_pic?: number };
}

export interface FfprobeJson {
  format?: { format_name?: string; start_time?: string; duration?: string; bit_rate?: string; tags?: Record<string, string> };
  streams?: FfprobeStream[];
  packets?: Array<{ stream_index: number; pts_time?: string; flags?: string }>;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s === 'N/A') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

function rate(s: string | undefined): number | null {
  if (!s) return null;
  const [a, b] = s.split('/').map(Number) as [number, number | undefined];
  const v = b === undefined ? a : b === 0 ? NaN : a / b;
  return Number.isFinite(v) && v > 0 ? Math.round(v * 1000) / 1000 : null;
}

function rotationOf(s: FfprobeStream): 0 | 90 | 180 | 270 {
  const side = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  // The display matrix gives counter-clockwise degrees; the old "rotate" tag clockwise ones.
  const cw = side !== undefined ? -side : Number(s.tags?.rotate ?? 0);
  const r = (((Math.round(cw / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

function bitDepth(s: FfprobeStream): number | null {
  const raw = num(s.bits_per_raw_sample);
  if (raw) return raw;
  const m = /p(\d{2})(le|be)$/.exec(s.pix_fmt ?? '');
  return m ? Number(m[1]) : s.pix_fmt ? 8 : null;
}

function keyframeInterval(json: FfprobeJson, index: number): number | null {
  const times = (json.packets ?? [])
    .filter((p) => p.stream_index === index && p.flags?.startsWith('K'))
    .map((p) => num(p.pts_time))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  if (times.length < 2) return null;
  return Math.round(((times.at(-1)! - times[0]!) / (times.length - 1)) * 1000) / 1000;
}

/** ffprobe's JSON to our shape. Pure, so it is tested on real output and on odd cases alike. */
export function parseProbe(json: FfprobeJson): MediaProbe {
  const streams = json.streams ?? [];
  // Cover art is a "video" stream of one picture; it is not the video.
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const video: VideoStreamInfo | null = v ? {
    index: v.index,
    codec: v.codec_name ?? 'unknown',
    profile: v.profile ?? null,
    codecTag: v.codec_tag_string && !v.codec_tag_string.startsWith('[') ? v.codec_tag_string : null,
    pixFmt: v.pix_fmt ?? null,
    bitDepth: bitDepth(v),
    width: v.width ?? 0,
    height: v.height ?? 0,
    fps: rate(v.avg_frame_rate) ?? rate(v.r_frame_rate),
    rotation: rotationOf(v),
    fieldOrder: v.field_order && v.field_order !== 'unknown' ? v.field_order : null,
    keyframeIntervalSec: keyframeInterval(json, v.index),
  } : null;
  const audio: AudioStreamInfo[] = streams.filter((s) => s.codec_type === 'audio').map((s) => ({
    index: s.index,
    codec: s.codec_name ?? 'unknown',
    channels: s.channels ?? 0,
    sampleRate: num(s.sample_rate) ?? 0,
    language: s.tags?.language && s.tags.language !== 'und' ? s.tags.language : null,
  }));
  return {
    container: json.format?.format_name ?? 'unknown',
    startTime: num(json.format?.start_time) ?? 0,
    durationSec: num(json.format?.duration),
    bitRate: num(json.format?.bit_rate),
    video,
    audio,
    createdAt: creationTime(json),
  };
}

/** The container's creation_time (ISO 8601, UTC in MP4 and Matroska), or null. */
function creationTime(json: FfprobeJson): number | null {
  const s = json.format?.tags?.creation_time;
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : null;
}

export function summarize(p: MediaProbe): MediaSummary {
  const turned = p.video && (p.video.rotation === 90 || p.video.rotation === 270);
  return {
    durationSec: p.durationSec,
    videoCodec: p.video?.codec ?? null,
    width: p.video ? (turned ? p.video.height : p.video.width) : null,
    height: p.video ? (turned ? p.video.width : p.video.height) : null,
    audioCodecs: p.audio.map((a) => a.codec),
    createdAt: p.createdAt,
  };
}
