// The fixed list of codec questions a viewer answers, so the playback plan can decide per viewer.
// Each is asked twice, because the two answers differ: a stream the player feeds to Media Source
// Extensions (a copy or a conversion) is judged by MediaSource.isTypeSupported alone, a file
// played as it is by <video src> by canPlayType. Chromium answers canPlayType "probably" for MP3
// in MP4, yet its MediaSource refuses that type (docs/playback.md). Plain data, shared by main
// and renderer.
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

/**
 * Where a viewer's answer for a file played as it is (canPlayType) is kept; its MediaSource
 * answer is kept under the query itself.
 */
export const fileKey = (query: string): string => `file ${query}`;

/** How the viewer would play it: fed to a MediaSource (a copy or conversion), or a file as it is. */
export type PlayedBy = 'mse' | 'file';

/**
 * Whether the viewer decodes `query` played that way. A viewer that reported no file answers (an
 * older client) is taken at its one answer for both.
 */
export function decodes(caps: ClientCaps, query: string, by: PlayedBy): boolean {
  return (by === 'file' ? caps[fileKey(query)] ?? caps[query] : caps[query]) === true;
}

/** The two ways a browser is asked. */
export interface CodecAsk {
  /** MediaSource.isTypeSupported. */
  mse(type: string): boolean;
  /** canPlayType(type) === 'probably'. */
  file(type: string): boolean;
}

/** Ask the running browser both questions for every query. */
export function detectCaps(ask: CodecAsk): ClientCaps {
  return Object.fromEntries(Object.values(CODEC_QUERIES).flatMap((q) => [[q, ask.mse(q)], [fileKey(q), ask.file(q)]]));
}

/**
 * What Debian's Chromium answered here (docs/playback.md): the default for old clients and for
 * a viewer that has not reported yet. No HEVC either way; MP3 in MP4 plays as a file, not in
 * MSE. Its file answers are kept only where they differ from its MediaSource ones.
 */
const NOT_IN_MSE: readonly string[] = [CODEC_QUERIES.hevc, CODEC_QUERIES.h264High10, CODEC_QUERIES.mp3Mp4];
export const DEFAULT_CHROMIUM_CAPS: ClientCaps = {
  ...Object.fromEntries(Object.values(CODEC_QUERIES).map((q) => [q, !NOT_IN_MSE.includes(q)])),
  [fileKey(CODEC_QUERIES.mp3Mp4)]: true,
};
