// A viewer's whole plan for a file: the mode (contract/playback-decision.ts, the one decision a
// tile's badge shows too), what happens to the audio, and why, in words.
import type { ClientCaps, MediaProbe, PlaybackPlan } from '../../contract/api.js';
import { audioCopyable, decideMode, type PlayFacts } from '../../contract/playback-decision.js';

const AUDIO_NAMES: Record<string, string> = {
  pcm_mulaw: 'G.711 μ-law', pcm_alaw: 'G.711 A-law', mp2: 'MPEG audio layer 2', wmav1: 'Windows Media Audio',
  wmav2: 'Windows Media Audio', adpcm_g726: 'G.726', ac3: 'Dolby AC-3', mp3: 'MP3',
};

export interface PlanOptions {
  /** The file's extension, with the dot. */
  ext: string;
  /** Which audio stream to play (ffprobe index); the first one by default. */
  audioStream?: number;
  /** Convert even where a copy would do: the player asks once a copy failed in it. */
  transcode?: boolean;
}

/** What the decision reads of a full probe (a tile reads the same of the index's summary). */
export function probeFacts(probe: MediaProbe, ext: string, audioStream?: number): PlayFacts {
  const a = probe.audio.find((s) => s.index === audioStream) ?? probe.audio[0] ?? null;
  const v = probe.video;
  return {
    ext, container: probe.container, audio: a?.codec ?? null,
    video: v ? { codec: v.codec, width: v.width, height: v.height, pixFmt: v.pixFmt, bitDepth: v.bitDepth } : null,
  };
}

export function planPlayback(probe: MediaProbe, caps: ClientCaps, opts: PlanOptions): PlaybackPlan {
  const a = probe.audio.find((s) => s.index === opts.audioStream) ?? probe.audio[0] ?? null;
  const { mode, blocker, container } = decideMode(probeFacts(probe, opts.ext, opts.audioStream), caps, opts.transcode);
  const reasons: string[] = [];
  if (blocker) reasons.push(blocker);
  if (mode === 'remux' && container === 'other') reasons.push(`the ${containerName(probe, opts.ext)} container is not opened by browsers`);

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
    else if (audioCopyable(a.codec, caps)) audio = a.codec === 'aac' && /\b(mpegts|aac|adts)\b/.test(probe.container) ? 'aac' : 'copy';
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
