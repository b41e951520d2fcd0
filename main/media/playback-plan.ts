// How a viewer plays a file, decided from ffprobe's codecs and the viewer's own answers, never
// from a <video> error: Chromium silently plays only the audio of MPEG-4 Part 2 and HEVC.
import type { AudioStreamInfo, ClientCaps, MediaProbe, PlaybackPlan } from '../../contract/api.js';
import { CODEC_QUERIES as Q } from '../../contract/codec-caps.js';

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

type Container = 'mp4' | 'webm' | 'other';

/** Containers a browser opens as they are, judged by ffprobe's format and the extension. */
function containerOf(probe: MediaProbe, ext: string): Container {
  const e = ext.toLowerCase();
  if (probe.container.startsWith('mov,mp4') && (e === '.mp4' || e === '.m4v')) return 'mp4';
  if (probe.container.startsWith('matroska') && e === '.webm') return 'webm';
  return 'other';
}

const can = (caps: ClientCaps, q: string): boolean => caps[q] === true;

/** Why this video cannot be copied into fragmented MP4 for this viewer, or null if it can. */
function videoBlocker(probe: MediaProbe, caps: ClientCaps): string | null {
  const v = probe.video!;
  if (v.width * v.height > MAX_PIXELS) return `the picture (${v.width}×${v.height}) is larger than players decode`;
  switch (v.codec) {
    case 'h264': {
      const fmt = v.pixFmt ?? 'yuv420p';
      if (!/^yuvj?420p/.test(fmt)) return `H.264 with ${fmt} colour is not decoded by this player`;
      if ((v.bitDepth ?? 8) > 8) return can(caps, Q.h264High10) ? null : '10-bit H.264 is not decoded by this player';
      return can(caps, Q.h264) ? null : 'H.264 is not decoded by this player';
    }
    case 'hevc':
      return can(caps, Q.hevc) ? null : 'HEVC (H.265) video is not decoded by this player';
    case 'av1':
      return can(caps, Q.av1) ? null : 'AV1 video is not decoded by this player';
    case 'vp9':
      return can(caps, Q.vp9Mp4) ? null : 'VP9 video is not decoded by this player';
    default: {
      const name = LEGACY_VIDEO[v.codec] ?? `${v.codec} video`;
      return `${name} is not decoded by browsers`;
    }
  }
}

/** Whether a browser plays this audio inside the file's own container. */
function audioDirect(a: AudioStreamInfo, c: Container, caps: ClientCaps): boolean {
  if (c === 'mp4') return (a.codec === 'aac' && can(caps, Q.aac)) || (a.codec === 'mp3' && can(caps, Q.mp3Mp4));
  if (c === 'webm') return (a.codec === 'opus' && can(caps, Q.opus)) || (a.codec === 'vorbis' && can(caps, Q.vorbis));
  return false;
}

/** Whether this audio can be copied into fragmented MP4 for this viewer. */
function audioCopyable(a: AudioStreamInfo, caps: ClientCaps): boolean {
  switch (a.codec) {
    case 'aac': return can(caps, Q.aac);
    case 'mp3': return can(caps, Q.mp3Mp4);
    case 'opus': return can(caps, Q.opusMp4);
    case 'flac': return can(caps, Q.flacMp4);
    default: return false;
  }
}

const AUDIO_NAMES: Record<string, string> = {
  pcm_mulaw: 'G.711 μ-law', pcm_alaw: 'G.711 A-law', mp2: 'MPEG audio layer 2', wmav1: 'Windows Media Audio',
  wmav2: 'Windows Media Audio', adpcm_g726: 'G.726', ac3: 'Dolby AC-3',
};

export interface PlanOptions {
  /** The file's extension, with the dot. */
  ext: string;
  /** Which audio stream to play (ffprobe index); the first one by default. */
  audioStream?: number;
  /** Convert even where a copy would do: the player asks once a copy failed in it. */
  transcode?: boolean;
}

export function planPlayback(probe: MediaProbe, caps: ClientCaps, opts: PlanOptions): PlaybackPlan {
  const container = containerOf(probe, opts.ext);
  const a = probe.audio.find((s) => s.index === opts.audioStream) ?? probe.audio[0] ?? null;
  const reasons: string[] = [];
  let mode: PlaybackPlan['mode'];

  const blocker = probe.video ? videoBlocker(probe, caps) : null;
  if (blocker) {
    reasons.push(blocker);
    mode = 'transcode';
  } else if (opts.transcode) {
    mode = 'transcode';
  } else if (container !== 'other' && (!a || audioDirect(a, container, caps))) {
    mode = 'direct';
  } else {
    if (container === 'other') reasons.push(`the ${containerName(probe, opts.ext)} container is not opened by browsers`);
    mode = 'remux';
  }

  let audio: PlaybackPlan['audio'] = 'none';
  let audioReason: string | undefined;
  if (a) {
    if (mode === 'direct') audio = 'copy';
    // A conversion cuts the video at the exact start; copied audio would start at the keyframe
    // before it instead (seconds earlier: the jump after every seek in MPEG-4 + MP3 AVIs). Its
    // audio is decoded and cut at the same moment, which costs little beside the video.
    else if (mode === 'transcode') audio = 'aac';
    // AAC from MPEG-TS comes in ADTS frames: aac_adtstoasc learns the decoder config only from
    // the first packet, after an empty_moov init segment has gone out without it, and browsers
    // then refuse the stream ("stream parsing failed" in Chromium). So ADTS audio is converted.
    else if (audioCopyable(a, caps)) audio = a.codec === 'aac' && /\b(mpegts|aac|adts)\b/.test(probe.container) ? 'aac' : 'copy';
    else {
      audio = 'aac';
      audioReason = `${AUDIO_NAMES[a.codec] ?? a.codec} audio is converted to AAC`;
    }
  }
  if (mode === 'remux' && container !== 'other' && reasons.length === 0 && audioReason) reasons.push(audioReason);

  const plan: PlaybackPlan = {
    mode,
    videoReasons: reasons,
    audio,
    audioStream: a?.index ?? null,
    sourceStart: probe.startTime,
  };
  if (audioReason) plan.audioReason = audioReason;
  return plan;
}

function containerName(probe: MediaProbe, ext: string): string {
  const e = ext.replace(/^\./, '').toUpperCase();
  if (probe.container === 'avi') return 'AVI';
  if (probe.container === 'mpegts') return 'MPEG-TS';
  if (probe.container.startsWith('matroska')) return 'Matroska';
  if (probe.container.startsWith('mov,mp4')) return e === 'MOV' ? 'QuickTime' : e;
  return e || probe.container;
}
