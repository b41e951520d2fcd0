// The index in SQLite: entries by id, every query answered by SQL on an index, facets from the
// per-camera-day rollup, timeline lanes from (lane, start). Nothing loads every row: a page costs
// what it shows. Writes come in batches, each one transaction (the caller's whole change).
import type { CameraRef, EntryStatus, LibraryEntry, LibraryQuery, MediaSummary, ProbeState, QueryResult, SortKey } from '../../contract/api.js';
import { logger } from '../util/log.js';
import { INDEXES } from './db-schema.js';
import type { Db } from './db.js';
import { naturalKey } from './sort-key.js';
import { rollupPlan, type Span } from './rollup-plan.js';
import { TextIndexer } from './text-index.js';
import { ftsMatch, splitWords } from './text-match.js';
import { spanOf, type Lane, type LaneColumns, type LaneRow } from './timeline-index.js';

const log = logger('library');

export const DEFAULT_LIMIT = 60;
export const MAX_LIMIT = 1000;

/** A query's answer inside main: roots are paths here (the public view gives them ids and labels). */
export interface IndexResult extends Omit<QueryResult, 'facets'> {
  facets: { cameras: Array<CameraRef & { count: number }>; recordedRange: QueryResult['facets']['recordedRange'] };
}

export interface QueryOptions {
  /** Compute the camera and date facets (default true). */
  facets?: boolean;
  /** Roots whose entries this caller may not see (a LAN viewer: the desktop's temporary folders). */
  hideRoots?: ReadonlySet<string>;
}

export function cameraKey(root: string, name: string): string {
  return `${root}\0${name}`;
}

const ORDER: Record<SortKey, string> = {
  'recorded-desc': 'rec DESC, rel_key, cam',
  'recorded-asc': 'rec, rel_key, cam',
  name: 'name_key, rel_key, cam',
  // Every order ends on the path and the camera, so rows that tie (the same size and time on two
  // cameras) keep one order from page to page, however the rows were written.
  size: 'size DESC, rec DESC, rel_key, cam',
  // NULL is the smallest value, so the unprobed come last.
  duration: 'dur DESC, rec DESC, rel_key, cam',
};

const COLS = 'id, cam, rel, name, size, mtime, rec, started, rec_from, status, reason, probe, media, probe_error';

interface Row {
  id: string; cam: number; rel: string; name: string; size: number; mtime: number; rec: number; started: number;
  rec_from: LibraryEntry['recordedAtFrom']; status: EntryStatus; reason: string | null; probe: ProbeState;
  media: string | null; probe_error: string | null;
}

interface Camera {
  id: number;
  root: string;
  name: string;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Spans of mtime − duration starts overlapping by more than this betray copied files. */
const OVERLAP_SLACK_MS = 1000;

export class SqlIndex {
  private readonly cams = new Map<number, Camera>();
  private readonly camIds = new Map<string, number>();
  private readonly rootIds = new Map<string, number>();
  /** Per camera, at its version (cameras.ver): whether its times are guesses, and its lane as columns. */
  private readonly unreliable = new Map<number, { ver: number; value: boolean }>();
  private readonly laneCols = new Map<number, { ver: number; cols: LaneColumns }>();
  /** The trigram index, filled in the background after a scan. */
  readonly text: TextIndexer;
  private readonly st;

  constructor(readonly db: Db, onTextState: (ready: boolean) => void = () => undefined) {
    // Today's meaning of a word, for what the trigram index does not (yet) answer.
    db.function('has_text', { deterministic: true }, (rel: unknown, words: unknown) => {
      const hay = String(rel).toLowerCase();
      for (const w of String(words).split(' ')) if (!hay.includes(w)) return 0;
      return 1;
    });
    this.text = new TextIndexer(db, onTextState, (err) => log.warn(`the text index could not be filled now: ${String(err)}`));
    for (const r of db.prepare('SELECT id, path FROM roots').all() as Array<{ id: number; path: string }>) this.rootIds.set(r.path, r.id);
    const paths = new Map([...this.rootIds].map(([p, id]) => [id, p]));
    for (const c of db.prepare('SELECT id, root, name FROM cameras').all() as Array<{ id: number; root: number; name: string }>) {
      this.addCam({ id: c.id, root: paths.get(c.root)!, name: c.name });
    }
    this.st = {
      get: db.prepare(`SELECT ${COLS} FROM entries WHERE id = ?`),
      upsert: db.prepare(`INSERT INTO entries (id, cam, rel, name, size, mtime, rec, started, rec_from, status, reason, probe, media, probe_error,
          dur, height, span_start, span_end, span_flags, rel_key, name_key)
        VALUES (@id, @cam, @rel, @name, @size, @mtime, @rec, @started, @rec_from, @status, @reason, @probe, @media, @probe_error,
          @dur, @height, @span_start, @span_end, @span_flags, @rel_key, @name_key)
        ON CONFLICT (id) DO UPDATE SET cam = excluded.cam, rel = excluded.rel, name = excluded.name, size = excluded.size,
          mtime = excluded.mtime, rec = excluded.rec, started = excluded.started, rec_from = excluded.rec_from, status = excluded.status,
          reason = excluded.reason, probe = excluded.probe, media = excluded.media, probe_error = excluded.probe_error, dur = excluded.dur,
          height = excluded.height, span_start = excluded.span_start, span_end = excluded.span_end, span_flags = excluded.span_flags,
          rel_key = excluded.rel_key, name_key = excluded.name_key`),
      del: db.prepare('DELETE FROM entries WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM entries').pluck(),
      addRoot: db.prepare('INSERT INTO roots (path) VALUES (?)'),
      addCam: db.prepare('INSERT INTO cameras (root, name) VALUES (?, ?)'),
      byRel: db.prepare(`SELECT ${COLS} FROM entries WHERE rel = ?`),
      under: db.prepare(`SELECT id FROM entries WHERE cam = ? AND rel >= ? AND rel < ?`),
      anyUnder: db.prepare(`SELECT 1 FROM entries WHERE cam = ? AND rel >= ? AND rel < ? LIMIT 1`),
      firstRec: db.prepare('SELECT rec FROM entries WHERE cam = ? ORDER BY rec LIMIT 1').pluck(),
      lastRec: db.prepare('SELECT rec FROM entries WHERE cam = ? ORDER BY rec DESC LIMIT 1').pluck(),
      camN: db.prepare('SELECT id, n FROM cameras WHERE n > 0'),
      // Per camera, in one statement (each part a seek on a (cam, …) index, no grouping of rows):
      // whole days from the rollup, plus two row ranges, less two others (rollup-plan.ts).
      window: db.prepare(`SELECT id AS cam,
          coalesce((SELECT sum(n) FROM cam_days WHERE cam = cameras.id AND day >= ? AND day < ?), 0)
          + (SELECT count(*) FROM entries WHERE cam = cameras.id AND rec >= ? AND rec < ?)
          + (SELECT count(*) FROM entries WHERE cam = cameras.id AND rec >= ? AND rec < ?)
          - (SELECT count(*) FROM entries WHERE cam = cameras.id AND rec >= ? AND rec < ?)
          - (SELECT count(*) FROM entries WHERE cam = cameras.id AND rec >= ? AND rec < ?) AS n
        FROM cameras WHERE n > 0`),
      laneRows: db.prepare(`SELECT id, rel, span_start AS start, span_end AS end, span_flags AS flags, height FROM entries
        WHERE cam = ? AND span_start IS NOT NULL AND span_start >= ? AND span_start < ? ORDER BY span_start, rel_key`),
      maxLen: db.prepare('SELECT max_len FROM cameras WHERE id = ?').pluck(),
      ver: db.prepare('SELECT ver FROM cameras WHERE id = ?').pluck(),
      laneAll: db.prepare(`SELECT span_start, span_end, span_flags, rid FROM entries
        WHERE cam = ? AND span_start IS NOT NULL ORDER BY span_start, rel_key`).raw(),
      copied: db.prepare(`SELECT span_start AS start, span_end AS end FROM entries
        WHERE cam = ? AND span_start IS NOT NULL AND rec_from = 'mtime-duration' ORDER BY span_start`),
    };
  }

  private addCam(c: Camera): void {
    this.cams.set(c.id, c);
    this.camIds.set(cameraKey(c.root, c.name), c.id);
  }

  private cameraId(root: string, name: string): number {
    const id = this.camIds.get(cameraKey(root, name));
    if (id !== undefined) return id;
    let rootId = this.rootIds.get(root);
    if (rootId === undefined) {
      rootId = Number(this.st.addRoot.run(root).lastInsertRowid);
      this.rootIds.set(root, rootId);
    }
    const camId = Number(this.st.addCam.run(rootId, name).lastInsertRowid);
    this.addCam({ id: camId, root, name });
    return camId;
  }

  get size(): number {
    return this.st.count.get() as number;
  }

  private decode(r: Row): LibraryEntry {
    const c = this.cams.get(r.cam)!;
    const e: LibraryEntry = {
      id: r.id, root: c.root, relPath: r.rel, camera: c.name, filename: r.name, size: r.size, mtimeMs: r.mtime,
      recordedAt: r.rec, startedAt: r.started, recordedAtFrom: r.rec_from, status: r.status, probe: r.probe,
    };
    if (r.reason !== null) e.reason = r.reason;
    if (r.media !== null) e.media = JSON.parse(r.media) as MediaSummary;
    if (r.probe_error !== null) e.probeError = r.probe_error;
    return e;
  }

  get(id: string): LibraryEntry | undefined {
    const r = this.st.get.get(id) as Row | undefined;
    return r && this.decode(r);
  }

  /** Apply puts and deletes in one transaction; returns the ids that were really deleted. */
  write(puts: readonly LibraryEntry[], dels: readonly string[]): string[] {
    const gone: string[] = [];
    this.db.transaction(() => {
      for (const e of puts) this.putOne(e);
      for (const id of dels) if (this.st.del.run(id).changes) gone.push(id);
    })();
    if (puts.length) this.text.schedule();
    return gone;
  }

  /** Ids of the cameras of roots that `pick` chooses. */
  cameraIds(pick: (root: string) => boolean): number[] {
    return [...this.cams.values()].filter((c) => pick(c.root)).map((c) => c.id);
  }

  /** A camera's root and name. */
  camera(id: number): { root: string; name: string } | undefined {
    return this.cams.get(id);
  }

  /** How many entries each root holds. */
  countsPerRoot(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.st.camN.all() as Array<{ id: number; n: number }>) {
      const root = this.cams.get(r.id)!.root;
      out.set(root, (out.get(root) ?? 0) + r.n);
    }
    return out;
  }

  /**
   * Load many new entries into a nearly empty index (a cold scan): the query indexes are dropped,
   * the rows go in by thousands per transaction, and the indexes are made again by one sort each.
   * Queries meanwhile are answered, slowly, from the table itself.
   */
  async bulkLoad(puts: readonly LibraryEntry[], batch: number, pause: () => Promise<unknown>): Promise<void> {
    const names = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL").pluck().all() as string[])
      .filter((n) => n !== 'entries_problems');
    for (const n of names) this.db.exec(`DROP INDEX ${n}`);
    try {
      for (let i = 0; i < puts.length; i += batch) {
        this.write(puts.slice(i, i + batch), []);
        await pause();
      }
    } finally {
      for (const sql of INDEXES) this.db.exec(sql);
    }
  }

  /** One entry in (its own transaction): for tools; the library writes in batches. */
  put(e: LibraryEntry): void {
    this.write([e], []);
  }

  delete(id: string): boolean {
    return this.write([], [id]).length > 0;
  }

  private putOne(e: LibraryEntry): void {
    const cam = this.cameraId(e.root, e.camera);
    const span = spanOf(e);
    this.st.upsert.run({
      id: e.id, cam, rel: e.relPath, name: e.filename, size: e.size, mtime: e.mtimeMs, rec: e.recordedAt, started: e.startedAt,
      rec_from: e.recordedAtFrom, status: e.status, reason: e.reason ?? null, probe: e.probe,
      media: e.media ? JSON.stringify(e.media) : null, probe_error: e.probeError ?? null,
      dur: e.media?.durationSec ?? null, height: e.media?.height ?? null,
      span_start: span?.start ?? null, span_end: span?.end ?? null, span_flags: span?.flags ?? null,
      rel_key: naturalKey(e.relPath), name_key: naturalKey(e.filename),
    });
  }

  /** Every entry, read in pages by id so no more than a page is in memory at once. */
  *entries(where = '', params: unknown[] = []): IterableIterator<LibraryEntry> {
    const page = this.db.prepare(`SELECT rid, ${COLS} FROM entries WHERE rid > ? ${where ? `AND ${where}` : ''} ORDER BY rid LIMIT 2000`);
    let after = 0;
    for (;;) {
      const rows = page.all(after, ...params) as Array<Row & { rid: number }>;
      for (const r of rows) yield this.decode(r);
      if (rows.length < 2000) return;
      after = rows[rows.length - 1]!.rid;
    }
  }

  /** The entries of some roots (all of them, in pages). */
  entriesOfRoots(roots: ReadonlySet<string>): IterableIterator<LibraryEntry> {
    const cams = [...this.cams.values()].filter((c) => roots.has(c.root)).map((c) => c.id);
    return this.entries(`cam IN (${cams.join(',') || 'NULL'})`);
  }

  /** Ids of the entries of roots that `pick` chooses. */
  idsOfRoots(pick: (root: string) => boolean): string[] {
    const cams = [...this.cams.values()].filter((c) => pick(c.root)).map((c) => c.id);
    if (!cams.length) return [];
    return this.db.prepare(`SELECT id FROM entries WHERE cam IN (${cams.join(',')})`).pluck().all() as string[];
  }

  /** Ids of the entries in folder `rel` below `root`, or deeper. */
  idsUnder(root: string, rel: string): string[] {
    const out: string[] = [];
    for (const c of this.cams.values()) {
      if (c.root !== root) continue;
      for (const r of this.st.under.all(c.id, `${rel}/`, `${rel}0`) as Array<{ id: string }>) out.push(r.id);
    }
    return out;
  }

  /** Whether any entry lives in `rel` (a folder below `root`) or deeper. */
  hasFolder(root: string, rel: string): boolean {
    for (const c of this.cams.values()) if (c.root === root && this.st.anyUnder.get(c.id, `${rel}/`, `${rel}0`)) return true;
    return false;
  }

  /** Entries at a path below their root (any root): for old clients that still send paths. */
  findByRelPath(rel: string): LibraryEntry[] {
    return (this.st.byRel.all(rel) as Row[]).map((r) => this.decode(r));
  }

  /** Every root any entry has had. */
  roots(): string[] {
    return [...this.rootIds.keys()];
  }

  /** Every camera that has files, per root. */
  cameraList(): Array<{ root: string; name: string }> {
    return (this.st.camN.all() as Array<{ id: number }>).map((r) => ({ root: this.cams.get(r.id)!.root, name: this.cams.get(r.id)!.name }));
  }

  /** The timeline's lanes: one per camera with files; their spans are read per window. */
  timelineLanes(): Map<string, Lane> {
    const lanes = new Map<string, Lane>();
    for (const { id } of this.st.camN.all() as Array<{ id: number }>) {
      const c = this.cams.get(id)!;
      const unreliable = (): boolean => this.laneUnreliable(id);
      lanes.set(cameraKey(c.root, c.name), {
        root: c.root, camera: c.name,
        get unreliable() { return unreliable(); },
        rows: (from: number, to: number): LaneRow[] => {
          const maxLen = this.st.maxLen.get(id) as number;
          return this.st.laneRows.all(id, from - maxLen, to) as LaneRow[];
        },
        columns: () => this.laneColumns(id),
        describe: (rids) => this.describe(rids),
      });
    }
    return lanes;
  }

  /** Copied files (start = mtime − duration) overlapping each other: the lane's times are guesses. */
  private laneUnreliable(cam: number): boolean {
    const ver = this.st.ver.get(cam) as number;
    const cached = this.unreliable.get(cam);
    if (cached?.ver === ver) return cached.value;
    let u = false;
    let lastEnd = -Infinity;
    for (const s of this.st.copied.iterate(cam) as IterableIterator<{ start: number; end: number }>) {
      if (s.start < lastEnd - OVERLAP_SLACK_MS) { u = true; break; }
      lastEnd = Math.max(lastEnd, s.end);
    }
    this.unreliable.set(cam, { ver, value: u });
    return u;
  }

  /** A lane's spans as packed columns, read again only after the camera's entries change. */
  private laneColumns(cam: number): LaneColumns {
    const ver = this.st.ver.get(cam) as number;
    const cached = this.laneCols.get(cam);
    if (cached?.ver === ver) return cached.cols;
    const rows = this.st.laneAll.all(cam) as Array<[number, number, number, number]>;
    const n = rows.length;
    const cols: LaneColumns = { starts: new Float64Array(n), ends: new Float64Array(n), flags: new Uint8Array(n), rids: new Float64Array(n), maxLength: 0 };
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      cols.starts[i] = r[0];
      cols.ends[i] = r[1];
      cols.flags[i] = r[2];
      cols.rids[i] = r[3];
      if (r[1] - r[0] > cols.maxLength) cols.maxLength = r[1] - r[0];
    }
    this.laneCols.set(cam, { ver, cols });
    return cols;
  }

  /** Ids and heights by rid, a few hundred at a time. */
  describe(rids: readonly number[]): Map<number, { id: string; height: number | null }> {
    const out = new Map<number, { id: string; height: number | null }>();
    for (let i = 0; i < rids.length; i += 500) {
      const part = rids.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT rid, id, height FROM entries WHERE rid IN (${part.map(() => '?').join(',')})`).all(...part) as Array<{ rid: number; id: string; height: number | null }>;
      for (const r of rows) out.set(r.rid, { id: r.id, height: r.height });
    }
    return out;
  }

  query(q: LibraryQuery, opts: QueryOptions = {}): IndexResult {
    const sort = q.sort && ORDER[q.sort] ? q.sort : 'recorded-desc';
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(MAX_LIMIT, Math.max(0, Math.floor(q.limit ?? DEFAULT_LIMIT)));
    const hidden = opts.hideRoots?.size ? new Set([...this.cams.values()].filter((c) => opts.hideRoots!.has(c.root)).map((c) => c.id)) : null;

    // Filters every part of the answer honours; the camera and date filters are added per part.
    const base: string[] = [];
    const params: unknown[] = [];
    if (hidden?.size) base.push(`cam NOT IN (${[...hidden].join(',')})`);
    if (q.status?.length) { base.push(`status IN (${q.status.map(() => '?').join(',')})`); params.push(...q.status); }
    if (q.probe?.length) { base.push(`probe IN (${q.probe.map(() => '?').join(',')})`); params.push(...q.probe); }
    const words = splitWords(q.text);
    if (words.length) {
      const { fts, rest } = ftsMatch(words);
      const upto = this.text.upto;
      if (fts && upto > 0) {
        // Rows the trigram index has not reached yet are tested on their path.
        if (upto >= this.text.maxRid) {
          base.push('rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)');
          params.push(fts);
        } else {
          base.push('(rid IN (SELECT rowid FROM fts WHERE fts MATCH ?) OR (rid > ? AND has_text(rel, ?)))');
          params.push(fts, upto, words.join(' '));
        }
        if (rest.length) { base.push('has_text(rel, ?)'); params.push(rest.join(' ')); }
      } else {
        base.push('has_text(rel, ?)');
        params.push(words.join(' '));
      }
    }
    const camIds = q.cameras?.length ? q.cameras.map((c) => this.camIds.get(cameraKey(c.root, c.name))).filter((id): id is number => id !== undefined) : null;
    const camCond = camIds ? `cam IN (${camIds.join(',') || 'NULL'})` : null;
    const dateConds: string[] = [];
    const dateParams: number[] = [];
    if (q.from !== undefined) { dateConds.push('rec >= ?'); dateParams.push(q.from); }
    if (q.to !== undefined) { dateConds.push('rec < ?'); dateParams.push(q.to); }

    const where = [...base, ...(camCond ? [camCond] : []), ...dateConds];
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const all = [...params, ...dateParams];
    const rows = this.db.prepare(`SELECT ${COLS} FROM entries ${w} ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`)
      .all(...all, limit, Math.min(offset, Number.MAX_SAFE_INTEGER)) as Row[];
    const total = this.db.prepare(`SELECT count(*) FROM entries ${w}`).pluck().get(...all) as number;
    const items = rows.map((r) => this.decode(r));
    if (opts.facets === false) return { items, total, facets: { cameras: [], recordedRange: null } };
    return { items, total, facets: this.facets(q, hidden, base, params, camIds, camCond, dateConds, dateParams) };
  }

  /**
   * Each facet honours every filter except its own, so the camera chips still show what another
   * camera would add. Without status, probe or text filters both come from the rollup and the
   * (camera, time) index, never from the rows of the whole range.
   */
  private facets(
    q: LibraryQuery, hidden: Set<number> | null, base: string[], params: unknown[], camIds: number[] | null, camCond: string | null,
    dateConds: string[], dateParams: number[],
  ): IndexResult['facets'] {
    const present = (this.st.camN.all() as Array<{ id: number; n: number }>).filter((r) => !hidden?.has(r.id));
    const counts = new Map<number, number>();
    let range: { min: number; max: number } | null;
    const inCams = present.filter((r) => !camIds || camIds.includes(r.id)).map((r) => r.id);
    const rollup = !q.status?.length && !q.probe?.length && !splitWords(q.text).length;
    if (rollup) {
      if (q.from === undefined && q.to === undefined) for (const r of present) counts.set(r.id, r.n);
      else this.countFromRollup(q.from ?? -8.64e15, q.to ?? 8.64e15, counts);
      let min = Infinity, max = -Infinity;
      for (const cam of inCams) {
        const a = this.st.firstRec.get(cam) as number | undefined;
        const b = this.st.lastRec.get(cam) as number | undefined;
        if (a !== undefined && a < min) min = a;
        if (b !== undefined && b > max) max = b;
      }
      range = min <= max ? { min, max } : null;
    } else {
      const byDate = [...base, ...dateConds];
      const sql = `SELECT cam, count(*) AS n FROM entries ${byDate.length ? `WHERE ${byDate.join(' AND ')}` : ''} GROUP BY cam`;
      for (const r of this.db.prepare(sql).all(...params, ...dateParams) as Array<{ cam: number; n: number }>) counts.set(r.cam, r.n);
      const byCam = [...base, ...(camCond ? [camCond] : [])];
      const mm = this.db.prepare(`SELECT min(rec) AS min, max(rec) AS max FROM entries ${byCam.length ? `WHERE ${byCam.join(' AND ')}` : ''}`)
        .get(...params) as { min: number | null; max: number | null };
      range = mm.min !== null && mm.max !== null ? { min: mm.min, max: mm.max } : null;
    }
    const cameras = present.map((r) => ({ root: this.cams.get(r.id)!.root, name: this.cams.get(r.id)!.name, count: counts.get(r.id) ?? 0 }));
    cameras.sort((a, b) => collator.compare(a.root, b.root) || collator.compare(a.name, b.name));
    return { cameras, recordedRange: range };
  }

  /** Per camera, entries recorded in [from, to): whole days from the rollup, the ragged ends from the rows. */
  private countFromRollup(from: number, to: number, counts: Map<number, number>): void {
    const plan = rollupPlan(from, to);
    const none: Span = [0, 0];
    const args = [...plan.days, ...(plan.add[0] ?? none), ...(plan.add[1] ?? none), ...(plan.sub[0] ?? none), ...(plan.sub[1] ?? none)];
    for (const r of this.st.window.all(...args) as Array<{ cam: number; n: number }>) counts.set(r.cam, r.n);
  }
}
