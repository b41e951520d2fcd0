// The one contract between the renderer and whatever serves it (Electron IPC or the LAN share).
// Types only: main and renderer both `import type` from here, so nothing runtime crosses.
// This first part holds the library's data shapes; the operations join it with the transports.

/** ok: a listed file; empty: 0 bytes; unreadable: present but cannot be read (reason says why). */
export type EntryStatus = 'ok' | 'empty' | 'unreadable';

export interface LibraryEntry {
  /** Opaque and stable: a keyed hash, never a path and never turned into one. */
  id: string;
  /** The library folder as configured. */
  root: string;
  /** Path below the root, '/'-separated. Names that are not valid UTF-8 show bytes as \xNN. */
  relPath: string;
  /** First folder under the root; "(root)" for files directly in it. */
  camera: string;
  filename: string;
  size: number;
  mtimeMs: number;
  /** When the recording started (epoch ms): from a timestamp in the file name, else mtime. */
  recordedAt: number;
  recordedAtFrom: 'name' | 'mtime';
  status: EntryStatus;
  /** Why the file is not ok, in words a user understands. */
  reason?: string;
  /** Seconds, once probed; absent while unprobed. */
  durationSec?: number;
}

/** Cameras are named per root: two roots may both have a `cam-1`. */
export interface CameraRef {
  root: string;
  name: string;
}

/**
 * recorded-desc/asc: by recording time; name: A→Z (numbers in names compare as numbers);
 * size: largest first; duration: longest first, unprobed files last.
 */
export type SortKey = 'recorded-desc' | 'recorded-asc' | 'name' | 'size' | 'duration';

export interface LibraryQuery {
  cameras?: CameraRef[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Words that must all appear in the path below the root (case-insensitive). */
  text?: string;
  status?: EntryStatus[];
  sort?: SortKey;
  offset?: number;
  limit?: number;
}

export interface CameraFacet extends CameraRef {
  /** Matches under every filter except the camera filter. */
  count: number;
}

export interface QueryResult {
  items: LibraryEntry[];
  total: number;
  facets: {
    cameras: CameraFacet[];
    /** Recording times spanned under every filter except the date range; null when nothing matches. */
    recordedRange: { min: number; max: number } | null;
  };
}
