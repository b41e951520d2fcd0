// Where activity analysis is kept (issue 31 §1 "Storage"): its own SQLite file beside the index
// (library/activity.sqlite), keyed by the file's version (path, size, mtime), so rebuilding the
// index or removing and re-adding a folder keeps what was analysed, and a changed file (a new
// version) is analysed again. Per second: a level byte and, from pixels, the 16 × 9 changed cells
// as 18 bytes. Only runs of non-quiet seconds are written: a quiet second costs nothing.
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { CELLS, cellsFromBytes, cellsToBytes } from './cell-grid.js';
import { PIXEL_EVENT_LEVEL } from './pixel-levels.js';
import { SIZE_EVENT_LEVEL } from './size-levels.js';
import { stretchesOf } from './stretches.js';

export const ACTIVITY_DB_FILE = 'activity.sqlite';
const SCHEMA_VERSION = 1;
const CELL_BYTES = CELLS / 8;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  -- Whole seconds from the first frame to the last (the file's length as the index reads it).
  seconds INTEGER NOT NULL,
  -- Why frame sizes say nothing here ('intra-only', 'constant-bitrate'), else null.
  blind TEXT,
  -- 0: the pixel pass has not run; 1: done; 2: it could not decode the file (not tried again).
  pixels INTEGER NOT NULL DEFAULT 0,
  -- The file at a glance, for coarse zoom (a month is tens of thousands of files a lane): its
  -- highest level and its events as JSON [[from s, to s, peak], …], by the pass that is current.
  peak REAL NOT NULL DEFAULT 0,
  events TEXT,
  UNIQUE (path, size, mtime)
);
-- Runs of non-quiet seconds. kind 0: from sizes (dropped once pixels are in); 1: from pixels.
CREATE TABLE IF NOT EXISTS runs (
  file INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  kind INTEGER NOT NULL,
  at INTEGER NOT NULL,
  -- One byte a second: the level × 255.
  levels BLOB NOT NULL,
  -- Pixels only: 18 bytes a second (cell-grid.ts cellsToBytes), deflated; null for sizes.
  cells BLOB,
  PRIMARY KEY (file, kind, at)
) WITHOUT ROWID;
-- Per camera (lane key): cells to ignore (its clock, a tree) and how easily it counts as active.
CREATE TABLE IF NOT EXISTS cameras (
  lane TEXT PRIMARY KEY,
  mask BLOB,
  sensitivity REAL NOT NULL DEFAULT 1
) WITHOUT ROWID;
`;

export interface FileVersion {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface SizesRecord {
  seconds: number;
  blind: string | null;
  /** Per second from the first frame; null or 0 for quiet. */
  levels: readonly (number | null)[];
}

export interface PixelsRecord {
  /** Per second from the first frame. */
  levels: readonly number[];
  cells: readonly bigint[];
}

export interface StoredActivity {
  seconds: number;
  blind: string | null;
  pixels: 'none' | 'done' | 'failed';
  /** Per second from the first frame (0 where quiet); null when that pass has not run. */
  sizeLevels: Float32Array | null;
  pixelLevels: Float32Array | null;
  /** Per second: the changed cells (0n where quiet), decoded when asked (only masks need them); null without pixels. */
  cells: (() => bigint[]) | null;
}

function storedOf(
  f: { seconds: number; blind: string | null; pixels: number },
  rows: ReadonlyArray<{ kind: number; at: number; levels: Buffer; cells: Buffer | null }>,
): StoredActivity {
  const hasPixels = f.pixels === 1;
  const sizeLevels = hasPixels ? null : new Float32Array(f.seconds);
  const pixelLevels = hasPixels ? new Float32Array(f.seconds) : null;
  for (const r of rows) {
    const into = r.kind === 1 ? pixelLevels : sizeLevels;
    if (!into) continue;
    for (let k = 0; k < r.levels.length && r.at + k < f.seconds; k++) into[r.at + k] = r.levels[k]! / 255;
  }
  const cells = (): bigint[] => {
    const out = new Array<bigint>(f.seconds).fill(0n);
    for (const r of rows) {
      if (r.kind !== 1 || !r.cells) continue;
      const bytes = inflateRawSync(r.cells);
      for (let k = 0; k < r.levels.length && r.at + k < f.seconds; k++) out[r.at + k] = cellsFromBytes(bytes.subarray(k * CELL_BYTES, (k + 1) * CELL_BYTES));
    }
    return out;
  };
  return { seconds: f.seconds, blind: f.blind, pixels: hasPixels ? 'done' : f.pixels === 2 ? 'failed' : 'none', sizeLevels, pixelLevels, cells: hasPixels ? cells : null };
}

/** A file at a glance: its highest level (null when nothing usable is known) and its events in seconds. */
export interface FileSummary {
  seconds: number;
  blind: string | null;
  pixels: 'none' | 'done' | 'failed';
  peak: number | null;
  events: Array<{ from: number; to: number; peak: number }>;
}

export interface CameraTuning {
  /** Cells never counted (bit row·16+col). */
  mask: bigint;
  /** Levels are multiplied by this (0.25–4; 1 by default). */
  sensitivity: number;
}

/** Seconds of quiet that still join two runs (a row costs more than a few empty seconds). */
const JOIN_GAP = 2;

/** Runs of seconds worth storing: [first, end) pairs where the level or the cells are non-zero. */
export function activeRuns(levels: readonly (number | null)[], cells?: readonly bigint[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < levels.length; k++) {
    const on = (levels[k] ?? 0) > 0 || (cells?.[k] ?? 0n) !== 0n;
    if (!on) continue;
    const last = out.at(-1);
    if (last && k - last[1] <= JOIN_GAP) last[1] = k + 1;
    else out.push([k, k + 1]);
  }
  return out;
}

const toByte = (l: number | null | undefined): number => Math.max(0, Math.min(255, Math.round((l ?? 0) * 255)));

/** Files kept at a glance in memory: a month of 16 one-minute cameras is 691,200. */
const GLANCE_CACHE = 1_000_000;

export class ActivityStore {
  /** Summaries by version key; a write drops its path's. Coarse zoom asks for the same files again and again. */
  private readonly glance = new Map<string, { size: number; mtimeMs: number; summary: FileSummary }>();

  private constructor(private readonly db: Database.Database) {}

  /** Opens (or makes) library/activity.sqlite in the data folder; a file that cannot be used is set aside. */
  static open(dataDir: string): ActivityStore {
    const dir = path.join(dataDir, 'library');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, ACTIVITY_DB_FILE);
    try {
      return new ActivityStore(ActivityStore.openFile(file));
    } catch {
      // Damaged or from a newer build: analysis can always be made again, the user's time cannot wait.
      for (const ext of ['', '-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, `${file}.damaged-${Date.now()}${ext}`);
      return new ActivityStore(ActivityStore.openFile(file));
    }
  }

  private static openFile(file: string): Database.Database {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      // The issue asks for FULL: a power cut must not leave a half-written analysis behind.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v > SCHEMA_VERSION) throw new Error('activity database from a newer Reelvault');
      db.exec(SCHEMA);
      if (v < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private fileId(v: FileVersion): { id: number; seconds: number; blind: string | null; pixels: number } | undefined {
    return this.db.prepare('SELECT id, seconds, blind, pixels FROM files WHERE path = ? AND size = ? AND mtime = ?')
      .get(v.path, v.size, v.mtimeMs) as { id: number; seconds: number; blind: string | null; pixels: number } | undefined;
  }

  /** Whether this version's sizes pass has run. */
  hasSizes(v: FileVersion): boolean {
    return this.fileId(v) !== undefined;
  }

  /** Whether this version's pixel pass has run (or failed for good). */
  hasPixels(v: FileVersion): boolean {
    const f = this.fileId(v);
    return !!f && f.pixels !== 0;
  }

  /** Records the sizes pass; an older version of the same path is dropped with its analysis. */
  putSizes(v: FileVersion, rec: SizesRecord): void {
    this.forget(v.path);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM files WHERE path = ? AND (size != ? OR mtime != ?)').run(v.path, v.size, v.mtimeMs);
      const had = this.fileId(v);
      if (had) {
        this.db.prepare('UPDATE files SET seconds = ?, blind = ? WHERE id = ?').run(rec.seconds, rec.blind, had.id);
        if (had.pixels !== 0) return; // pixels already say more
        this.db.prepare('DELETE FROM runs WHERE file = ? AND kind = 0').run(had.id);
      }
      const id = had?.id ?? Number(this.db.prepare('INSERT INTO files (path, size, mtime, seconds, blind) VALUES (?, ?, ?, ?, ?)')
        .run(v.path, v.size, v.mtimeMs, rec.seconds, rec.blind).lastInsertRowid);
      this.setSummary(id, rec.blind ? [] : rec.levels, SIZE_EVENT_LEVEL);
      const ins = this.db.prepare('INSERT INTO runs (file, kind, at, levels, cells) VALUES (?, 0, ?, ?, NULL)');
      for (const [a, b] of activeRuns(rec.levels)) ins.run(id, a, Buffer.from(rec.levels.slice(a, b).map(toByte)));
    })();
  }

  /** Records the pixel pass (or that it failed for good); the sizes runs are then dropped. */
  putPixels(v: FileVersion, rec: PixelsRecord | 'failed', seconds?: number): void {
    this.forget(v.path);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM files WHERE path = ? AND (size != ? OR mtime != ?)').run(v.path, v.size, v.mtimeMs);
      const had = this.fileId(v);
      const n = rec === 'failed' ? 0 : rec.levels.length;
      const id = had?.id ?? Number(this.db.prepare('INSERT INTO files (path, size, mtime, seconds, blind) VALUES (?, ?, ?, ?, NULL)')
        .run(v.path, v.size, v.mtimeMs, seconds ?? n).lastInsertRowid);
      if (rec === 'failed') {
        this.db.prepare('UPDATE files SET pixels = 2 WHERE id = ?').run(id);
        return;
      }
      this.db.prepare('DELETE FROM runs WHERE file = ?').run(id);
      this.db.prepare('UPDATE files SET pixels = 1, seconds = max(seconds, ?) WHERE id = ?').run(n, id);
      this.setSummary(id, rec.levels, PIXEL_EVENT_LEVEL);
      const ins = this.db.prepare('INSERT INTO runs (file, kind, at, levels, cells) VALUES (?, 1, ?, ?, ?)');
      for (const [a, b] of activeRuns(rec.levels, rec.cells)) {
        const cells = Buffer.alloc((b - a) * CELL_BYTES);
        for (let k = a; k < b; k++) cells.set(cellsToBytes(rec.cells[k] ?? 0n), (k - a) * CELL_BYTES);
        ins.run(id, a, Buffer.from(rec.levels.slice(a, b).map(toByte)), deflateRawSync(cells));
      }
    })();
  }

  /** Drops a path's summaries from memory (its analysis is being written). */
  private forget(p: string): void {
    this.glance.delete(p);
  }

  private setSummary(id: number, levels: readonly (number | null)[], threshold: number): void {
    let peak = 0;
    for (const l of levels) if (l !== null && l > peak) peak = l;
    const events = stretchesOf(levels, threshold).map((e) => [e.from, e.to, Math.round(e.peak * 255) / 255]);
    this.db.prepare('UPDATE files SET peak = ?, events = ? WHERE id = ?').run(peak, events.length ? JSON.stringify(events) : null, id);
  }

  /** The files at a glance (one query): for coarse steps, where each step covers whole files. */
  summaries(vs: readonly FileVersion[]): Array<FileSummary | undefined> {
    const cached = (v: FileVersion): FileSummary | undefined => {
      const c = this.glance.get(v.path);
      return c && c.size === v.size && c.mtimeMs === v.mtimeMs ? c.summary : undefined;
    };
    const missing = vs.filter((v) => !cached(v));
    const fresh = this.summariesFromDb(missing);
    if (this.glance.size + missing.length > GLANCE_CACHE) this.glance.clear();
    missing.forEach((v, k) => { const f = fresh[k]; if (f) this.glance.set(v.path, { size: v.size, mtimeMs: v.mtimeMs, summary: f }); });
    return vs.map(cached);
  }

  private summariesFromDb(vs: readonly FileVersion[]): Array<FileSummary | undefined> {
    if (!vs.length) return [];
    type Row = { path: string; size: number; mtime: number; seconds: number; blind: string | null; pixels: number; peak: number; events: string | null };
    const rows = this.db.prepare('SELECT path, size, mtime, seconds, blind, pixels, peak, events FROM files WHERE path IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...new Set(vs.map((v) => v.path))])) as Row[];
    const byVersion = new Map(rows.map((f) => [`${f.path}\0${f.size}\0${f.mtime}`, f]));
    return vs.map((v) => {
      const f = byVersion.get(`${v.path}\0${v.size}\0${v.mtimeMs}`);
      if (!f) return undefined;
      const pixels = f.pixels === 1 ? 'done' : f.pixels === 2 ? 'failed' : 'none';
      const events = f.events ? (JSON.parse(f.events) as Array<[number, number, number]>).map(([from, to, peak]) => ({ from, to, peak })) : [];
      const known = f.pixels === 1 || !f.blind;
      return { seconds: f.seconds, blind: f.blind, pixels, peak: known ? f.peak : null, events };
    });
  }

  /** What is known of this version, or undefined when nothing has run on it. */
  read(v: FileVersion): StoredActivity | undefined {
    return this.readMany([v])[0];
  }

  /** Several versions at once (a lane's recordings in a window): two queries, whatever the count. */
  readMany(vs: readonly FileVersion[]): Array<StoredActivity | undefined> {
    if (!vs.length) return [];
    type FileRow = { id: number; path: string; size: number; mtime: number; seconds: number; blind: string | null; pixels: number };
    type RunRow = { file: number; kind: number; at: number; levels: Buffer; cells: Buffer | null };
    const files = this.db.prepare('SELECT id, path, size, mtime, seconds, blind, pixels FROM files WHERE path IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...new Set(vs.map((v) => v.path))])) as FileRow[];
    const key = (p: string, size: number, mtime: number): string => `${p}\0${size}\0${mtime}`;
    const byVersion = new Map(files.map((f) => [key(f.path, f.size, f.mtime), f]));
    const runs = new Map<number, RunRow[]>();
    const wanted = vs.flatMap((v) => { const f = byVersion.get(key(v.path, v.size, v.mtimeMs)); return f ? [f.id] : []; });
    if (wanted.length) {
      for (const r of this.db.prepare('SELECT file, kind, at, levels, cells FROM runs WHERE file IN (SELECT value FROM json_each(?))').all(JSON.stringify(wanted)) as RunRow[]) {
        let list = runs.get(r.file);
        if (!list) runs.set(r.file, list = []);
        list.push(r);
      }
    }
    return vs.map((v) => {
      const f = byVersion.get(key(v.path, v.size, v.mtimeMs));
      return f ? storedOf(f, runs.get(f.id) ?? []) : undefined;
    });
  }

  /** Several writes in one transaction: one sync to disk for a batch of files. */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  tuning(lane: string): CameraTuning {
    const r = this.db.prepare('SELECT mask, sensitivity FROM cameras WHERE lane = ?').get(lane) as { mask: Buffer | null; sensitivity: number } | undefined;
    return { mask: r?.mask ? cellsFromBytes(r.mask) : 0n, sensitivity: r?.sensitivity ?? 1 };
  }

  setTuning(lane: string, t: CameraTuning): void {
    this.db.prepare('INSERT INTO cameras (lane, mask, sensitivity) VALUES (?, ?, ?) ON CONFLICT (lane) DO UPDATE SET mask = excluded.mask, sensitivity = excluded.sensitivity')
      .run(lane, t.mask ? Buffer.from(cellsToBytes(t.mask)) : null, t.sensitivity);
  }

  /** Bytes the database takes on disk (pages in use), for the budget test and the bench. */
  bytesUsed(): number {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * (this.db.pragma('page_size', { simple: true }) as number);
  }

  close(): void {
    this.db.close();
  }
}
