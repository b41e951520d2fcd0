// The library as the rest of the app sees it: open (the saved index is queryable at once), scan
// (reconcile with disk, journal only what changed), query.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { LibraryEntry, LibraryQuery, MediaSummary } from '../../contract/api.js';
export type { RootReport, ScanReport, SkippedItem } from './scan-report.js';
import { logger } from '../util/log.js';
import { appendEntries, entryChanged, makeEntry } from './entries.js';
import { fileId, rootId } from './naming.mjs';
import { EntryIndex, type IndexResult, type QueryOptions } from './entry-index.js';
import { scanRoots, type ScanProgress } from './scanner.js';
import { countRoot, type ScanReport } from './scan-report.js';
import { loadSecret } from './id-key.js';
import { DEFAULT_NAMING, withNaming, type RootNaming } from './recording-times.js';
import { LibraryStore } from './store.js';
import { RootDevices } from './root-devices.js';
import { isRemoteRoot } from './sources.js';

export interface LibraryEvents {
  /** Ids added, changed or removed, after each reconcile. */
  changed: [ids: string[]];
  progress: [p: ScanProgress];
}

const log = logger('library');

/** Probe results arrive one by one; they reach the journal and the UI at most this often. */
const PROBE_FLUSH_MS = 250;

export type ProbeOutcome = { media: MediaSummary } | { error: string };

export class Library extends EventEmitter<LibraryEvents> {
  readonly index = new EntryIndex();
  /** Warnings from loading the saved index (damaged files set aside, and so on). */
  readonly warnings: string[] = [];
  private readonly probed = new Map<string, LibraryEntry>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly devices: RootDevices;

  private constructor(private readonly store: LibraryStore, private readonly secret: string) {
    super();
    this.devices = new RootDevices(store.dir);
  }

  /** Load the saved index: queryable as soon as this resolves, before any scan. */
  static async open(dataDir: string): Promise<Library> {
    const store = new LibraryStore(dataDir);
    const secret = await loadSecret(store.dir);
    const lib = new Library(store, secret);
    const { entries, warnings } = await store.load();
    // Start times are derived, not stored: from the probe's facts, by the root's options.
    // (A mirrored entry keeps the start and camera its own computer gave it.)
    for (const e of entries) lib.index.put(isRemoteRoot(e.root) ? e : withNaming(e, DEFAULT_NAMING));
    lib.warnings.push(...warnings);
    await lib.devices.load();
    return lib;
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
    const puts: LibraryEntry[] = [];
    for (const e of this.index.entries()) {
      if (isRemoteRoot(e.root)) continue;
      const next = withNaming(e, this.namingOf(e.root));
      if (next !== e) puts.push(next);
    }
    if (!puts.length) return;
    for (const e of puts) this.index.put(e);
    await this.store.record(puts, [], this.index.size, () => [...this.index.entries()]);
    this.emit('changed', puts.map((e) => e.id));
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
    this.index.put(next);
    this.probed.set(id, next);
    // A failed write (data dir gone, disk full) must not end the process: the next flush retries.
    this.flushTimer ??= setTimeout(() => { this.flush().catch((err: unknown) => log.warn(`could not save probe results: ${String(err)}`)); }, PROBE_FLUSH_MS);
    return true;
  }

  /** Write pending probe results and tell listeners; also called on close. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.probed.size === 0) return;
    const puts = [...this.probed.values()];
    this.probed.clear();
    try {
      await this.store.record(puts, [], this.index.size, () => [...this.index.entries()]);
    } catch (err) {
      for (const e of puts) if (!this.probed.has(e.id)) this.probed.set(e.id, e);
      throw err;
    }
    this.emit('changed', puts.map((e) => e.id));
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

  /** Apply a batch of changes from the watcher: one journal line, one 'changed' event. */
  async applyChanges(puts: readonly LibraryEntry[], dels: readonly string[]): Promise<void> {
    const realPuts: LibraryEntry[] = [];
    for (const e of puts) {
      const old = this.index.get(e.id);
      if (old && !entryChanged(old, e)) continue;
      realPuts.push(e);
      this.index.put(e);
    }
    const realDels = dels.filter((id) => this.index.delete(id));
    if (!realPuts.length && !realDels.length) return;
    await this.store.record(realPuts, realDels, this.index.size, () => [...this.index.entries()]);
    this.emit('changed', [...realPuts.map((e) => e.id), ...realDels]);
  }

  /** A file found missing while serving it: drop it from the index now, not at the next scan. */
  async forget(id: string): Promise<void> {
    if (!this.index.delete(id)) return;
    this.probed.delete(id);
    await this.store.record([], [id], this.index.size, () => [...this.index.entries()]);
    this.emit('changed', [id]);
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /**
   * Scan `roots` and make the index match them. Entries of a root that could not be read are
   * kept as they were (an unplugged drive must not empty the library); entries of roots no
   * longer in the list are removed, except those of `keepRoots`.
   */
  async scan(
    roots: readonly string[],
    opts: { signal?: AbortSignal; workers?: number; stallMs?: number; testStall?: { folder: string; ms: number }; keepRoots?: readonly string[] } = {},
  ): Promise<ScanReport> {
    const found: LibraryEntry[] = [];
    const out = await scanRoots(roots, {
      secret: this.secret,
      onRows: (rows, contexts) => appendEntries(found, rows, contexts, (root) => this.namingOf(root)),
      onProgress: (p) => this.emit('progress', p),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.workers ? { workers: opts.workers } : {}),
      ...(opts.stallMs ? { stallMs: opts.stallMs } : {}),
      ...(opts.testStall ? { testStall: opts.testStall } : {}),
    });
    // A walk given up half-way found only part of the files: add and update, delete nothing.
    if (out.stalled) {
      for (const r of out.roots) {
        if (r.status !== 'ok') continue;
        r.status = 'unreadable';
        r.reason = 'not answering (a network folder or a disk stopped responding); nothing was removed';
      }
    }
    const offline = this.devices.markOffline(out.roots, this.index.entries(), found);
    const current = offline.size ? found.filter((e) => !offline.has(e.root)) : found;
    await this.devices.save();
    // Roots not read, and entries indexed by other means (files opened from outside the library,
    // another Reelvault's recordings), stay as they are.
    const keep = new Set([...out.roots.filter((r) => r.status !== 'ok').map((r) => r.root), ...(opts.keepRoots ?? [])]);

    const puts: LibraryEntry[] = [];
    const seen = new Set<string>();
    let added = 0, changed = 0;
    for (const e of current) {
      seen.add(e.id);
      const old = this.index.get(e.id);
      if (!old) added++;
      else if (entryChanged(old, e)) changed++;
      else continue;
      puts.push(e);
    }
    const dels: string[] = [];
    for (const e of this.index.entries()) {
      if (!seen.has(e.id) && !keep.has(e.root) && !isRemoteRoot(e.root)) dels.push(e.id);
    }
    for (const e of puts) this.index.put(e);
    for (const id of dels) this.index.delete(id);
    await this.store.record(puts, dels, this.index.size, () => [...this.index.entries()]);
    if (puts.length || dels.length) this.emit('changed', [...puts.map((e) => e.id), ...dels]);

    return {
      roots: out.roots.map((r) => ({ ...r, ...countRoot(current, r.root) })),
      files: current.length,
      folders: out.folders,
      otherFiles: out.otherFiles,
      skipped: out.skipped.map((s) => ({ root: out.contexts[s.rootIndex]!.root, path: s.rel, reason: s.reason })),
      problems: current.filter((e) => e.status !== 'ok').map((e) => ({ root: e.root, path: e.relPath, status: e.status, reason: e.reason ?? e.status })),
      changes: { added, changed, removed: dels.length },
      elapsedMs: out.elapsedMs,
    };
  }
}
