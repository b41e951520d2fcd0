// How numbers read in tiles and bars. Pure.
import type { ClientCaps, LibraryEntry, PlaybackMode } from '../../../contract/api.js';
import { decideMode, summaryFacts } from '../../../contract/playback-decision.js';

// Times are formatted in one place (shared/time-format.ts); these names stay for their callers.
export { formatDuration, formatRecorded } from '../shared/time-format.js';

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264', hevc: 'HEVC', mpeg4: 'MPEG-4', msmpeg4v3: 'DivX 3', mjpeg: 'MJPEG', mpeg2video: 'MPEG-2', mpeg1video: 'MPEG-1',
  h263: 'H.263', wmv1: 'WMV7', wmv2: 'WMV8', wmv3: 'WMV9', vc1: 'VC-1', vp8: 'VP8', vp9: 'VP9', av1: 'AV1',
};

export function codecLabel(codec: string | null | undefined): string {
  if (!codec) return '';
  return CODEC_NAMES[codec] ?? codec.toUpperCase();
}

/** How the tile's file plays for this viewer: the plan's own decision, from the index's summary. */
export function likelyMode(e: LibraryEntry, caps: ClientCaps): PlaybackMode | null {
  if (!e.media?.videoCodec) return null;
  return decideMode(summaryFacts(e.filename, e.media), caps).mode;
}

/** Why a tile shows an error, in words; null when it has none. */
export function problemOf(e: LibraryEntry): string | null {
  if (e.status === 'empty') return e.reason ?? 'the file is empty (0 bytes)';
  if (e.status === 'unreadable') return e.reason ?? 'the file cannot be read';
  if (e.probe === 'failed') return `cannot be played: ${e.probeError ?? 'ffprobe could not read it'}`;
  return null;
}
