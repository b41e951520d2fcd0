// What the index holds of this computer's files, as a scan compares it: read in pages (the event
// loop answers queries between them) into flat arrays, one slot per entry. A rescan of 1,000,000
// unchanged files built a string signature and an object per entry (13 s and most of the garbage
// collection of a 44 s rescan on this machine); slots and numbers cost a fraction of that.
// The path is not read: an id is a keyed hash of the root and the path, so one id is one path.
import type { EntryStatus } from '../../contract/api.js';
import type { Db } from './db.js';

const PAGE = 20_000;

export class HeldRows {
  readonly slot = new Map<string, number>();
  ids: string[] = [];
  size: number[] = [];
  mtime: number[] = [];
  rec: number[] = [];
  status: EntryStatus[] = [];
  reason: Array<string | null> = [];
  cam: number[] = [];
  /** Seen by the walk (slots not seen are deleted, unless their root was not read). */
  seen: Uint8Array = new Uint8Array(0);

  static async read(db: Db, cams: readonly number[], pause: () => Promise<unknown>): Promise<HeldRows> {
    const h = new HeldRows();
    if (!cams.length) return h;
    // By rowid alone: a camera filter here lets the planner read the (cam, …) index and sort
    // every row for each page (seconds per page on 1M rows).
    const page = db.prepare(`SELECT rid, id, size, mtime, rec, status, reason, cam FROM entries WHERE rid > ? ORDER BY rid LIMIT ${PAGE}`).raw();
    const wanted = new Set(cams);
    type Raw = [number, string, number, number, number, EntryStatus, string | null, number];
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Raw[];
      for (const r of rows) {
        if (!wanted.has(r[7])) continue;
        h.slot.set(r[1], h.ids.length);
        h.ids.push(r[1]); h.size.push(r[2]); h.mtime.push(r[3]); h.rec.push(r[4]);
        h.status.push(r[5]); h.reason.push(r[6]); h.cam.push(r[7]);
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]![0];
      await pause();
    }
    h.seen = new Uint8Array(h.ids.length);
    return h;
  }
}

/** The status and reason a scan gives a listed file (entries.ts makeEntry), without the rest of it. */
export function scanStatus(size: number, problem: string | null): { status: EntryStatus; reason: string | null } {
  if (problem) return { status: 'unreadable', reason: problem };
  if (size === 0) return { status: 'empty', reason: 'file is empty (0 bytes)' };
  return { status: 'ok', reason: null };
}
