// ffmpeg arguments for a playback session: fragmented MP4 on stdout from any start time.
// Pure, so every choice is tested by table.
import type { MediaProbe, PlaybackPlan } from '../../contract/api.js';
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
  /**
   * source: the stream keeps the file's own timestamps (the player places it with
   * timestampOffset = -sourceStart, and reads where it really starts from the first tfdt);
   * zero: it starts at 0 (the old dashboard's route, whose <video> has no offset to apply).
   */
  timeline?: 'source' | 'zero';
  /** A sync tile's height: a conversion is scaled to it, made with `ultrafast`, decoded at half size where it can be. */
  maxHeight?: number;
}

/** Decoders that can decode at half size (`-lowres 1`): the legacy codecs, not H.264 or HEVC. */
const LOWRES_DECODERS = new Set(['mpeg4', 'mjpeg', 'h263', 'mpeg1video', 'mpeg2video', 'msmpeg4v2', 'msmpeg4v3', 'wmv1', 'wmv2']);

/** How a sync tile's conversion is made; the slot it takes (half of one) follows from it. */
export function tileConversion(probe: MediaProbe, maxHeight: number): { lowres: boolean } {
  const v = probe.video;
  return { lowres: !!v && v.height >= 2 * maxHeight && LOWRES_DECODERS.has(v.codec) };
}

/** How much of a slot a session takes: a conversion scaled to a sync tile takes half. */
export function slotWeight(plan: PlaybackPlan, maxHeight: number | undefined): number {
  return plan.mode === 'transcode' && maxHeight !== undefined ? 0.5 : 1;
}

/** Containers with no index: a seek lands near the target, sometimes past its keyframe. */
const UNINDEXED = /^(mpegts|mpeg|mpegvideo)$/;

/**
 * Where ffmpeg seeks to: the keyframe at or before `start` is wanted (a copy can only begin on
 * one; a conversion decodes from it). Indexed containers find it; in the others the seek goes
 * one keyframe interval earlier so that it cannot land past it.
 */
export function seekTarget(probe: MediaProbe, start: number): number {
  if (!UNINDEXED.test(probe.container)) return start;
  return Math.max(0, start - (probe.video?.keyframeIntervalSec ?? NORMAL_GOP_SECONDS) - 0.5);
}

export function sessionArgs({ input, probe, plan, start, settings, timeline = 'source', maxHeight }: SessionArgsInput): string[] {
  const args = ['-v', 'error', '-progress', 'pipe:2', '-nostats'];
  const transcode = plan.mode === 'transcode';
  const source = timeline === 'source';
  // The file's own timestamps: no offset guessed here, none to undo in the player.
  if (source) args.push('-copyts');
  const tile = transcode && maxHeight !== undefined ? tileConversion(probe, maxHeight) : null;
  if (transcode && settings.hardwareDecode && !tile) args.push('-hwaccel', 'auto');
  if (tile?.lowres) args.push('-lowres', '1');
  // -ss before -i: a fast seek. A conversion then decodes up to the exact time, and cuts video
  // and audio there; a copy starts at the keyframe before it, and so must its converted audio
  // (-noaccurate_seek), or the two would start seconds apart.
  // In a container with no index the seek may land past the start's keyframe, so it goes one
  // keyframe interval earlier, and a conversion is cut at the start by trim filters instead.
  const seekAt = start > 0 ? seekTarget(probe, start) : 0;
  const trimAt = transcode && seekAt < start ? (source ? start + probe.startTime : start - seekAt) : null;
  if (start > 0) {
    if (!transcode) args.push('-noaccurate_seek');
    args.push('-ss', seekAt.toFixed(3));
  }
  args.push(...inputArgs(input));

  const v = probe.video;
  if (v) args.push('-map', `0:${v.index}`);
  if (plan.audioStream !== null && plan.audio !== 'none') args.push('-map', `0:${plan.audioStream}`);
  else args.push('-an');
  args.push('-sn', '-dn', '-map_metadata', '-1');

  if (v && transcode) {
    const fps = v.fps && v.fps > 0 && v.fps <= 120 ? v.fps : 25;
    const filters: string[] = [];
    if (trimAt !== null) filters.push(`trim=start=${trimAt.toFixed(3)}`, ...(source ? [] : ['setpts=PTS-STARTPTS']));
    if (v.fieldOrder && v.fieldOrder !== 'progressive') filters.push('yadif=mode=send_frame:deint=interlaced');
    // Even dimensions (4:2:0 needs them), at most 4K, aspect kept; rotation is applied by
    // ffmpeg's autorotate before this filter chain.
    const boxH = tile ? Math.min(MAX_H, maxHeight!) : MAX_H;
    filters.push(`scale=w='min(iw,${MAX_W})':h='min(ih,${boxH})':force_original_aspect_ratio=decrease:force_divisible_by=2`, 'format=yuv420p');
    args.push(
      // The file's own frame times, not a grid of 1/fps from 0, and kept in the file's own time
      // base (in 1/fps units, a stream starting at 0.54 s moves every frame by 20 ms).
      '-vf', filters.join(','), '-fps_mode', 'vfr', '-enc_time_base:v', '-1',
      '-c:v', 'libx264', '-preset', tile ? 'ultrafast' : settings.preset, '-tune', 'zerolatency', '-crf', String(settings.crf),
      '-profile:v', 'high', '-g', String(Math.round(fps * NORMAL_GOP_SECONDS)),
      // The first second counted in frames: t is the file's own time (30 s after a seek). The
      // second frame is a keyframe too, so the first fragment holds one frame: the player shows
      // it as soon as one frame is converted, not six.
      '-force_key_frames', `expr:if(isnan(prev_forced_t),1,eq(n,1)+lt(n,${Math.round(fps)})*gte(t-prev_forced_t,${FAST_START_KEY_INTERVAL}))`,
    );
  } else if (v) {
    args.push('-c:v', 'copy');
  }
  // The plan says what becomes of the audio (conversions and ADTS AAC: converted).
  if (plan.audioStream !== null && plan.audio === 'copy') args.push('-c:a', 'copy');
  if (plan.audioStream !== null && plan.audio === 'aac') {
    // AAC made from AAC (ADTS) at a higher rate: less is lost by the second encoding.
    const fromAac = probe.audio.find((a) => a.index === plan.audioStream)?.codec === 'aac';
    if (trimAt !== null) args.push('-af', `atrim=start=${trimAt.toFixed(3)}${source ? '' : ',asetpts=PTS-STARTPTS'}`);
    args.push('-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', fromAac ? '160k' : '128k');
  }

  // A fragment per keyframe: 0.2 s ones in the first second, then one per GOP. Audio alone
  // has a "keyframe" per packet, so there fragments are cut by duration instead.
  // frag_discont makes each tfdt the packet's own time, not time since the stream began. No
  // shifting of negative times: the encoder's audio priming then sits just before the start,
  // instead of moving every frame but the first (a 1.5-frame gap after every start).
  const movflags = `${v ? 'frag_keyframe+' : ''}empty_moov+default_base_moof${source ? '+frag_discont' : ''}`;
  args.push('-movflags', movflags, ...(v ? [] : ['-frag_duration', '500000']));
  args.push('-avoid_negative_ts', 'disabled');
  args.push('-max_muxing_queue_size', '4096', '-f', 'mp4', 'pipe:1');
  return args;
}
