// Bookmarks in their own SQLite file in the data folder (`bookmarks.sqlite`): what the user
// marks cannot be rebuilt by a scan, so it never lives in the index, and every write reaches
// the disk before it is acknowledged (synchronous=FULL).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BookmarksQuery } from '../../contract/bookmark-types.js';

export const BOOKMARKS_FILE = 'bookmarks.sqlite';
const VERSION = 1;
/** One listing answers at most this many: a range that holds more is narrowed by the caller. */
export const MAX_LISTED = 10_000;

export interface StoredBookmark {
  id: string;
  lane: string;
  at: number;
  note: string;
  createdAt: number;
  device: string;
  deviceLabel: string;
}

const SCHEMA = `
CREATE TABLE bookmarks (
  id TEXT PRIMARY KEY,
  lane TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  device TEXT NOT NULL,
  device_label TEXT NOT NULL
);
CREATE INDEX bookmarks_lane_at ON bookmarks (lane, at);
CREATE INDEX bookmarks_at ON bookmarks (at);
`;

type Row = { id: string; lane: string; at: number; note: string; created_at: number; device: string; device_label: string };
const fromRow = (r: Row): StoredBookmark => ({
  id: r.id, lane: r.lane, at: r.at, note: r.note, createdAt: r.created_at, device: r.device, deviceLabel: r.device_label,
});

export class BookmarkStore {
  private constructor(private readonly db: Database.Database) {}

  static open(dataDir: string): BookmarkStore {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, BOOKMARKS_FILE));
    try {
      db.pragma('journal_mode = WAL');
      // Marks are the user's own work: a power cut must not take back one already confirmed.
      db.pragma('synchronous = FULL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > VERSION) throw new Error(`bookmarks.sqlite was written by a newer Reelvault (version ${version})`);
      if (version === 0) db.transaction(() => { db.exec(SCHEMA); db.pragma(`user_version = ${VERSION}`); })();
    } catch (err) {
      db.close();
      throw err;
    }
    return new BookmarkStore(db);
  }

  /** synchronous's value as SQLite reports it (2 = FULL), for the test that holds us to it. */
  get synchronous(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  list(q: BookmarksQuery): StoredBookmark[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.lanes) {
      if (q.lanes.length === 0) return [];
      where.push(`lane IN (${q.lanes.map(() => '?').join(',')})`);
      params.push(...q.lanes);
    }
    if (q.from !== undefined) { where.push('at >= ?'); params.push(Math.floor(q.from)); }
    if (q.to !== undefined) { where.push('at <= ?'); params.push(Math.ceil(q.to)); }
    const sql = `SELECT * FROM bookmarks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at, id LIMIT ${MAX_LISTED}`;
    return (this.db.prepare(sql).all(...params) as Row[]).map(fromRow);
  }

  get(id: string): StoredBookmark | null {
    const r = this.db.prepare('SELECT * FROM bookmarks WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  add(b: Omit<StoredBookmark, 'id' | 'createdAt'>, now = Date.now()): StoredBookmark {
    const row: StoredBookmark = { ...b, at: Math.round(b.at), id: randomBytes(12).toString('base64url'), createdAt: now };
    this.db.prepare('INSERT INTO bookmarks (id, lane, at, note, created_at, device, device_label) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.lane, row.at, row.note, row.createdAt, row.device, row.deviceLabel);
    return row;
  }

  setNote(id: string, note: string): StoredBookmark | null {
    const r = this.db.prepare('UPDATE bookmarks SET note = ? WHERE id = ?').run(note, id);
    return r.changes ? this.get(id) : null;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM bookmarks WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
