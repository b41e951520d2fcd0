// The in-memory index: entries by id, and cached orderings that queries filter in one pass.
import { buildLanes, type Lane } from './timeline-index.js';
import type {
  CameraRef, EntryStatus, LibraryEntry, LibraryQuery, ProbeState, QueryResult, SortKey,
} from '../../contract/api.js';

export const DEFAULT_LIMIT = 60;
export const MAX_LIMIT = 1000;

/** An entry plus what queries need precomputed. */
interface Row {
  e: LibraryEntry;
  /** Lower-case path for text search, made on the first text query. */
  hay?: string;
  /** Index into the camera table. */
  cam: number;
}

interface Camera {
  root: string;
  name: string;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const COMPARE: Record<SortKey, (a: Row, b: Row) => number> = {
  'recorded-desc': (a, b) => b.e.recordedAt - a.e.recordedAt || collator.compare(a.e.relPath, b.e.relPath),
  'recorded-asc': (a, b) => a.e.recordedAt - b.e.recordedAt || collator.compare(a.e.relPath, b.e.relPath),
  name: (a, b) => collator.compare(a.e.filename, b.e.filename) || collator.compare(a.e.relPath, b.e.relPath),
  size: (a, b) => b.e.size - a.e.size || b.e.recordedAt - a.e.recordedAt,
  duration: (a, b) => {
    const da = a.e.media?.durationSec ?? undefined, db = b.e.media?.durationSec ?? undefined;
    if (da === undefined || db === undefined) return (da === undefined ? 1 : 0) - (db === undefined ? 1 : 0) || b.e.recordedAt - a.e.recordedAt;
    return db - da || b.e.recordedAt - a.e.recordedAt;
  },
};

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

export class EntryIndex {
  private readonly rows = new Map<string, Row>();
  private readonly cameras: Camera[] = [];
  private readonly cameraIds = new Map<string, number>();
  private readonly orders = new Map<SortKey, Row[]>();
  private byPath: Map<string, Row[]> | null = null;
  private folders: Set<string> | null = null;
  private lanes: Map<string, Lane> | null = null;
  /** Cameras (by id in the camera table) whose lanes changed since they were built. */
  private dirtyCams = new Set<number>();

  get size(): number {
    return this.rows.size;
  }

  get(id: string): LibraryEntry | undefined {
    return this.rows.get(id)?.e;
  }

  *entries(): IterableIterator<LibraryEntry> {
    for (const r of this.rows.values()) yield r.e;
  }

  put(e: LibraryEntry): void {
    const row = this.rows.get(e.id);
    if (row) this.dirtyCams.add(row.cam);
    this.dirtyCams.add(this.cameraId(e.root, e.camera));
    if (row && row.e.root === e.root && row.e.relPath === e.relPath && row.e.recordedAt === e.recordedAt && row.e.size === e.size
      && row.e.camera === e.camera) {
      // Same place in every order but by duration (a probe result): keep the other sorted
      // orders, which cost tens of ms each to rebuild, while background probing streams in.
      const durationMoved = (row.e.media?.durationSec ?? null) !== (e.media?.durationSec ?? null);
      row.e = e;
      if (durationMoved) this.orders.delete('duration');
      return;
    }
    this.rows.set(e.id, { e, cam: this.cameraId(e.root, e.camera) });
    this.orders.clear();
    this.byPath = null;
    this.folders = null;
  }

  delete(id: string): boolean {
    const row = this.rows.get(id);
    const had = this.rows.delete(id);
    if (had) {
      this.dirtyCams.add(row!.cam);
      this.orders.clear();
      this.byPath = null;
      this.folders = null;
    }
    return had;
  }

  /** Whether any entry lives in `rel` (a folder below `root`) or deeper. */
  hasFolder(root: string, rel: string): boolean {
    if (!this.folders) {
      this.folders = new Set();
      for (const r of this.rows.values()) {
        let dir = r.e.relPath;
        for (let slash = dir.lastIndexOf('/'); slash > 0; slash = dir.lastIndexOf('/')) {
          dir = dir.slice(0, slash);
          const key = `${r.e.root}\0${dir}`;
          if (this.folders.has(key)) break; // its ancestors are in already
          this.folders.add(key);
        }
      }
    }
    return this.folders.has(`${root}\0${rel}`);
  }

  /** Entries at a path below their root (any root): for old clients that still send paths. */
  findByRelPath(rel: string): LibraryEntry[] {
    if (!this.byPath) {
      this.byPath = new Map();
      for (const r of this.rows.values()) {
        const list = this.byPath.get(r.e.relPath);
        if (list) list.push(r);
        else this.byPath.set(r.e.relPath, [r]);
      }
    }
    return (this.byPath.get(rel) ?? []).map((r) => r.e);
  }

  private cameraId(root: string, name: string): number {
    const key = cameraKey(root, name);
    let id = this.cameraIds.get(key);
    if (id === undefined) {
      id = this.cameras.length;
      this.cameras.push({ root, name });
      this.cameraIds.set(key, id);
    }
    return id;
  }

  /** Sorting 100,000 rows costs tens of ms, so each order is kept until the next change. */
  private order(sort: SortKey): Row[] {
    let rows = this.orders.get(sort);
    if (!rows) {
      rows = [...this.rows.values()].sort(COMPARE[sort]);
      this.orders.set(sort, rows);
    }
    return rows;
  }

  /** The timeline's lanes (timeline-index.ts), keyed by cameraKey; kept until the next change. */
  timelineLanes(): Map<string, Lane> {
    if (!this.lanes) {
      this.lanes = buildLanes(this.entries(), cameraKey);
    } else if (this.dirtyCams.size) {
      // Only the cameras that changed (probes land on one camera's files at a time).
      const dirty = this.dirtyCams;
      const rebuilt = buildLanes((function* (rows) { for (const r of rows) if (dirty.has(r.cam)) yield r.e; })(this.rows.values()), cameraKey);
      for (const cam of dirty) {
        const key = cameraKey(this.cameras[cam]!.root, this.cameras[cam]!.name);
        const lane = rebuilt.get(key);
        if (lane) this.lanes.set(key, lane);
        else this.lanes.delete(key);
      }
    }
    this.dirtyCams = new Set();
    return this.lanes;
  }

  /** Every root any entry has had (cheap: from the camera table, not the rows). */
  roots(): string[] {
    return [...new Set(this.cameras.map((c) => c.root))];
  }

  /** Every camera that has files, per root. */
  cameraList(): Array<{ root: string; name: string }> {
    const seen = new Uint8Array(this.cameras.length);
    for (const r of this.rows.values()) seen[r.cam] = 1;
    return this.cameras.filter((_, i) => seen[i]).map((c) => ({ ...c }));
  }

  /**
   * `facets: false` skips the facet counts; with no filter either, a page is a slice of the
   * cached order (what a dashboard polling "newest 24" needs, in microseconds).
   */
  query(q: LibraryQuery, opts: QueryOptions = {}): IndexResult {
    const sort = q.sort ?? 'recorded-desc';
    const hide = opts.hideRoots?.size ? opts.hideRoots : null;
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(MAX_LIMIT, Math.max(0, Math.floor(q.limit ?? DEFAULT_LIMIT)));
    const unfiltered = !q.cameras?.length && q.from === undefined && q.to === undefined && !q.text?.trim() && !q.status?.length && !q.probe?.length;
    if (opts.facets === false && unfiltered && !hide) {
      const order = this.order(sort);
      return { items: order.slice(offset, offset + limit).map((r) => r.e), total: order.length, facets: { cameras: [], recordedRange: null } };
    }
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const statuses: Set<EntryStatus> | null = q.status?.length ? new Set(q.status) : null;
    const probes: Set<ProbeState> | null = q.probe?.length ? new Set(q.probe) : null;
    let camFilter: Uint8Array | null = null;
    if (q.cameras?.length) {
      camFilter = new Uint8Array(this.cameras.length);
      for (const c of q.cameras) {
        const id = this.cameraIds.get(cameraKey(c.root, c.name));
        if (id !== undefined) camFilter[id] = 1;
      }
    }
    const camCounts = new Int32Array(this.cameras.length);
    const present = new Uint8Array(this.cameras.length);
    const items: LibraryEntry[] = [];
    let total = 0;
    let min = Infinity, max = -Infinity;

    // One pass computes the page, the total and both facets: each facet honours every filter
    // except its own, so the camera chips still show what another camera would add.
    for (const r of this.order(sort)) {
      if (hide?.has(r.e.root)) continue;
      present[r.cam] = 1;
      if (statuses && !statuses.has(r.e.status)) continue;
      if (probes && !probes.has(r.e.probe)) continue;
      const t = r.e.recordedAt;
      const inDate = t >= from && t < to;
      const inCam = camFilter === null || camFilter[r.cam] === 1;
      // A row outside both the dates and the cameras counts for no facet: skip the text test,
      // the costly one (100,000 substring searches), for it.
      if (!inDate && !inCam) continue;
      if (words.length) {
        const hay = (r.hay ??= r.e.relPath.toLowerCase());
        let all = true;
        for (const w of words) if (!hay.includes(w)) { all = false; break; }
        if (!all) continue;
      }
      if (inDate) camCounts[r.cam]!++;
      if (inCam) {
        if (t < min) min = t;
        if (t > max) max = t;
      }
      if (inDate && inCam) {
        if (total >= offset && items.length < limit) items.push(r.e);
        total++;
      }
    }

    const cameras: IndexResult['facets']['cameras'] = [];
    for (let i = 0; i < this.cameras.length; i++) {
      if (present[i]) cameras.push({ ...this.cameras[i]!, count: camCounts[i]! });
    }
    cameras.sort((a, b) => collator.compare(a.root, b.root) || collator.compare(a.name, b.name));
    return { items, total, facets: { cameras, recordedRange: min <= max ? { min, max } : null } };
  }
}
