// How a viewer plays a file: as it is (direct), copied into fragmented MP4 (remux) or converted
// (transcode). The one decision, pure: main plans each playback with it from the full probe, and
// a tile's badge shows it from the index's summary of the same file. Decided from the codecs and
// the viewer's own answers (codec-caps.ts), never from a <video> error: Chromium silently plays
// only the audio of MPEG-4 Part 2 and HEVC.
import type { ClientCaps, MediaSummary, PlaybackMode } from './api.js';
import { CODEC_QUERIES as Q, decodes, type PlayedBy } from './codec-caps.js';

/** What the decision needs to know of a file. */
export interface PlayFacts {
  /** The file's extension, with the dot. */
  ext: string;
  /** ffprobe's format name; null where only the extension is known (a tile's summary). */
  container: string | null;
  /** Unknown pixel format and depth are taken as the usual 8-bit 4:2:0. */
  video: { codec: string; width: number; height: number; pixFmt?: string | null; bitDepth?: number | null } | null;
  /** The codec of the audio stream that plays, or null when there is none. */
  audio: string | null;
}

/** Larger pictures than this are scaled down by a transcode (decoders stall above 8K). */
const MAX_PIXELS = 8192 * 4352;

const LEGACY_VIDEO: Record<string, string> = {
  mpeg4: 'MPEG-4 Part 2 (Xvid/DivX)',
  msmpeg4v1: 'Microsoft MPEG-4 v1',
  msmpeg4v2: 'Microsoft MPEG-4 v2',
  msmpeg4v3: 'Microsoft MPEG-4 v3 (DivX 3)',
  mjpeg: 'Motion JPEG',
  mpeg1video: 'MPEG-1',
  mpeg2video: 'MPEG-2',
  h263: 'H.263',
  h263p: 'H.263+',
  wmv1: 'Windows Media Video 7',
  wmv2: 'Windows Media Video 8',
  wmv3: 'Windows Media Video 9',
  vc1: 'VC-1',
  flv1: 'Sorenson Spark (FLV)',
  hevc: 'HEVC (H.265)',
};

export type BrowserContainer = 'mp4' | 'webm' | 'other';

/**
 * Containers a browser opens as they are: MP4 named .mp4 or .m4v, WebM named .webm (by ffprobe's
 * format where it is known). Anything else, QuickTime's .mov included, is copied into MP4.
 */
export function containerOf(f: Pick<PlayFacts, 'ext' | 'container'>): BrowserContainer {
  const e = f.ext.toLowerCase();
  const isMp4 = f.container === null || f.container.startsWith('mov,mp4');
  const isMatroska = f.container === null || f.container.startsWith('matroska');
  if (isMp4 && (e === '.mp4' || e === '.m4v')) return 'mp4';
  if (isMatroska && e === '.webm') return 'webm';
  return 'other';
}

/** Why this video cannot be decoded by this viewer played that way, or null if it can. */
export function videoBlocker(v: NonNullable<PlayFacts['video']>, caps: ClientCaps, by: PlayedBy = 'mse'): string | null {
  const can = (q: string): boolean => decodes(caps, q, by);
  if (v.width * v.height > MAX_PIXELS) return `the picture (${v.width}×${v.height}) is larger than players decode`;
  switch (v.codec) {
    case 'h264': {
      const fmt = v.pixFmt ?? 'yuv420p';
      if (!/^yuvj?420p/.test(fmt)) return `H.264 with ${fmt} colour is not decoded by this player`;
      if ((v.bitDepth ?? 8) > 8) return can(Q.h264High10) ? null : '10-bit H.264 is not decoded by this player';
      return can(Q.h264) ? null : 'H.264 is not decoded by this player';
    }
    case 'hevc':
      return can(Q.hevc) ? null : 'HEVC (H.265) video is not decoded by this player';
    case 'av1':
      return can(Q.av1) ? null : 'AV1 video is not decoded by this player';
    case 'vp9':
      return can(Q.vp9Mp4) ? null : 'VP9 video is not decoded by this player';
    default: {
      const name = LEGACY_VIDEO[v.codec] ?? `${v.codec} video`;
      return `${name} is not decoded by browsers`;
    }
  }
}

/** Whether a browser plays this audio inside the file's own container, as a file (canPlayType). */
export function audioDirect(codec: string, c: BrowserContainer, caps: ClientCaps): boolean {
  const can = (q: string): boolean => decodes(caps, q, 'file');
  if (c === 'mp4') return (codec === 'aac' && can(Q.aac)) || (codec === 'mp3' && can(Q.mp3Mp4));
  if (c === 'webm') return (codec === 'opus' && can(Q.opus)) || (codec === 'vorbis' && can(Q.vorbis));
  return false;
}

/** Whether this audio can be copied into fragmented MP4 fed to this viewer's MediaSource. */
export function audioCopyable(codec: string, caps: ClientCaps): boolean {
  const can = (q: string): boolean => decodes(caps, q, 'mse');
  switch (codec) {
    case 'aac': return can(Q.aac);
    case 'mp3': return can(Q.mp3Mp4);
    case 'opus': return can(Q.opusMp4);
    case 'flac': return can(Q.flacMp4);
    default: return false;
  }
}

export interface ModeDecision {
  mode: PlaybackMode;
  /** Why the video is converted, in words; empty otherwise. */
  blocker: string | null;
  container: BrowserContainer;
}

/** The mode; `transcode` converts even where a copy would do (the player asks once a copy failed in it). */
export function decideMode(f: PlayFacts, caps: ClientCaps, transcode = false): ModeDecision {
  const container = containerOf(f);
  const blocker = f.video ? videoBlocker(f.video, caps, 'mse') : null;
  if (blocker) return { mode: 'transcode', blocker, container };
  if (transcode) return { mode: 'transcode', blocker: null, container };
  const fileVideo = !f.video || videoBlocker(f.video, caps, 'file') === null;
  if (container !== 'other' && fileVideo && (!f.audio || audioDirect(f.audio, container, caps))) return { mode: 'direct', blocker: null, container };
  return { mode: 'remux', blocker: null, container };
}

/**
 * What the decision reads of the index's summary (a tile). The summary has no pixel format and no
 * format name, so 10-bit or 4:2:2 H.264, or a file whose extension belies its format, reads as
 * the usual case here until the player asks for the plan made from the full probe.
 */
export function summaryFacts(filename: string, m: MediaSummary): PlayFacts {
  const dot = filename.lastIndexOf('.');
  return {
    ext: dot >= 0 ? filename.slice(dot) : '',
    container: null,
    video: m.videoCodec ? { codec: m.videoCodec, width: m.width ?? 0, height: m.height ?? 0 } : null,
    audio: m.audioCodecs[0] ?? null,
  };
}
