// Turns scan rows into index entries: camera, file name, recording time and status.
import type { LibraryEntry } from '../../contract/api.js';
import { isRemoteRoot } from './sources.js';
import { cameraOf, DEFAULT_NAMING, recordingTimes, type RootNaming } from './recording-times.js';

export function filenameOf(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

export function makeEntry(
  id: string, root: string, relPath: string, size: number, mtimeMs: number, problem: string | null, naming: RootNaming = DEFAULT_NAMING,
): LibraryEntry {
  const filename = filenameOf(relPath);
  const entry: LibraryEntry = {
    id, root, relPath, camera: cameraOf(relPath, naming.cameraLevel), filename, size, mtimeMs,
    ...recordingTimes(filename, mtimeMs, undefined, naming.timeZone),
    status: problem ? 'unreadable' : size === 0 ? 'empty' : 'ok',
    probe: 'unprobed',
  };
  if (problem) entry.reason = problem;
  else if (size === 0) entry.reason = 'file is empty (0 bytes)';
  return entry;
}

/**
 * Whether an entry put into the index differs from the one it holds. For this computer's files
 * only what the disk says counts: probe results belong to a (size, mtime) and stay while those
 * do. Another Reelvault's entry is that computer's whole entry, probe included: its probe lands
 * after the file was first listed, and dropping it would leave a zero-length span here for good
 * (the mirror resumes from its saved event cursor and never asks again).
 */
export function entryChanged(a: LibraryEntry, b: LibraryEntry): boolean {
  if (isRemoteRoot(a.root) || isRemoteRoot(b.root)) return !sameValue(a, b);
  return a.size !== b.size || a.mtimeMs !== b.mtimeMs || a.status !== b.status || a.reason !== b.reason
    || a.relPath !== b.relPath || a.recordedAt !== b.recordedAt || a.camera !== b.camera;
}

/** Deep equality of JSON-like values, where a property set to undefined is one that is absent. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length
    && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
