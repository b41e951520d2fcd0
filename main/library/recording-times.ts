// Where a recording sits in time and which camera made it, from what the library knows of the
// file (name, mtime, probe) and its root's naming options. Pure: the library applies it when a
// file is scanned, probed, or its root's options change.
import type { LibraryEntry, MediaSummary, RecordedAtSource } from '../../contract/api.js';
import { LOCAL_ZONE, type NameZone } from '../../contract/zone-time.js';
import { nameInstants } from './recorded-at.js';

/** A root's options for reading its names. */
export interface RootNaming {
  /** The zone the times in file names are in. */
  timeZone: NameZone;
  /** The folder level that names the camera (1: the first folder under the root). */
  cameraLevel: number;
}

export const DEFAULT_NAMING: RootNaming = Object.freeze({ timeZone: LOCAL_ZONE, cameraLevel: 1 });

export const ROOT_CAMERA = '(root)';

/** Container times before this are a camera's unset clock (1970, or QuickTime's 1904). */
const EARLIEST_PLAUSIBLE = Date.UTC(1995, 0, 1);
/** A container time later than the file's last write by more than this is a wrong clock. */
const CLOCK_SLACK_MS = 24 * 3_600_000;

/**
 * The camera: the folder at `level` below the root, or the deepest folder when the file sits
 * higher; "(root)" for a file directly in the root.
 */
export function cameraOf(relPath: string, level = 1): string {
  const parts = relPath.split('/');
  if (parts.length < 2) return ROOT_CAMERA;
  return parts[Math.min(level, parts.length - 1) - 1]!;
}

export interface RecordingTimes {
  recordedAt: number;
  startedAt: number;
  recordedAtFrom: RecordedAtSource;
}

/**
 * `recordedAt` stays "name, else mtime" (the grid's and the dashboard's date never moves when a
 * probe lands); `startedAt` is the best start known: the name, else the container's creation
 * time, else mtime − duration (a recorder writes mtime last, when the file ends), else mtime.
 * A name time of the fall-back hour takes the instant nearest mtime − duration.
 */
export function recordingTimes(filename: string, mtimeMs: number, media: MediaSummary | undefined, zone: NameZone): RecordingTimes {
  const instants = nameInstants(filename, zone);
  const durationMs = media?.durationSec != null && media.durationSec > 0 ? media.durationSec * 1000 : null;
  if (instants.length) {
    let start = instants[0]!;
    if (instants.length > 1 && durationMs !== null) {
      const guess = mtimeMs - durationMs;
      for (const t of instants) if (Math.abs(t - guess) < Math.abs(start - guess)) start = t;
    }
    return { recordedAt: instants[0]!, startedAt: start, recordedAtFrom: 'name' };
  }
  const created = media?.createdAt;
  if (created != null && created >= EARLIEST_PLAUSIBLE && created <= mtimeMs + CLOCK_SLACK_MS) {
    return { recordedAt: mtimeMs, startedAt: created, recordedAtFrom: 'container' };
  }
  if (durationMs !== null) return { recordedAt: mtimeMs, startedAt: Math.round(mtimeMs - durationMs), recordedAtFrom: 'mtime-duration' };
  return { recordedAt: mtimeMs, startedAt: mtimeMs, recordedAtFrom: 'mtime' };
}

/** The entry with its camera and times as these options read them: the same object when nothing moves. */
export function withNaming(e: LibraryEntry, naming: RootNaming): LibraryEntry {
  const camera = cameraOf(e.relPath, naming.cameraLevel);
  const t = recordingTimes(e.filename, e.mtimeMs, e.media, naming.timeZone);
  if (camera === e.camera && t.recordedAt === e.recordedAt && t.startedAt === e.startedAt && t.recordedAtFrom === e.recordedAtFrom) return e;
  return { ...e, camera, ...t };
}
