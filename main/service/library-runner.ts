// Keeps the index in step with the library folders: scans, watches, rescans on an interval and
// when an offline drive comes back, and tracks what the UI shows about it (root states, scan
// progress, background backlog). `reelvault serve` and the Electron app both run one.
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RootStatus, ScanProgressInfo } from '../../contract/api.js';
import type { Core } from './core.js';
import type { ScanReport } from '../library/library.js';
import type { RootNaming } from '../library/recording-times.js';
import { isVideoName, rootLabel } from '../library/naming.mjs';
import { LibraryWatcher, type RootWatchOptions } from '../library/watcher.js';
import { logger } from '../util/log.js';

const log = logger('runner');

export interface RunnerRoot {
  path: string;
  /** What viewers call it; its folder name when not set. */
  label?: string;
  watch?: RootWatchOptions;
  /** How its names are read (zone of name times, camera folder level); the defaults when absent. */
  naming?: RootNaming;
}

export interface RunnerEvents {
  roots: [roots: RootStatus[]];
  scan: [progress: ScanProgressInfo];
  /** A scan finished (for the CLI's report). */
  scanned: [report: ScanReport];
}

export interface RunnerOptions {
  /** Seconds between safety-net rescans; 0 = never. */
  rescanSec?: number;
  /** Whether to watch for changes (tests of scans alone switch it off). */
  watch?: boolean;
  /** How often the background backlog is looked at for progress events. */
  backlogPollMs?: number;
  watcherOptions?: { batchMs?: number; offlineCheckMs?: number; pollIntervalMs?: number };
  /** Probe and make thumbnails for the whole library in the background (default true). */
  background?: boolean;
}

export class LibraryRunner extends EventEmitter<RunnerEvents> {
  private roots: RunnerRoot[] = [];
  private readonly status = new Map<string, RootStatus>();
  private watcher: LibraryWatcher | null = null;
  private scanning: Promise<ScanReport> | null = null;
  private rescanAgain = false;
  private progress = { files: 0, folders: 0, elapsedMs: 0 };
  private lastScanAt: number | null = null;
  private timers: NodeJS.Timeout[] = [];
  private refill: NodeJS.Timeout | null = null;
  private lastBacklog = '';
  private closed = false;
  private activity: string | null = null;
  /** What the status bar says about the index itself (set aside, text index building, disk full). */
  private readonly notices = new Map<string, string>();

  constructor(private readonly core: Core, private readonly opts: RunnerOptions = {}) {
    super();
    this.core.library.on('progress', (p) => {
      this.progress = p;
      this.emit('scan', this.scanProgress());
    });
    if (opts.background !== false) this.core.library.on('changed', () => {
      // New files get probes and thumbnails soon, not on every single event.
      this.refill ??= setTimeout(() => {
        this.refill = null;
        if (this.closed) return;
        core.probes.fillBackground();
        core.thumbs.fillBackground();
        core.activity.fillBackground();
      }, 2000);
    });
    this.core.remotes.on('roots', this.onRemoteRoots);
    const lib = this.core.library;
    if (lib.warnings.some((w) => w.includes('could not be opened'))) {
      this.notices.set('rebuild', 'The library index could not be opened and was set aside (see the log); it is being rebuilt from a scan');
    }
    if (lib.readOnlyReason) this.notices.set('full', lib.readOnlyReason);
    lib.on('textIndex', (ready) => this.setNotice('text', ready ? null : 'Building the text index: text search is slower until it is done'));
    lib.on('readOnly', (why) => {
      this.setNotice('full', why);
      // Changes seen while the disk was full were dropped: find them again.
      if (!why && !this.closed) void this.scan().catch(() => undefined);
    });
    const poll = setInterval(() => this.pollBacklog(), opts.backlogPollMs ?? 1000);
    poll.unref();
    this.timers.push(poll);
    if (opts.rescanSec) {
      const t = setInterval(() => { void this.scan().catch(() => undefined); }, opts.rescanSec * 1000);
      t.unref();
      this.timers.push(t);
    }
  }

  /** Set the library folders: scans them (removing entries of folders no longer listed) and watches them. */
  async setRoots(roots: RunnerRoot[]): Promise<ScanReport> {
    const before = new Set(this.roots.map((r) => r.path));
    this.roots = roots.map((r) => ({ ...r }));
    for (const p of [...this.status.keys()]) if (!roots.some((r) => r.path === p)) this.status.delete(p);
    for (const r of roots) if (!this.status.has(r.path)) this.status.set(r.path, { root: r.path, label: '', state: 'scanning', watch: 'none', files: 0 });
    this.emitRoots();
    await this.core.library.configureNaming(new Map(roots.flatMap((r) => (r.naming ? [[r.path, r.naming] as const] : []))));
    const report = await this.scan();
    if (this.opts.watch !== false && !this.closed) {
      this.watcher ??= new LibraryWatcher(this.core.library, {
        ...this.opts.watcherOptions,
        onRootState: (root, st) => {
          const s = this.status.get(root);
          if (!s) return;
          if (st.mode === 'offline') Object.assign(s, { state: 'offline', watch: 'none', reason: st.reason });
          else {
            s.watch = st.mode;
            if (st.mode === 'polling') s.reason = st.reason;
            else if (s.state === 'ok') delete s.reason;
          }
          this.emitRoots();
        },
        onRootBack: () => { void this.scan().catch(() => undefined); },
      });
      for (const p of before) if (!roots.some((r) => r.path === p)) await this.watcher.removeRoot(p).catch(() => undefined);
      for (const r of roots) {
        if (before.has(r.path)) continue;
        await this.watcher.addRoot(r.path, r.watch ?? {}).catch((err: unknown) => {
          const s = this.status.get(r.path);
          if (s) Object.assign(s, { watch: 'none', reason: `changes are not watched (${(err as NodeJS.ErrnoException).code ?? 'the system refused'})` });
          this.emitRoots();
        });
      }
    }
    if (this.opts.background !== false) {
      this.core.probes.fillBackground();
      this.core.thumbs.fillBackground();
      this.core.activity.fillBackground();
    }
    return report;
  }

  /** One scan at a time; a scan asked for during another runs once it ends. */
  scan(): Promise<ScanReport> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning;
    }
    const run = async (): Promise<ScanReport> => {
      for (const s of this.status.values()) if (s.state !== 'offline') s.state = 'scanning';
      this.progress = { files: 0, folders: 0, elapsedMs: 0 };
      this.emitRoots();
      this.emit('scan', this.scanProgress());
      try {
        const report = await this.core.library.scan(this.roots.map((r) => r.path), { keepRoots: [...this.core.library.desktopOnlyRoots], background: true });
        for (const r of report.roots) {
          const s = this.status.get(r.root);
          if (!s) continue;
          s.files = r.files;
          s.state = r.status === 'ok' || r.status === 'duplicate' ? 'ok' : r.status;
          // Viewers are told folders by name, never by path.
          if (r.twin !== undefined) s.reason = `the same folder as ${this.labelOf(r.twin)}`;
          else if (r.reason) s.reason = r.reason;
          else if (s.watch !== 'polling') delete s.reason;
        }
        this.lastScanAt = Date.now();
        this.notices.delete('rebuild');
        this.emit('scanned', report);
        return report;
      } finally {
        this.scanning = null;
        this.emitRoots();
        this.emit('scan', this.scanProgress());
        if (this.rescanAgain && !this.closed) {
          this.rescanAgain = false;
          void this.scan().catch((err: unknown) => log.warn(`rescan failed: ${String(err)}`));
        }
      }
    };
    this.scanning = run();
    return this.scanning;
  }

  /**
   * Index the videos directly in `dir` (never its subfolders: it may be Downloads or a drive's
   * root) as a temporary source, for a file opened from outside the library. It lasts until the
   * app quits, and is the desktop's alone: never shown or served on the LAN share.
   */
  async addTemporaryFolder(dir: string): Promise<void> {
    this.core.library.addDesktopOnlyRoot(dir);
    const names = await fs.readdir(dir, { withFileTypes: true });
    const puts = [];
    for (const d of names) {
      if (!d.isFile() || !isVideoName(d.name)) continue;
      const st = await fs.stat(path.join(dir, d.name)).catch(() => null);
      if (st) puts.push(this.core.library.entryFor(dir, d.name, st, false));
    }
    await this.core.library.applyChanges(puts, []);
  }

  get rootPaths(): string[] {
    return this.roots.map((r) => r.path);
  }

  /** The roots as viewers see them: by id and label, never by path. */
  rootStatus(): RootStatus[] {
    const local = this.roots.map((r) => ({ ...this.status.get(r.path)!, root: this.core.library.rootId(r.path), label: this.labelOf(r.path) }));
    return [...local, ...this.core.remotes.rootStatus()];
  }

  /** A root's name for viewers: the one the user gave it, else its folder's name (another Reelvault's: "<it> · <folder>"). */
  labelOf(root: string): string {
    return this.core.remotes.labelOf(root) ?? rootLabel(root, this.roots.find((r) => r.path === root)?.label);
  }

  scanProgress(): ScanProgressInfo {
    return {
      scanning: this.scanning !== null,
      ...this.progress,
      lastScanAt: this.lastScanAt,
      backlog: { probes: this.core.probes.pending, thumbnails: this.core.thumbs.pending },
      ...(this.activity || this.notices.size ? { activity: [this.activity, ...this.notices.values()].filter(Boolean).join(' · ') } : {}),
    };
  }

  private setNotice(key: string, text: string | null): void {
    if ((this.notices.get(key) ?? null) === text) return;
    if (text) this.notices.set(key, text);
    else this.notices.delete(key);
    this.emit('scan', this.scanProgress());
  }

  /** Say what other long work is under way (null when it is done), with the scan progress. */
  setActivity(text: string | null): void {
    this.activity = text;
    this.emit('scan', this.scanProgress());
  }

  private pollBacklog(): void {
    const b = `${this.core.probes.pending}/${this.core.thumbs.pending}`;
    if (b === this.lastBacklog) return;
    this.lastBacklog = b;
    this.emit('scan', this.scanProgress());
  }

  private emitRoots(): void {
    this.emit('roots', this.rootStatus());
  }

  private readonly onRemoteRoots = (): void => this.emitRoots();

  async close(): Promise<void> {
    this.closed = true;
    this.core.remotes.off('roots', this.onRemoteRoots);
    for (const t of this.timers) clearInterval(t);
    if (this.refill) clearTimeout(this.refill);
    await this.watcher?.close();
    await this.scanning?.catch(() => undefined);
  }
}
