// Walks library roots with worker threads and returns what is on disk, nothing more: turning
// rows into index entries and reconciling with the index happen in library.ts.
//
// Why workers: a stat per file is most of a scan, and one thread measured 1.6-2x `find` on
// 100,000 files; two threads claiming folders from a shared counter reach `find`'s pace and
// leave the calling thread (Electron's main process) free to answer the UI meanwhile.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  skipFolderReason, describeFsError,
  type RootContext, type Skipped, type Unit, type WalkResult, type WalkContext,
} from './walk.mjs';

export type RootScanStatus = 'ok' | 'missing' | 'unreadable' | 'duplicate' | 'offline';

export interface RootScan {
  root: string;
  status: RootScanStatus;
  /** Why the root was not scanned, in words. */
  reason?: string;
  /** The root a duplicate is the same folder as. */
  twin?: string;
  /** The device the root's folder is on (st_dev), when it could be read. */
  dev?: number;
}

export interface ScanProgress {
  files: number;
  folders: number;
  elapsedMs: number;
}

export interface ScanOptions {
  secret: string;
  /**
   * A walk that makes no progress for this long is given up (a hung network mount blocks a
   * worker inside a system call): its roots are reported as not answering. Default 20 s.
   */
  stallMs?: number;
  /** Tests only: a folder whose listing blocks for `ms`, like a hung mount. */
  testStall?: { folder: string; ms: number };
  /** Receives the files found, in chunks, while the walk goes on. */
  onRows: (rows: WalkResult, contexts: readonly RootContext[]) => void;
  onProgress?: (p: ScanProgress) => void;
  /** The walk runs behind other work (the walker threads' nice value, where threads have one). */
  background?: boolean;
  /** Worker threads; defaults to one per core, at most two (the recorder needs the rest). */
  workers?: number;
  signal?: AbortSignal;
}

export interface ScanOutput {
  roots: RootScan[];
  /** The roots that were walked; `rows.rootIndex` points into this. */
  contexts: RootContext[];
  folders: number;
  /** Files that are not videos (by extension): counted, not listed. */
  otherFiles: number;
  skipped: Skipped[];
  /** The walk was given up: some folder stopped answering. What was found is partial. */
  stalled?: boolean;
  elapsedMs: number;
}

const EXPAND_DEPTH = 2;
const PROGRESS_EVERY_MS = 100;

export async function scanRoots(roots: readonly string[], opts: ScanOptions): Promise<ScanOutput> {
  const started = performance.now();
  const { scans, contexts } = await prepareRoots(roots);
  const units: Unit[] = [];
  for (let i = 0; i < contexts.length; i++) {
    await expand(contexts[i]!, i, contexts[i]!.real, '', 0, units);
  }
  const wc: WalkContext = {
    secret: opts.secret,
    roots: contexts,
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    gids: typeof process.getgroups === 'function' ? process.getgroups() : [],
  };
  const totals = await runWorkers(units, wc, opts, started);
  return { roots: scans, contexts, ...totals, elapsedMs: performance.now() - started };
}

/** Resolve each root once, drop duplicates, and note which roots nest inside which. */
async function prepareRoots(roots: readonly string[]): Promise<{ scans: RootScan[]; contexts: RootContext[] }> {
  const scans: RootScan[] = [];
  const contexts: RootContext[] = [];
  const byReal = new Map<string, string>();
  for (const configured of roots) {
    const root = path.resolve(configured);
    let real: string;
    let dev: number;
    try {
      real = await fs.realpath(root);
      const st = await fs.stat(real);
      if (!st.isDirectory()) {
        scans.push({ root, status: 'unreadable', reason: 'not a folder' });
        continue;
      }
      dev = st.dev;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      scans.push({ root, status: missing ? 'missing' : 'unreadable', reason: missing ? 'folder not found' : describeFsError(err) });
      continue;
    }
    const twin = byReal.get(real);
    if (twin !== undefined) {
      scans.push({ root, status: 'duplicate', twin, reason: `same folder as ${twin}` });
      continue;
    }
    byReal.set(real, root);
    scans.push({ root, status: 'ok', dev });
    contexts.push({ root, real, excluded: [] });
  }
  for (const ctx of contexts) {
    const prefix = ctx.real.endsWith(path.sep) ? ctx.real : ctx.real + path.sep;
    ctx.excluded = contexts.filter((o) => o !== ctx && o.real.startsWith(prefix)).map((o) => o.real);
  }
  return { scans, contexts };
}

/**
 * Split the top of a tree into units of work: the first levels one folder at a time (their own
 * files only), then whole subtrees. A camera/day layout yields one unit per day folder, which
 * balances two workers well whatever the cameras' sizes.
 */
async function expand(ctx: RootContext, rootIndex: number, dir: string, rel: string, depth: number, units: Unit[]): Promise<void> {
  if (depth >= EXPAND_DEPTH) {
    units.push({ rootIndex, dir, rel, recursive: true });
    return;
  }
  let dirents;
  try {
    dirents = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    // Let the worker meet the same error and report it with the others.
    units.push({ rootIndex, dir, rel, recursive: true });
    return;
  }
  units.push({ rootIndex, dir, rel, recursive: false });
  for (const d of dirents) {
    if (!d.isDirectory() || d.name.includes('\uFFFD')) continue;
    const child = `${dir}${dir.endsWith(path.sep) ? '' : path.sep}${d.name}`;
    if (skipFolderReason(d.name, child, ctx) !== null) continue; // reported by the unit above
    await expand(ctx, rootIndex, child, rel ? `${rel}/${d.name}` : d.name, depth + 1, units);
  }
}

type Totals = Pick<ScanOutput, 'folders' | 'otherFiles' | 'skipped'> & { stalled?: boolean };

class ScanStalledError extends Error {}

async function runWorkers(units: Unit[], wc: WalkContext, opts: ScanOptions, started: number): Promise<Totals> {
  const totals: Totals = { folders: 0, otherFiles: 0, skipped: [] };
  if (units.length === 0) return totals;
  const want = opts.workers ?? Math.min(2, Math.max(1, os.availableParallelism()));
  const n = Math.max(1, Math.min(want, units.length));
  // Slot 0: next unit to claim. Then per worker: folders walked, files found.
  const shared = new Int32Array(new SharedArrayBuffer(4 * (1 + 2 * n)));
  const progress = (): ScanProgress => {
    let files = 0, folders = 0;
    for (let w = 0; w < n; w++) {
      folders += Atomics.load(shared, 1 + 2 * w);
      files += Atomics.load(shared, 2 + 2 * w);
    }
    return { files, folders, elapsedMs: performance.now() - started };
  };
  const workers: Worker[] = [];
  let stalled = false;
  let lastCount = -1;
  let lastMove = performance.now();
  let rejectStall: (e: Error) => void = () => undefined;
  const stallWatch = new Promise<never>((_, reject) => { rejectStall = reject; });
  stallWatch.catch(() => undefined);
  const timer = setInterval(() => {
    const p = progress();
    opts.onProgress?.(p);
    const now = performance.now();
    if (p.files + p.folders !== lastCount) {
      lastCount = p.files + p.folders;
      lastMove = now;
    } else if (now - lastMove > (opts.stallMs ?? 20_000)) {
      stalled = true;
      rejectStall(new ScanStalledError());
    }
  }, PROGRESS_EVERY_MS);
  const onAbort = (): void => { for (const w of workers) void w.terminate(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([stallWatch, Promise.all(Array.from({ length: n }, (_, w) => new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./walk.mjs', import.meta.url), {
        workerData: { kind: 'reelvault-walk', wc, units, shared, slot: 1 + 2 * w, testStall: opts.testStall, nice: opts.background ? 10 : 0 },
        // The walker is plain JS: none of the parent's flags (an --input-type, a loader) apply.
        execArgv: [],
      });
      workers.push(worker);
      let done = false;
      worker.on('message', (m: { rows?: WalkResult; done?: boolean } & Partial<Totals>) => {
        if (m.rows) {
          opts.onRows(m.rows, wc.roots);
        } else if (m.done) {
          done = true;
          totals.folders += m.folders ?? 0;
          totals.otherFiles += m.otherFiles ?? 0;
          totals.skipped.push(...(m.skipped ?? []));
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (done) resolve();
        else reject(new Error(opts.signal?.aborted ? 'scan cancelled' : `scan worker stopped (exit ${code})`));
      });
    })))]);
    return totals;
  } catch (err) {
    if (stalled) return { ...totals, stalled: true };
    throw err;
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    for (const w of workers) void w.terminate();
    opts.onProgress?.(progress());
  }
}
