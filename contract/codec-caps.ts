// The fixed list of codec questions a viewer answers (MediaSource.isTypeSupported, else
// canPlayType) so the playback plan can decide per viewer. Plain data, shared by main and renderer.
import type { ClientCaps } from './api.js';

/**
 * The codec strings of what a session puts in fragmented MP4, by ffprobe codec name: asked of
 * the viewer here, and given to its SourceBuffer by the player.
 */
export const MP4_VIDEO_CODECS: Readonly<Record<string, string>> = { h264: 'avc1.640028', hevc: 'hvc1.1.6.L93.B0', av1: 'av01.0.05M.08', vp9: 'vp09.00.10.08' };
export const MP4_AUDIO_CODECS: Readonly<Record<string, string>> = { aac: 'mp4a.40.2', mp3: 'mp4a.6B', opus: 'opus', flac: 'flac' };

const mp4 = (kind: 'video' | 'audio', codec: string): `${'video' | 'audio'}/mp4; codecs="${string}"` => `${kind}/mp4; codecs="${codec}"`;

export const CODEC_QUERIES = {
  h264: mp4('video', MP4_VIDEO_CODECS.h264!),
  h264High10: 'video/mp4; codecs="avc1.6E0028"',
  hevc: mp4('video', MP4_VIDEO_CODECS.hevc!),
  av1: mp4('video', MP4_VIDEO_CODECS.av1!),
  vp9Mp4: mp4('video', MP4_VIDEO_CODECS.vp9!),
  vp9: 'video/webm; codecs="vp9"',
  vp8: 'video/webm; codecs="vp8"',
  aac: mp4('audio', MP4_AUDIO_CODECS.aac!),
  mp3Mp4: mp4('audio', MP4_AUDIO_CODECS.mp3!),
  opusMp4: mp4('audio', MP4_AUDIO_CODECS.opus!),
  flacMp4: mp4('audio', MP4_AUDIO_CODECS.flac!),
  opus: 'audio/webm; codecs="opus"',
  vorbis: 'audio/webm; codecs="vorbis"',
} as const;

export type CodecQuery = keyof typeof CODEC_QUERIES;

/** What Debian's Chromium answered here (../shared/MEASURED.md): the default for old clients. */
export const DEFAULT_CHROMIUM_CAPS: ClientCaps = Object.fromEntries(
  (Object.entries(CODEC_QUERIES) as [CodecQuery, string][]).map(([k, q]) => [q, !['hevc', 'h264High10'].includes(k)]),
);

/** Ask the running browser. `ask` is MediaSource.isTypeSupported or a canPlayType wrapper. */
export function detectCaps(ask: (type: string) => boolean): ClientCaps {
  return Object.fromEntries(Object.values(CODEC_QUERIES).map((q) => [q, ask(q)]));
}
