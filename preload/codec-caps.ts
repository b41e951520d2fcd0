// The fixed list of codec questions a viewer answers (MediaSource.isTypeSupported, else
// canPlayType) so the playback plan can decide per viewer. Plain data, shared by main and renderer.
import type { ClientCaps } from './api.js';

export const CODEC_QUERIES = {
  h264: 'video/mp4; codecs="avc1.640028"',
  h264High10: 'video/mp4; codecs="avc1.6E0028"',
  hevc: 'video/mp4; codecs="hvc1.1.6.L93.B0"',
  av1: 'video/mp4; codecs="av01.0.05M.08"',
  vp9Mp4: 'video/mp4; codecs="vp09.00.10.08"',
  vp9: 'video/webm; codecs="vp9"',
  vp8: 'video/webm; codecs="vp8"',
  aac: 'audio/mp4; codecs="mp4a.40.2"',
  mp3Mp4: 'audio/mp4; codecs="mp4a.6B"',
  opusMp4: 'audio/mp4; codecs="opus"',
  flacMp4: 'audio/mp4; codecs="flac"',
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
