// ffmpeg arguments for a playback session: fragmented MP4 on stdout from any start time.
// Pure, so every choice is tested by table.
import type { MediaProbe, PlaybackPlan } from '../../preload/api.js';
import { inputArgs } from './input-args.js';

export interface TranscodeSettings {
  preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
  /** x264 constant rate factor: lower is better and bigger. */
  crf: number;
  hardwareDecode: boolean;
}

export const DEFAULT_TRANSCODE: TranscodeSettings = { preset: 'veryfast', crf: 23, hardwareDecode: false };

/** Keyframes this far apart during the first second, so a start or a seek shows a frame fast. */
export const FAST_START_KEY_INTERVAL = 0.2;
/** Keyframes this far apart afterwards (MEASURED.md: short GOPs cost bitrate). */
export const NORMAL_GOP_SECONDS = 2;
/** Larger pictures are scaled to fit in this box (even sizes, aspect kept). */
const MAX_W = 3840;
const MAX_H = 2160;

export interface SessionArgsInput {
  /** The input's URL, from `inputUrls`. */
  input: string;
  probe: MediaProbe;
  plan: PlaybackPlan;
  /** Seconds from the start of the file (the user's timeline, which starts at 0). */
  start: number;
  settings: TranscodeSettings;
}

export function sessionArgs({ input, probe, plan, start, settings }: SessionArgsInput): string[] {
  const args = ['-v', 'error', '-progress', 'pipe:2', '-nostats'];
  const transcode = plan.mode === 'transcode';
  if (transcode && settings.hardwareDecode) args.push('-hwaccel', 'auto');
  // -ss before -i: a fast seek; for a transcode ffmpeg then decodes up to the exact time.
  if (start > 0) args.push('-ss', start.toFixed(3));
  args.push(...inputArgs(input));

  const v = probe.video;
  if (v) args.push('-map', `0:${v.index}`);
  if (plan.audioStream !== null && plan.audio !== 'none') args.push('-map', `0:${plan.audioStream}`);
  else args.push('-an');
  args.push('-sn', '-dn', '-map_metadata', '-1');

  if (v && transcode) {
    const fps = v.fps && v.fps > 0 && v.fps <= 120 ? v.fps : 25;
    const filters: string[] = [];
    if (v.fieldOrder && v.fieldOrder !== 'progressive') filters.push('yadif=mode=send_frame:deint=interlaced');
    // Even dimensions (4:2:0 needs them), at most 4K, aspect kept; rotation is applied by
    // ffmpeg's autorotate before this filter chain.
    filters.push(`scale=w='min(iw,${MAX_W})':h='min(ih,${MAX_H})':force_original_aspect_ratio=decrease:force_divisible_by=2`, 'format=yuv420p');
    args.push(
      '-vf', filters.join(','),
      '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency', '-crf', String(settings.crf),
      '-profile:v', 'high', '-g', String(Math.round(fps * NORMAL_GOP_SECONDS)),
      '-force_key_frames', `expr:if(isnan(prev_forced_t),1,lt(t,1)*gte(t-prev_forced_t,${FAST_START_KEY_INTERVAL}))`,
    );
  } else if (v) {
    args.push('-c:v', 'copy');
  }
  // AAC from MPEG-TS comes in ADTS frames. aac_adtstoasc makes them MP4's, but only learns the
  // decoder config from the first packet, after an empty_moov init segment has gone out without
  // it; browsers then refuse the whole stream ("stream parsing failed", seen in Chromium). So
  // ADTS audio is re-encoded, which costs little beside the video copy.
  const aacCopy = probe.audio.find((a) => a.index === plan.audioStream)?.codec === 'aac';
  const adts = aacCopy && /\b(mpegts|aac|adts)\b/.test(probe.container);
  const audioMode = plan.audio === 'copy' && adts ? 'aac' : plan.audio;
  if (plan.audioStream !== null && audioMode === 'copy') args.push('-c:a', 'copy');
  if (plan.audioStream !== null && audioMode === 'aac') args.push('-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', adts ? '160k' : '128k');

  // A fragment per keyframe: 0.2 s ones in the first second, then one per GOP. Audio alone
  // has a "keyframe" per packet, so there fragments are cut by duration instead.
  const movflags = v ? 'frag_keyframe+empty_moov+default_base_moof' : 'empty_moov+default_base_moof';
  args.push('-movflags', movflags, ...(v ? [] : ['-frag_duration', '500000']));
  args.push('-max_muxing_queue_size', '4096', '-f', 'mp4', 'pipe:1');
  return args;
}
