// The SourceBuffer type of a session's stream, from the codec strings of the one table
// (contract/codec-caps.ts) that the codec questions are asked with too.
import type { ItemDetails, PlaybackMode } from '../../../contract/api.js';
import { MP4_AUDIO_CODECS, MP4_VIDEO_CODECS } from '../../../contract/codec-caps.js';

/** The SourceBuffer type for what the session sends: H.264 + AAC when converting, else the copied codecs. */
export function sessionMime(details: ItemDetails, mode: PlaybackMode, audioIndex: number | null): string {
  const plan = details.plan!;
  const video = mode === 'transcode' ? MP4_VIDEO_CODECS.h264! : MP4_VIDEO_CODECS[details.probe?.video?.codec ?? ''] ?? MP4_VIDEO_CODECS.h264!;
  const codecs = [video];
  if (audioIndex !== null && plan.audio !== 'none') {
    const a = details.probe?.audio.find((s) => s.index === audioIndex);
    const copy = mode !== 'transcode' && plan.audio === 'copy' && a && MP4_AUDIO_CODECS[a.codec];
    codecs.push(copy ? MP4_AUDIO_CODECS[a.codec]! : MP4_AUDIO_CODECS.aac!);
  }
  return `video/mp4; codecs="${codecs.join(', ')}"`;
}
