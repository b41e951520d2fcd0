// The library as the rest of the app sees it: open (the saved index is queryable at once), scan
// (reconcile with disk, write only what changed, in one transaction), query.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { LibraryEntry, LibraryQuery, MediaSummary } from '../../contract/api.js';
export type { RootReport, ScanReport, SkippedItem } from './scan-report.js';
import { logger } from '../util/log.js';
import { entryChanged, makeEntry } from './entries.js';
import { HeldRows, scanStatus } from './held-rows.js';
import { fileId, rootId } from './naming.mjs';
import { SqlIndex, type IndexResult, type QueryOptions } from './sql-index.js';
import { openDb, type Db } from './db.js';
import { importV1, dropV1Backup } from './import-v1.js';
import { scanRoots, type RootScan, type ScanProgress } from './scanner.js';
import type { WalkResult } from './walk.mjs';
import type { RootReport, ScanReport } from './scan-report.js';
import { loadSecret } from './id-key.js';
import { DEFAULT_NAMING, withNaming, type RootNaming } from './recording-times.js';
import { RootDevices } from './root-devices.js';
import { isRemoteRoot } from './sources.js';

export interface LibraryEvents {
  /** Ids added, changed or removed, after each reconcile. */
  changed: [ids: string[]];
  progress: [p: ScanProgress];
  /** Whether text search has its index for every entry (false while it is built after a scan). */
  textIndex: [ready: boolean];
  /** The disk is full: the index is served as it is, read-only (null when writing works again). */
  readOnly: [why: string | null];
}

const log = logger('library');

/** Probe results arrive one by one; they are announced to the UI at most this often. */
const PROBE_FLUSH_MS = 250;
/** A scan adding at least this many entries to a (nearly) empty index loads them in bulk. */
const BULK_MIN = 50_000;
/** How often a full disk is tried again. */
const FULL_RETRY_MS = 5000;

export type ProbeOutcome = { media: MediaSummary } | { error: string };

export class Library extends EventEmitter<LibraryEvents> {
  /** A scan adding at least this many entries to a (nearly) empty index loads them in bulk (tests lower it). */
  static bulkMin = BULK_MIN;
  readonly index: SqlIndex;
  /** Warnings from opening the saved index (a damaged file set aside, and so on). */
  readonly warnings: string[] = [];
  private readonly probed = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly devices: RootDevices;
  private readonly st;

  private constructor(readonly dir: string, private readonly db: Db, private readonly secret: string) {
    super();
    this.devices = new RootDevices(dir);
    this.index = new SqlIndex(db, (ready) => this.emit('textIndex', ready));
    this.st = {
      getNaming: db.prepare('SELECT v FROM meta WHERE k = ?').pluck(),
      setNaming: db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v'),
      cursor: db.prepare('SELECT cursor FROM remote_cursors WHERE key = ?').pluck(),
      setCursor: db.prepare('INSERT INTO remote_cursors (key, cursor) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET cursor = excluded.cursor'),
      dropCursor: db.prepare('DELETE FROM remote_cursors WHERE key = ?'),
      // A write that needs a page of its own: it succeeds only when the disk has room again.
      touch: db.prepare("INSERT INTO meta (k, v) VALUES ('space-check', randomblob(8192)) ON CONFLICT (k) DO UPDATE SET v = excluded.v"),
    };
  }

  /**
   * Open the index database (queryable as soon as this resolves, before any scan). The first
   * start after the upgrade imports the old snapshot and journal in one transaction.
   */
  static async open(dataDir: string): Promise<Library> {
    const dir = path.join(dataDir, 'library');
    const secret = await loadSecret(dir);
    const { db, warnings } = openDb(dir);
    const lib = new Library(dir, db, secret);
    lib.warnings.push(...warnings);
    for (const w of warnings) log.warn(w);
    const imported = await importV1(dataDir, dir, lib.index, (key, cursor) => lib.st.setCursor.run(key, cursor));
    if (imported) lib.warnings.push(...imported);
    else await dropV1Backup(dataDir);
    await lib.devices.load();
    lib.index.text.schedule();
    return lib;
  }

  /** Where another Reelvault's event stream resumes (null: from a full copy). */
  remoteCursor(key: string): number | null {
    return (this.st.cursor.get(key) as number | undefined) ?? null;
  }

  setRemoteCursor(key: string, cursor: number | null): void {
    this.guard(() => (cursor === null ? this.st.dropCursor.run(key) : this.st.setCursor.run(key, cursor)));
  }

  private readonly naming = new Map<string, RootNaming>();

  /** How a root's names are read (its zone of name times, its camera folder level). */
  namingOf(root: string): RootNaming {
    return this.naming.get(root) ?? DEFAULT_NAMING;
  }

  /** Set each root's naming options; entries whose camera or times move are saved and announced. */
  async configureNaming(byRoot: ReadonlyMap<string, RootNaming>): Promise<void> {
    this.naming.clear();
    for (const [root, n] of byRoot) this.naming.set(root, { ...n });
    // Only roots whose options differ from those their entries were last given are gone over.
    const redo = new Set<string>();
    for (const root of this.index.roots()) {
      if (isRemoteRoot(root)) continue;
      if (this.st.getNaming.get(`naming:${root}`) !== JSON.stringify(this.namingOf(root))) redo.add(root);
    }
    if (!redo.size) return;
    const puts: LibraryEntry[] = [];
    for (const e of this.index.entriesOfRoots(redo)) {
      const next = withNaming(e, this.namingOf(e.root));
      if (next !== e) puts.push(next);
    }
    const done = this.guard(() => this.db.transaction(() => {
      this.index.write(puts, []);
      for (const root of redo) this.st.setNaming.run(`naming:${root}`, JSON.stringify(this.namingOf(root)));
      return true;
    })());
    if (done && puts.length) this.emit('changed', puts.map((e) => e.id));
  }

  query(q: LibraryQuery, opts: QueryOptions = {}): IndexResult {
    return this.index.query(q, opts);
  }

  get(id: string): LibraryEntry | undefined {
    return this.index.get(id);
  }

  private readonly desktopOnly = new Set<string>();

  /**
   * A folder indexed for the person at this computer only (a file opened from outside every
   * library folder): its files are never listed or served on the LAN share.
   */
  addDesktopOnlyRoot(root: string): void {
    this.desktopOnly.add(root);
  }

  get desktopOnlyRoots(): ReadonlySet<string> {
    return this.desktopOnly;
  }

  /** Whether a LAN viewer may see this entry. */
  sharedEntry(e: LibraryEntry): boolean {
    return !this.desktopOnly.has(e.root);
  }

  private readonly rootIds = new Map<string, string>();
  private readonly rootsById = new Map<string, string>();

  /** The opaque id viewers know a root (a library folder's path) by. */
  rootId(root: string): string {
    let id = this.rootIds.get(root);
    if (id === undefined) {
      id = rootId(this.secret, root);
      this.rootIds.set(root, id);
      this.rootsById.set(id, root);
    }
    return id;
  }

  /** The root a viewer's root id names, among the roots this library has given ids to. */
  rootById(id: string): string | undefined {
    if (!this.rootsById.has(id)) for (const root of this.index.roots()) this.rootId(root);
    return this.rootsById.get(id);
  }

  /** Absolute path of an entry's file (for the media engine; never sent to a viewer). */
  pathOf(e: LibraryEntry): string {
    return path.join(e.root, e.relPath);
  }

  /**
   * Record what probing found for one version of a file; ignored (false) when the file has
   * changed since, so a stale result never sticks to a new recording.
   */
  applyProbe(id: string, size: number, mtimeMs: number, outcome: ProbeOutcome): boolean {
    const e = this.index.get(id);
    if (!e || e.size !== size || e.mtimeMs !== mtimeMs) return false;
    const { media: _m, probeError: _p, ...rest } = e;
    const next = withNaming('media' in outcome
      ? { ...rest, probe: 'probed', media: outcome.media }
      : { ...rest, probe: 'failed', probeError: outcome.error }, this.namingOf(e.root));
    if (!this.guard(() => this.index.write([next], []))) return false;
    this.probed.add(id);
    // A failed write (data dir gone, disk full) must not end the process: the next flush retries.
    this.flushTimer ??= setTimeout(() => { this.flush().catch((err: unknown) => log.warn(`could not save probe results: ${String(err)}`)); }, PROBE_FLUSH_MS);
    return true;
  }

  /** Write pending probe results and tell listeners; also called on close. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.probed.size === 0) return;
    const ids = [...this.probed];
    this.probed.clear();
    this.emit('changed', ids);
  }

  /** An entry for a file at `rel` below `root` (for the watcher): same id and fields a scan gives. */
  entryFor(root: string, rel: string, st: { size: number; mtimeMs: number }, recording: boolean): LibraryEntry {
    const e = makeEntry(fileId(this.secret, root, rel), root, rel, st.size, st.mtimeMs, null, this.namingOf(root));
    if (recording) {
      e.status = 'recording';
      e.reason = 'still being recorded';
    }
    return e;
  }

  /** Apply a batch of changes from the watcher: one transaction, one 'changed' event. */
  async applyChanges(puts: readonly LibraryEntry[], dels: readonly string[]): Promise<void> {
    await Promise.resolve();
    const realPuts: LibraryEntry[] = [];
    let realDels: string[] = [];
    const done = this.guard(() => this.db.transaction(() => {
      for (const e of puts) {
        const old = this.index.get(e.id);
        if (old && !entryChanged(old, e)) continue;
        realPuts.push(e);
      }
      realDels = this.index.write(realPuts, dels);
      return true;
    })());
    if (!done || (!realPuts.length && !realDels.length)) return;
    this.emit('changed', [...realPuts.map((e) => e.id), ...realDels]);
  }

  /** A file found missing while serving it: drop it from the index now, not at the next scan. */
  async forget(id: string): Promise<void> {
    await Promise.resolve();
    if (!this.guard(() => this.index.write([], [id]))?.length) return;
    this.probed.delete(id);
    this.emit('changed', [id]);
  }

  private closed = false;
  /** Why the index cannot be written now (a full disk), or null. */
  readOnlyReason: string | null = null;
  private fullTimer: NodeJS.Timeout | null = null;

  /**
   * Run a write (undefined when it did not happen: `write` returns something else). A full
   * disk keeps the file as it is and the index answers from what it holds:
   * the change is dropped (the next scan finds it again), the user is told, and a small write is
   * tried every few seconds until space frees.
   */
  private guard<T>(write: () => T): T | undefined {
    try {
      const out = write();
      if (this.readOnlyReason) this.setReadOnly(null);
      return out;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code !== 'SQLITE_FULL' && code !== 'SQLITE_IOERR_WRITE' && !code.startsWith('SQLITE_IOERR')) throw err;
      this.setReadOnly('The disk holding the library index is full: the library is shown as it was, and changes are picked up again once space frees.');
      return undefined;
    }
  }

  private setReadOnly(why: string | null): void {
    if (why === this.readOnlyReason) return;
    this.readOnlyReason = why;
    if (why) log.warn(why);
    else log.info('the library index can be written again');
    if (why && !this.fullTimer) {
      this.fullTimer = setInterval(() => {
        if (this.closed) return;
        this.guard(() => this.st.touch.run());
      }, FULL_RETRY_MS);
      this.fullTimer.unref();
    } else if (!why && this.fullTimer) {
      clearInterval(this.fullTimer);
      this.fullTimer = null;
    }
    this.emit('readOnly', why);
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.closed) return;
    this.closed = true;
    if (this.fullTimer) clearInterval(this.fullTimer);
    this.index.text.close();
    this.db.close();
  }

  /**
   * Scan `roots` and make the index match them. Entries of a root that could not be read are
   * kept as they were (an unplugged drive must not empty the library); entries of roots no
   * longer in the list are removed, except those of `keepRoots`.
   */
  async scan(
    roots: readonly string[],
    opts: {
      signal?: AbortSignal; workers?: number; stallMs?: number; testStall?: { folder: string; ms: number }; keepRoots?: readonly string[]; background?: boolean;
    } = {},
  ): Promise<ScanReport> {
    this.index.text.hold = true;
    try {
      return await this.scanHeld(roots, opts);
    } finally {
      this.index.text.hold = false;
      this.index.text.schedule();
    }
  }

  private async scanHeld(
    roots: readonly string[],
    opts: Parameters<Library['scan']>[1] & object,
  ): Promise<ScanReport> {
    // The walk's rows are kept as they come (arrays per chunk); entries are made only for the
    // files that are new or changed, so a rescan of unchanged files does little per file.
    const chunks: WalkResult[] = [];
    const out = await scanRoots(roots, {
      secret: this.secret,
      onRows: (rows) => { chunks.push(rows); },
      onProgress: (p) => this.emit('progress', p),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.workers ? { workers: opts.workers } : {}),
      ...(opts.stallMs ? { stallMs: opts.stallMs } : {}),
      ...(opts.testStall ? { testStall: opts.testStall } : {}),
      ...(opts.background ? { background: true } : {}),
    });
    // A walk given up half-way found only part of the files: add and update, delete nothing.
    if (out.stalled) {
      for (const r of out.roots) {
        if (r.status !== 'ok') continue;
        r.status = 'unreadable';
        r.reason = 'not answering (a network folder or a disk stopped responding); nothing was removed';
      }
    }
    const rootOf = out.contexts.map((c) => c.root);
    const foundPer = new Map<string, number>();
    for (const rows of chunks) for (const ri of rows.rootIndex) foundPer.set(rootOf[ri]!, (foundPer.get(rootOf[ri]!) ?? 0) + 1);
    const offline = this.devices.markOffline(out.roots, this.index.countsPerRoot(), foundPer);
    await this.devices.save();
    // Roots not read, and entries indexed by other means (files opened from outside the library,
    // another Reelvault's recordings), stay as they are.
    const keep = new Set([...out.roots.filter((r) => r.status !== 'ok').map((r) => r.root), ...(opts.keepRoots ?? [])]);

    const yieldNow = () => new Promise((r) => setImmediate(r));
    // What the index holds of this computer's folders, compared by what a scan can see.
    const held = await HeldRows.read(this.db, this.index.cameraIds((root) => !isRemoteRoot(root)), yieldNow);
    // A root whose entries were last given its current naming: an unchanged path and time give
    // the same camera and recording time, so those need not be worked out again.
    const namingKept = rootOf.map((root) => this.st.getNaming.get(`naming:${root}`) === JSON.stringify(this.namingOf(root)));
    const puts: LibraryEntry[] = [];
    const counts = new Map<string, Omit<RootReport, keyof RootScan>>();
    const problems: ScanReport['problems'] = [];
    let added = 0, changed = 0, files = 0, sinceYield = 0;
    for (const rows of chunks) {
      for (let i = 0; i < rows.id.length; i++) {
        const root = rootOf[rows.rootIndex[i]!]!;
        if (offline.has(root)) continue;
        const id = rows.id[i]!, rel = rows.rel[i]!, size = rows.size[i]!, mtime = rows.mtimeMs[i]!, problem = rows.problem[i]!;
        const { status, reason } = scanStatus(size, problem);
        files++;
        let c = counts.get(root);
        if (!c) counts.set(root, c = { files: 0, ok: 0, empty: 0, unreadable: 0, recording: 0 });
        c.files++;
        c[status]++;
        if (status !== 'ok') problems.push({ root, path: rel, status, reason: reason ?? status });
        const s = held.slot.get(id);
        if (s !== undefined) held.seen[s] = 1;
        const same = s !== undefined && held.size[s] === size && held.mtime[s] === mtime
          && held.status[s] === status && held.reason[s] === reason;
        if (same && namingKept[rows.rootIndex[i]!]) continue;
        const e = makeEntry(id, root, rel, size, mtime, problem, this.namingOf(root));
        if (s === undefined) added++;
        else if (!same || held.rec[s] !== e.recordedAt || this.index.camera(held.cam[s]!)?.name !== e.camera) changed++;
        else continue;
        puts.push(e);
      }
      if ((sinceYield += rows.id.length) >= 50_000) { sinceYield = 0; await yieldNow(); }
    }
    chunks.length = 0;
    const dels: string[] = [];
    for (let s = 0; s < held.ids.length; s++) {
      if (!held.seen[s] && !keep.has(this.index.camera(held.cam[s]!)!.root)) dels.push(held.ids[s]!);
    }
    // Thousands of rows per transaction: queries keep answering between them.
    const BATCH = 5000;
    if (puts.length >= Library.bulkMin && puts.length > 4 * (this.index.size - dels.length) && !dels.length && !this.readOnlyReason) {
      try {
        await this.index.bulkLoad(puts, BATCH, yieldNow);
      } catch (err) {
        if (!this.guard(() => { throw err; })) puts.length = 0;
      }
    } else for (let i = 0; i < Math.max(puts.length, dels.length); i += BATCH) {
      if (!this.guard(() => this.index.write(puts.slice(i, i + BATCH), dels.slice(i, i + BATCH)))) break;
      if (i + BATCH < Math.max(puts.length, dels.length)) await new Promise((r) => setImmediate(r));
    }
    if (puts.length || dels.length) this.emit('changed', [...puts.map((e) => e.id), ...dels]);
    // Every entry of a root read in full now has its current naming: no pass over them at the next start.
    if (!this.readOnlyReason) {
      this.guard(() => {
        for (const r of out.roots) if (r.status === 'ok') this.st.setNaming.run(`naming:${r.root}`, JSON.stringify(this.namingOf(r.root)));
        return true;
      });
    }

    return {
      roots: out.roots.map((r) => ({ ...r, ...(counts.get(r.root) ?? { files: 0, ok: 0, empty: 0, unreadable: 0, recording: 0 }) })),
      files,
      folders: out.folders,
      otherFiles: out.otherFiles,
      skipped: out.skipped.map((s) => ({ root: out.contexts[s.rootIndex]!.root, path: s.rel, reason: s.reason })),
      problems,
      changes: { added, changed, removed: dels.length },
      elapsedMs: out.elapsedMs,
    };
  }
}
