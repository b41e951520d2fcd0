// Tile thumbnails: made once per (file version, size, time, format), kept in the data dir.
//
// Two lanes. Interactive requests (tiles on screen) run one file per ffmpeg, at once, and a
// request dropped before its turn (the tile scrolled away) never starts a process. The
// background lane fills the rest of the library in batches of several inputs per ffmpeg, one
// batch per core, which spares Debian ffmpeg's ~150 ms start-up for all but one file; an input
// that yields nothing in a batch is retried alone so a bad file cannot fail its neighbours.
import fs from 'node:fs/promises';
import os from 'node:os';
import type { LibraryEntry } from '../../preload/api.js';
import type { Library } from '../library/library.js';
import { logger } from '../util/log.js';
import { openContained, type ContainedFile } from './contained-file.js';
import { firstMeaningfulLine, spawnMedia } from './ffmpeg.js';
import { inputUrls } from './input-args.js';
import { Interest } from './interest.js';
import { MediaError } from './media-error.js';
import { NOT_ON_WHITELIST } from './probe.js';
import { NOT_A_VIDEO } from '../library/naming.mjs';
import { ImageCache } from './thumb-cache.js';
import { DEFAULT_THUMB, lowresFor, normalizeSpec, thumbnailArgs, type ThumbSpec } from './thumbnail-args.js';

const log = logger('thumbs');
const BATCH = 12;
/**
 * While tiles are being dropped (the user is scrolling), a request starts only once it has
 * waited this long: a tile flung past in 60 ms never costs an ffmpeg. At rest, requests start
 * at once.
 */
const SETTLE_MS = 120;
const SCROLLING_FOR_MS = 300;

export type ThumbErrorCode = 'not-found' | 'gone' | 'cancelled' | 'no-picture' | 'failed' | 'refused' | 'not-answering';

export class ThumbError extends MediaError {
  constructor(message: string, code: ThumbErrorCode) {
    super(code, message);
  }
}

/** A containment refusal (or a vanished file) as the thumbnail's error. */
function openFailure(err: unknown): ThumbError {
  if (err instanceof MediaError && (err.code === 'refused' || err.code === 'not-answering')) return new ThumbError(err.message, err.code);
  return new ThumbError('file no longer exists', 'gone');
}

interface Job {
  file: string;
  entry: LibraryEntry;
  spec: ThumbSpec;
  /** Callers still waiting; at 0 an interactive job is dropped (queued) or killed (running). */
  waiters: number;
  background: boolean;
  started: boolean;
  /** The time already gave nothing (in a batch): go straight to the first frame. */
  firstFrameOnly?: boolean;
  ac: AbortController;
  queuedAt: number;
  promise: Promise<string>;
  resolve: (file: string) => void;
  reject: (err: ThumbError) => void;
}

export interface ThumbResult {
  file: string;
  contentType: 'image/jpeg' | 'image/webp';
}

export class ThumbnailService {
  readonly cache: ImageCache;
  private readonly inflight = new Map<string, Job>();
  private readonly interactive: Job[] = [];
  private background = new Set<string>();
  private readonly interest = new Interest();
  private backgroundSpec: ThumbSpec = DEFAULT_THUMB;
  private runningInteractive = 0;
  private runningBackground = 0;
  private readonly limit = Math.max(1, os.availableParallelism());
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  private lastDrop = -Infinity;
  private settleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly library: Library, dataDir: string, opts: { capBytes?: number } = {}) {
    this.cache = new ImageCache(dataDir, opts.capBytes);
    void this.cache.load();
  }

  /** The cached or freshly made thumbnail's file. Rejects with a ThumbError in words. */
  async get(id: string, wanted: Partial<ThumbSpec> = {}, signal?: AbortSignal, owner = ''): Promise<ThumbResult> {
    const e = this.library.get(id);
    if (!e) throw new ThumbError('no such file in the library', 'not-found');
    if (e.status !== 'ok') throw new ThumbError(e.reason ?? 'file cannot be read', 'no-picture');
    const spec = normalizeSpec(wanted);
    const contentType = spec.format === 'webp' ? 'image/webp' : 'image/jpeg';
    const file = this.fileFor(e, spec);
    if (await this.cache.has(file)) return { file, contentType };
    const failed = await readFailure(file);
    if (failed) throw failed;
    if (signal?.aborted) throw new ThumbError('cancelled', 'cancelled');
    // Stopped (shutting down): nothing would ever run the job; answer now rather than hang.
    if (this.stopped) throw new ThumbError('thumbnails are stopped', 'cancelled');

    let job = this.inflight.get(file);
    if (!job) {
      job = this.newJob(file, e, spec, false);
      this.interactive.push(job);
    }
    const j = job;
    j.waiters++;
    this.interest.add([id], owner);
    this.pump();
    return new Promise<ThumbResult>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new ThumbError('cancelled', 'cancelled'));
        this.release(j);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      j.promise.then(
        (f) => { signal?.removeEventListener('abort', onAbort); resolve({ file: f, contentType }); },
        (err: ThumbError) => { signal?.removeEventListener('abort', onAbort); reject(err); },
      );
    });
  }

  private fileFor(e: LibraryEntry, spec: ThumbSpec): string {
    return this.cache.pathFor(e.id, ['thumb', e.size, e.mtimeMs, spec.width, spec.height, spec.time], spec.format === 'webp' ? 'webp' : 'jpg');
  }

  private newJob(file: string, entry: LibraryEntry, spec: ThumbSpec, background: boolean): Job {
    let resolve!: (f: string) => void;
    let reject!: (e: ThumbError) => void;
    const promise = new Promise<string>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined); // a job nobody waits for any more may still fail
    const job: Job = { file, entry, spec, waiters: 0, background, started: false, ac: new AbortController(), queuedAt: performance.now(), promise, resolve, reject };
    this.inflight.set(file, job);
    return job;
  }

  /** A caller stopped waiting: drop the job if nobody else wants it. */
  private release(job: Job): void {
    job.waiters--;
    if (job.waiters > 0 || job.background) return;
    this.lastDrop = performance.now();
    if (!job.started) {
      const i = this.interactive.indexOf(job);
      if (i >= 0) this.interactive.splice(i, 1);
      this.finish(job, new ThumbError('cancelled', 'cancelled'));
    } else {
      job.ac.abort();
    }
  }

  private finish(job: Job, result: string | ThumbError): void {
    if (this.inflight.get(job.file) === job) this.inflight.delete(job.file);
    this.interest.done(job.entry.id);
    if (typeof result === 'string') job.resolve(result);
    else job.reject(result);
  }

  /** Queue the whole library for the background lane, newest recordings first. */
  fillBackground(spec: Partial<ThumbSpec> = {}): void {
    this.backgroundSpec = normalizeSpec(spec);
    const all = this.library.query({ status: ['ok'], limit: Number.MAX_SAFE_INTEGER, sort: 'recorded-desc' });
    for (const e of all.items) this.background.add(e.id);
    this.pump();
  }

  /** Move ids to the front of the background lane (what `owner`, a viewer, is about to see). */
  prioritize(ids: readonly string[], owner = ''): void {
    this.interest.add(ids, owner);
    const next = new Set(ids.filter((id) => this.library.get(id)));
    for (const id of this.background) next.add(id);
    this.background = next;
    this.pump();
  }

  /**
   * `owner` no longer wants ids: drop their queued work (background entries, and interactive
   * jobs not started yet) unless another viewer still asked for it.
   */
  cancel(ids: readonly string[], owner = ''): void {
    const drop = new Set(this.interest.drop(ids, owner));
    for (const id of drop) this.background.delete(id);
    for (const job of [...this.interactive]) {
      if (!drop.has(job.entry.id)) continue;
      this.interactive.splice(this.interactive.indexOf(job), 1);
      this.finish(job, new ThumbError('cancelled', 'cancelled'));
    }
  }

  get pending(): number {
    return this.background.size + this.interactive.length;
  }

  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.background.size === 0 && this.interactive.length === 0 && this.runningInteractive === 0 && this.runningBackground === 0;
  }

  stop(): void {
    this.stopped = true;
    this.background.clear();
    for (const job of this.inflight.values()) job.ac.abort();
  }

  /** The next interactive job to start: at rest the oldest; while scrolling the newest settled one. */
  private nextInteractive(): Job | null {
    const now = performance.now();
    if (now - this.lastDrop > SCROLLING_FOR_MS) return this.interactive.shift() ?? null;
    for (let i = this.interactive.length - 1; i >= 0; i--) {
      if (now - this.interactive[i]!.queuedAt >= SETTLE_MS) return this.interactive.splice(i, 1)[0]!;
    }
    // Look again when the oldest one will have settled.
    if (!this.settleTimer && this.interactive.length > 0) {
      const wait = Math.max(1, SETTLE_MS - (now - Math.min(...this.interactive.map((j) => j.queuedAt))));
      this.settleTimer = setTimeout(() => { this.settleTimer = null; this.pump(); }, wait);
    }
    return null;
  }

  private pump(): void {
    while (!this.stopped && this.interactive.length > 0 && this.runningInteractive < this.limit) {
      const job = this.nextInteractive();
      if (!job) break;
      job.started = true;
      this.runningInteractive++;
      void this.runSingle(job, 'interactive').finally(() => { this.runningInteractive--; this.pump(); });
    }
    // The background lane waits while anything on screen is still coming.
    while (!this.stopped && this.interactive.length === 0 && this.runningInteractive === 0 && this.runningBackground < this.limit && this.background.size > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) continue;
      this.runningBackground++;
      void this.runBatch(batch)
        .catch((err: unknown) => {
          // Whatever failed, nobody may wait forever for these thumbnails.
          for (const j of batch) if (this.inflight.get(j.file) === j) this.finish(j, new ThumbError(err instanceof Error ? err.message : String(err), 'failed'));
        })
        .finally(() => { this.runningBackground--; this.pump(); });
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private takeBatch(): Job[] {
    const jobs: Job[] = [];
    for (const id of this.background) {
      if (jobs.length >= BATCH) break;
      this.background.delete(id);
      const e = this.library.get(id);
      if (!e || e.status !== 'ok' || (e.probe === 'probed' && !e.media?.videoCodec)) continue;
      const file = this.fileFor(e, this.backgroundSpec);
      if (this.inflight.has(file)) continue;
      const job = this.newJob(file, e, this.backgroundSpec, true);
      job.started = true;
      jobs.push(job);
    }
    return jobs;
  }

  private lowres(e: LibraryEntry, spec: ThumbSpec): number {
    return lowresFor(e.media?.videoCodec, e.media?.width, spec);
  }

  /** One file, one ffmpeg: at the requested time, then the first frame if that gave nothing. */
  private async runSingle(job: Job, priority: 'interactive' | 'background'): Promise<void> {
    let tmp: string | null = null;
    let result: string | ThumbError;
    try {
      tmp = await this.cache.tempFor(job.file);
      result = await this.makeOne(job, priority, tmp);
    } catch (err) {
      result = new ThumbError(err instanceof Error ? err.message : String(err), 'failed');
    }
    // Clean up before answering, so nobody sees a half-written file after an error.
    if (tmp) await fs.rm(tmp, { force: true });
    this.finish(job, result);
  }

  private async makeOne(job: Job, priority: 'interactive' | 'background', tmp: string): Promise<string | ThumbError> {
    if (await this.cache.has(job.file)) return job.file;
    const source = this.library.pathOf(job.entry);
    let reason = '';
    for (const seek of job.firstFrameOnly ? [false] : [true, false]) {
      if (!seek && job.spec.time === 0) break;
      let opened: ContainedFile;
      try {
        opened = await openContained(job.entry.root, source);
      } catch (err) {
        return openFailure(err);
      }
      let p;
      try {
        p = await spawnMedia('ffmpeg', thumbnailArgs([{ url: inputUrls([opened])[0]!, lowres: this.lowres(job.entry, job.spec), seek }], job.spec, [tmp]), { signal: job.ac.signal, priority, stdout: 'ignore', inputs: [opened] });
      } finally {
        await opened.close();
      }
      const exit = await p.exited;
      if (job.ac.signal.aborted) return new ThumbError('cancelled', 'cancelled');
      // A write cut short (a full disk) leaves a partial file: only a clean exit counts.
      if (exit.code === 0 && await nonEmpty(tmp)) {
        await this.cache.commit(tmp, job.file);
        return job.file;
      }
      if (/No space left on device/i.test(p.stderr())) return new ThumbError('the disk is full, so the thumbnail could not be saved', 'failed');
      if (NOT_ON_WHITELIST.test(p.stderr())) {
        await this.cache.writeText(`${job.file}.err`, `${REFUSED_MARK}${NOT_A_VIDEO}`).catch(() => undefined);
        return new ThumbError(NOT_A_VIDEO, 'refused');
      }
      // An error (cannot open, cannot decode) is not cured by reading from the start.
      if (exit.code !== 0) {
        reason = firstMeaningfulLine(p.stderr());
        break;
      }
    }
    if (!(await exists(source))) return new ThumbError('file no longer exists', 'gone');
    const why = describeFailure(reason);
    await this.cache.writeText(`${job.file}.err`, why).catch(() => undefined);
    log.info(`${job.entry.relPath}: ${why}`);
    return new ThumbError(why, 'no-picture');
  }

  /**
   * Several files, one ffmpeg. An input ffmpeg cannot open fails the whole command, so such
   * inputs (named in its error) go alone and the rest run again as a batch; an input that
   * yields no picture is retried alone (first frame, and a reason recorded).
   */
  private async runBatch(batch: Job[]): Promise<void> {
    let jobs = batch;
    const alone: Job[] = [];
    while (jobs.length > 0) {
      const spec = jobs[0]!.spec;
      const tmps = await Promise.all(jobs.map((j) => this.cache.tempFor(j.file)));
      const ac = new AbortController();
      const onAbort = (): void => ac.abort();
      for (const j of jobs) j.ac.signal.addEventListener('abort', onAbort, { once: true });
      const opened: ContainedFile[] = [];
      try {
        // Each file is opened and checked first; one that fails it is answered now, alone.
        const refused = new Set<Job>();
        for (const j of jobs) {
          try {
            opened.push(await openContained(j.entry.root, this.library.pathOf(j.entry)));
          } catch (err) {
            refused.add(j);
            this.finish(j, openFailure(err));
          }
        }
        if (refused.size) {
          const keep = jobs.map((j, k) => ({ j, tmp: tmps[k]! })).filter((x) => !refused.has(x.j));
          for (const [k, j] of jobs.entries()) if (refused.has(j)) void fs.rm(tmps[k]!, { force: true });
          jobs = keep.map((x) => x.j);
          tmps.splice(0, tmps.length, ...keep.map((x) => x.tmp));
          if (jobs.length === 0) break;
        }
        const urls = inputUrls(opened);
        const inputs = jobs.map((j, k) => ({ url: urls[k]!, lowres: this.lowres(j.entry, spec), seek: true }));
        let p;
        try {
          p = await spawnMedia('ffmpeg', thumbnailArgs(inputs, spec, tmps), { signal: ac.signal, priority: 'background', stdout: 'ignore', inputs: opened });
        } finally {
          await Promise.all(opened.splice(0).map((f) => f.close()));
        }
        const exit = await p.exited;
        if (ac.signal.aborted) {
          for (const j of jobs) this.finish(j, new ThumbError('cancelled', 'cancelled'));
          return;
        }
        if (exit.code !== 0) {
          const err = p.stderr();
          const unmapped = new Set([...err.matchAll(/Stream map '(\d+):v:0' matches no streams/g)].map((m) => Number(m[1])));
          const culprits = jobs.filter((j, k) => unmapped.has(k) || err.includes(urls[k]!));
          if (culprits.length === 0 || culprits.length === jobs.length) {
            alone.push(...jobs);
            break;
          }
          alone.push(...culprits);
          jobs = jobs.filter((j) => !culprits.includes(j));
          continue;
        }
        for (let k = 0; k < jobs.length; k++) {
          const j = jobs[k]!;
          if (await nonEmpty(tmps[k]!)) {
            await this.cache.commit(tmps[k]!, j.file);
            this.finish(j, j.file);
          } else {
            j.firstFrameOnly = true;
            alone.push(j);
          }
        }
        jobs = [];
      } finally {
        await Promise.all(opened.map((f) => f.close()));
        await Promise.all(tmps.map((t) => fs.rm(t, { force: true })));
      }
    }
    for (const j of alone) {
      if (this.stopped) this.finish(j, new ThumbError('cancelled', 'cancelled'));
      else await this.runSingle(j, 'background');
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** A remembered failure (`<thumb>.err`): its words, marked when the file is never to be opened. */
const REFUSED_MARK = 'refused:';

async function readFailure(file: string): Promise<ThumbError | null> {
  let text: string;
  try {
    text = await fs.readFile(`${file}.err`, 'utf8');
  } catch {
    return null;
  }
  return text.startsWith(REFUSED_MARK) ? new ThumbError(text.slice(REFUSED_MARK.length), 'refused') : new ThumbError(text, 'no-picture');
}

/** ffmpeg's reason, in words a user reads under a tile. */
export function describeFailure(stderrLine: string): string {
  if (!stderrLine) return 'no picture could be decoded from this file';
  if (/matches no streams|does not contain any stream|Output file .* does not contain/i.test(stderrLine)) return 'this file has no picture (audio only)';
  if (/Invalid data found|moov atom not found|could not find codec parameters/i.test(stderrLine)) return 'the file is damaged or not a video';
  return `no picture could be decoded: ${stderrLine}`;
}
