// Another Reelvault's entry as this library keeps it: its id and root namespaced by the source,
// and only the fields the contract names, each checked, because the remote is not trusted. An
// entry that fails a check is left out (and counted), never half-kept.
import type { EntryStatus, LibraryEntry, MediaSummary, ProbeState, RecordedAtSource } from '../../contract/api.js';
import { remoteRoot } from '../library/sources.js';
import { REMOTE_ID } from './remote-client.js';

const STATUS: readonly EntryStatus[] = ['ok', 'empty', 'unreadable', 'recording'];
const PROBE: readonly ProbeState[] = ['unprobed', 'probed', 'failed'];
const FROM: readonly RecordedAtSource[] = ['name', 'container', 'mtime-duration', 'mtime'];
/** Their root ids are opaque to us, but short and URL-safe. */
const ROOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const text = (x: unknown, max: number): string | null => (typeof x === 'string' && x.length <= max && !x.includes('\0') ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const numOrNull = (x: unknown): number | null | undefined => (x === null ? null : num(x) ?? undefined);

function media(x: unknown): MediaSummary | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const m = x as Record<string, unknown>;
  const out: MediaSummary = {
    durationSec: numOrNull(m.durationSec) ?? null,
    videoCodec: text(m.videoCodec, 64),
    width: numOrNull(m.width) ?? null,
    height: numOrNull(m.height) ?? null,
    audioCodecs: Array.isArray(m.audioCodecs) ? m.audioCodecs.map((c) => text(c, 64)).filter((c): c is string => c !== null).slice(0, 16) : [],
  };
  const created = numOrNull(m.createdAt);
  if (created !== undefined) out.createdAt = created;
  return out;
}

/** Their entry as ours, or null when it is not one (a bad id, a missing field). */
export function mirrorEntry(key: string, x: unknown): LibraryEntry | null {
  if (!x || typeof x !== 'object') return null;
  const e = x as Record<string, unknown>;
  const id = typeof e.id === 'string' && REMOTE_ID.test(e.id) ? e.id : null;
  const root = typeof e.root === 'string' && ROOT_ID.test(e.root) ? e.root : null;
  const relPath = text(e.relPath, 4096), camera = text(e.camera, 1024), filename = text(e.filename, 1024);
  const size = num(e.size), mtimeMs = num(e.mtimeMs), recordedAt = num(e.recordedAt), startedAt = num(e.startedAt);
  const status = STATUS.find((s) => s === e.status), probe = PROBE.find((p) => p === e.probe), from = FROM.find((f) => f === e.recordedAtFrom);
  if (!id || !root || relPath === null || camera === null || filename === null || size === null || mtimeMs === null
    || recordedAt === null || startedAt === null || !status || !probe || !from) return null;
  const out: LibraryEntry = {
    id: `${key}.${id}`, root: remoteRoot(key, root), relPath, camera, filename, size, mtimeMs, recordedAt, startedAt, recordedAtFrom: from, status, probe,
  };
  const reason = text(e.reason, 1000);
  if (reason) out.reason = reason;
  const m = media(e.media);
  if (m) out.media = m;
  const probeError = text(e.probeError, 1000);
  if (probeError) out.probeError = probeError;
  return out;
}
