// Keeps the index live: files added, growing, changed, renamed or removed under each root.
//
// Each root is watched by a backend (watch-backends.ts: native events, or polling for network
// folders, past the watch limit, or where the native addon cannot load). A file still being written is listed at once as a
// recording and finished by recording-stability.ts; changes reach the index (one journal line)
// and the UI at most once per batch interval. A root that vanishes or reads as empty is offline
// (root-presence.ts), never a reason to delete: only a scan of the present root removes entries.
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../util/log.js';
import type { Library } from './library.js';
import { isVideoName } from './naming.mjs';
import { RecordingStability } from './recording-stability.js';
import { OfflineRoots, rootPresent } from './root-presence.js';
import { isWatchLimit, looksLikeNetworkFs, NativeWatchUnavailable, watchNative, watchPolling, type WatchBackend } from './watch-backends.js';
import { linkVerdict } from './walk.mjs';

const log = logger('watch');

export interface RootWatchOptions {
  /** ms a file must stay unchanged before it is a finished recording (default 5 s). */
  stabilityMs?: number;
  /** Poll instead of inotify/FSEvents: network shares miss server-side changes otherwise. */
  network?: boolean;
}

export interface WatcherOptions {
  batchMs?: number;
  pollIntervalMs?: number;
  /** Called with a root's new state (watching, polling, offline) and why. */
  onRootState?: (root: string, state: RootState) => void;
  /** An offline root is back: the caller rescans it (only a scan of a present root removes entries). */
  onRootBack?: (root: string) => void;
  /** How often an offline root is looked at (default 10 s). */
  offlineCheckMs?: number;
  /** The native backend (tests hand in one whose errors they raise). */
  native?: WatchBackend;
}

export interface RootState { mode: 'watching' | 'polling' | 'offline'; reason?: string }

interface Watched {
  root: string;
  /** The root's realpath: links must resolve inside it, as in the scan. */
  real: string;
  opts: RootWatchOptions;
  close: () => Promise<void>;
  polling: boolean;
}

type Entry = ReturnType<Library['entryFor']>;

export class LibraryWatcher {
  private readonly roots = new Map<string, Watched>();
  private readonly stability = new RecordingStability();
  private readonly offline: OfflineRoots;
  private puts = new Map<string, Entry>();
  private dels = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly settleTimer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly library: Library, private readonly opts: WatcherOptions = {}) {
    this.settleTimer = setInterval(() => { this.settle().catch((err: unknown) => log.warn(`settle: ${String(err)}`)); }, 250);
    this.settleTimer.unref();
    this.offline = new OfflineRoots({
      checkMs: opts.offlineCheckMs ?? 10_000,
      onOffline: (root, reason) => this.opts.onRootState?.(root, { mode: 'offline', reason }),
      onBack: async (root) => {
        const w = this.roots.get(root);
        if (w) {
          // The folder may be a new mount: watch it afresh.
          await w.close();
          this.roots.delete(root);
          await this.start(root, w.opts, w.polling);
        }
        this.opts.onRootBack?.(root);
      },
      onError: (err) => log.warn(`offline check: ${String(err)}`),
    });
  }

  async addRoot(root: string, opts: RootWatchOptions = {}): Promise<void> {
    const resolved = path.resolve(root);
    if (this.roots.has(resolved)) return;
    const network = opts.network ?? await looksLikeNetworkFs(resolved);
    await this.start(resolved, { ...opts, network }, network);
  }

  private async start(root: string, opts: RootWatchOptions, polling: boolean): Promise<void> {
    const real = await fs.realpath(root).catch(() => root);
    const w: Watched = { root, real, opts, close: async () => undefined, polling };
    this.roots.set(root, w);
    const sink = {
      file: (p: string) => void this.statAndSee(w, p),
      removed: (p: string) => this.goneOrFolder(w, p),
      folder: (p: string) => void this.newFolder(w, p),
      rootGone: () => this.offline.mark(root, 'the folder is gone (is the drive unmounted?); its recordings are kept'),
      error: (err: NodeJS.ErrnoException) => { this.failed(w, err).catch((e: unknown) => log.error(`${root}: ${String(e)}`)); },
    };
    let why = 'the system watch limit was reached';
    if (!polling) {
      try {
        w.close = await (this.opts.native ?? watchNative)(root, sink, {});
        this.opts.onRootState?.(root, { mode: 'watching' });
        return;
      } catch (err) {
        if (!isWatchLimit(err) && !(err instanceof NativeWatchUnavailable)) throw err;
        if (err instanceof NativeWatchUnavailable) why = err.message;
        log.warn(`${root}: ${why}; polling this folder instead`);
        w.polling = true;
      }
    }
    w.close = await watchPolling(root, sink, { ...(this.opts.pollIntervalMs ? { pollIntervalMs: this.opts.pollIntervalMs } : {}) });
    this.opts.onRootState?.(root, { mode: 'polling', reason: opts.network ? 'network folder: checked on an interval' : `${why}: checked on an interval` });
  }

  /**
   * A path that appeared or changed. Links are judged by the scan's own rule (linkVerdict): one
   * that points outside the library, made while the app runs or swapped in for a recording, is
   * never listed, and an entry it replaced is dropped.
   */
  private async statAndSee(w: Watched, p: string): Promise<void> {
    const name = path.basename(p);
    if (!isVideoName(name)) return;
    let st;
    try {
      st = await fs.lstat(p);
    } catch {
      return; /* gone again already: its delete event follows */
    }
    if (st.isSymbolicLink()) {
      const v = linkVerdict(p, name, w.real);
      if ('stat' in v) { this.seen(w, p, v.stat); return; }
      if ('skip' in v) log.info(`${p}: ${v.skip}; not listed`);
      this.gone(w, p);
      return;
    }
    if (!st.isFile()) { this.gone(w, p); return; }
    this.seen(w, p, st);
  }

  /**
   * A folder that appeared (a new day folder, or one moved in): files written into it before
   * its own watch was in place raise no event, so look inside once.
   */
  private async newFolder(w: Watched, dir: string): Promise<void> {
    let dirents;
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // a file, or gone again
    }
    for (const d of dirents) {
      if (d.name.startsWith('.')) continue;
      const p = path.join(dir, d.name);
      if (d.isDirectory()) await this.newFolder(w, p);
      else if ((d.isFile() || d.isSymbolicLink()) && isVideoName(d.name)) await this.statAndSee(w, p);
    }
  }

  /** A deleted path: a file, or a folder whose files all go with it. */
  private goneOrFolder(w: Watched, p: string): void {
    if (isVideoName(path.basename(p))) this.gone(w, p);
    const rel = this.relOf(w, p);
    if (rel === null) {
      if (p === w.root) this.offline.mark(w.root, 'the folder is gone (is the drive unmounted?); its recordings are kept');
      return;
    }
    // Recorders delete temp and index files all the time: only a folder that holds entries is
    // worth a pass over the index.
    if (!this.library.index.hasFolder(w.root, rel)) return;
    const prefix = `${rel}/`;
    for (const id of this.library.index.idsUnder(w.root, rel)) {
      this.puts.delete(id);
      this.dels.add(id);
    }
    this.stability.dropUnder(w.root, prefix);
    this.scheduleFlush();
  }

  async removeRoot(root: string): Promise<void> {
    const w = this.roots.get(path.resolve(root));
    if (!w) return;
    this.roots.delete(w.root);
    this.stability.dropUnder(w.root);
    await w.close();
  }

  private relOf(w: Watched, p: string): string | null {
    const rel = path.relative(w.root, p);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return rel.split(path.sep).join('/');
  }

  private seen(w: Watched, p: string, st: { size: number; mtimeMs: number; isFile(): boolean }): void {
    const rel = this.relOf(w, p);
    if (!rel || !isVideoName(path.basename(p)) || !st.isFile()) return;
    if (!this.stability.note(w.root, rel, st.size, st.mtimeMs)) return;
    // Listed at once, as a recording in progress, playable up to what is written.
    this.queuePut(this.library.entryFor(w.root, rel, { size: st.size, mtimeMs: st.mtimeMs }, true));
  }

  private gone(w: Watched, p: string): void {
    const rel = this.relOf(w, p);
    if (!rel || !isVideoName(path.basename(p))) return;
    this.stability.drop(w.root, rel);
    const id = this.library.entryFor(w.root, rel, { size: 0, mtimeMs: 0 }, false).id;
    this.puts.delete(id);
    this.dels.add(id);
    this.scheduleFlush();
  }

  /** Files still for their root's window become finished entries. */
  private async settle(): Promise<void> {
    const now = Date.now();
    for (const m of this.stability.due(now, (root) => { const w = this.roots.get(root); return w ? w.opts.stabilityMs ?? 5000 : undefined; })) {
      const w = this.roots.get(m.root);
      if (!w) continue;
      // Stat again: a network share may have cached the attributes we were told.
      let st;
      const full = path.join(m.root, m.rel);
      try {
        st = await fs.lstat(full);
        if (st.isSymbolicLink()) {
          const v = linkVerdict(full, path.basename(full), w.real);
          if (!('stat' in v)) throw new Error('no longer a file inside the library');
          st = v.stat;
        }
      } catch {
        this.gone(w, full); // vanished, or swapped for a link that leads out
        continue;
      }
      if (this.stability.note(m.root, m.rel, st.size, st.mtimeMs, now)) {
        this.queuePut(this.library.entryFor(m.root, m.rel, st, true));
        continue;
      }
      this.stability.drop(m.root, m.rel);
      this.queuePut(this.library.entryFor(m.root, m.rel, st, false));
    }
  }

  private queuePut(e: Entry): void {
    this.dels.delete(e.id);
    this.puts.set(e.id, e);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => { this.flush().catch((err: unknown) => log.error(`flush: ${String(err)}`)); }, this.opts.batchMs ?? 250);
  }

  /** One batch: deletes only for roots that are present and not suddenly empty. */
  async flush(): Promise<void> {
    this.flushTimer = null;
    const puts = [...this.puts.values()];
    let dels = [...this.dels];
    this.puts.clear();
    this.dels.clear();
    if (dels.length) {
      const offline = new Set<string>();
      for (const w of this.roots.values()) if (!(await rootPresent(w.root))) offline.add(w.root);
      if (offline.size) {
        dels = dels.filter((id) => { const e = this.library.get(id); return !e || !offline.has(e.root); });
        for (const root of offline) this.offline.mark(root, 'the folder is gone or empty (is the drive unmounted?); its recordings are kept');
      }
    }
    await this.library.applyChanges(puts, dels).catch((err: unknown) => log.error(`could not record changes: ${String(err)}`));
  }

  /** inotify's watch limit (ENOSPC): fall back to polling this root, and say so. */
  private async failed(w: Watched, err: NodeJS.ErrnoException): Promise<void> {
    if (isWatchLimit(err) && !w.polling && !this.closed) {
      log.warn(`${w.root}: the system watch limit was reached; polling this folder instead`);
      this.roots.delete(w.root);
      await w.close();
      await this.start(w.root, w.opts, true);
      return;
    }
    log.warn(`${w.root}: ${err.message}`);
  }

  isPolling(root: string): boolean {
    return this.roots.get(path.resolve(root))?.polling ?? false;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.settleTimer);
    this.offline.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await Promise.all([...this.roots.values()].map((w) => w.close()));
    this.roots.clear();
    await this.flush();
  }
}
