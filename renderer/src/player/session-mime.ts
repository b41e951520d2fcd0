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

/** A session type's codecs in words, for the user: "avc1.640028, mp4a.6B" → "H.264 with MP3 audio". */
export function codecWords(type: string): string {
  const codecs = /codecs="([^"]*)"/.exec(type)?.[1]?.split(/,\s*/) ?? [];
  const names = codecs.map((c) => CODEC_WORDS.find(([p]) => c.startsWith(p))?.[1] ?? c);
  return names.length > 1 ? `${names[0]} with ${names.slice(1).join(' and ')} audio` : names[0] ?? type;
}

const CODEC_WORDS: [string, string][] = [
  ['avc1', 'H.264'], ['hvc1', 'HEVC'], ['hev1', 'HEVC'], ['av01', 'AV1'], ['vp09', 'VP9'],
  ['mp4a.40', 'AAC'], ['mp4a.6B', 'MP3'], ['mp4a.69', 'MP3'], ['opus', 'Opus'], ['flac', 'FLAC'],
];
