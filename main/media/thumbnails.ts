// Tile thumbnails: made once per (file version, size, time, format), kept in the data dir.
//
// The two lanes of the one media queue (media-queue.ts). Tiles on screen run one file per
// ffmpeg, at once, and a request dropped before its turn (the tile scrolled away) never starts a
// process. The background lane fills the rest of the library in batches of several inputs per
// ffmpeg, one batch per core, which spares Debian ffmpeg's ~150 ms start-up for all but one file; an input
// that yields nothing in a batch is retried alone so a bad file cannot fail its neighbours.
import { isRemoteRoot } from '../library/sources.js';
import fs from 'node:fs/promises';
import type { LibraryEntry } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { longLivedController } from '../util/abort.js';
import { logger } from '../util/log.js';
import { openContained, type ContainedFile } from './contained-file.js';
import { firstMeaningfulLine, spawnMedia } from './ffmpeg.js';
import { inputUrls } from './input-args.js';
import { MediaQueue } from './media-queue.js';
import { QueuedService } from './queued-service.js';
import { NOT_ON_WHITELIST } from './probe.js';
import { NOT_A_VIDEO } from '../library/naming.mjs';
import { ImageCache } from './thumb-cache.js';
import { abortable, asThumbError, describeFailure, diskFullError, isDiskFull, openFailure, readFailure, REFUSED_MARK, ThumbError } from './thumbnail-errors.js';

export { describeFailure, ThumbError, type ThumbErrorCode } from './thumbnail-errors.js';
import { DEFAULT_THUMB, lowresFor, normalizeSpec, thumbnailArgs, type ThumbSpec } from './thumbnail-args.js';

const log = logger('thumbs');
const KIND = 'thumb';
const BATCH = 12;

interface Job {
  file: string;
  entry: LibraryEntry;
  spec: ThumbSpec;
  /** The time already gave nothing (in a batch): go straight to the first frame. */
  firstFrameOnly?: boolean;
  signal: AbortSignal;
}

export interface ThumbResult {
  file: string;
  contentType: 'image/jpeg' | 'image/webp';
}

export interface ThumbnailOptions {
  capBytes?: number;
  /** The media queue shared with probes and sprites (the app's); else one of its own. */
  queue?: MediaQueue;
}

export class ThumbnailService extends QueuedService {
  readonly cache: ImageCache;
  /** Thumbnails being made in the background, by file: a tile asking for one waits for it. */
  private readonly batched = new Map<string, Promise<string>>();
  private backgroundSpec: ThumbSpec = DEFAULT_THUMB;
  private stopped = false;
  private readonly ac = longLivedController();

  constructor(private readonly library: Library, dataDir: string, opts: ThumbnailOptions = {}) {
    super(opts.queue ?? new MediaQueue(), KIND);
    this.cache = new ImageCache(dataDir, opts.capBytes);
    void this.cache.load();
    this.queue.register(KIND, {
      batch: BATCH,
      wanted: (id) => {
        const e = this.library.get(id);
        return !!e && e.status === 'ok' && !(e.probe === 'probed' && !e.media?.videoCodec);
      },
      run: (ids) => this.runBackground(ids),
    });
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
    const making = this.batched.get(file);
    const made = making ? await abortable(making, signal) : await this.queue.visible(
      { key: file, id, kind: KIND, owner, ...(signal ? { signal } : {}) },
      (jobSignal) => this.runSingle({ file, entry: e, spec, signal: jobSignal }, 'interactive'),
    ).catch((err: unknown) => { throw asThumbError(err); });
    return { file: made, contentType };
  }

  private fileFor(e: LibraryEntry, spec: ThumbSpec): string {
    return this.cache.pathFor(e.id, ['thumb', e.size, e.mtimeMs, spec.width, spec.height, spec.time], spec.format === 'webp' ? 'webp' : 'jpg');
  }

  /** Queue the whole library for the background lane, newest recordings first. */
  fillBackground(spec: Partial<ThumbSpec> = {}): void {
    this.backgroundSpec = normalizeSpec(spec);
    const all = this.library.query({ status: ['ok'], limit: Number.MAX_SAFE_INTEGER, sort: 'recorded-desc' });
    // Another Reelvault's thumbnails are made by it (and cached here as they are shown).
    this.queue.fill(KIND, all.items.filter((e) => !isRemoteRoot(e.root)).map((e) => e.id));
  }

  stop(): void {
    this.stopped = true;
    this.queue.stop();
    this.ac.abort();
  }

  /** A background run: the ids' thumbnails in one ffmpeg (those not made or being made yet). */
  private async runBackground(ids: string[]): Promise<void> {
    const jobs: Job[] = [];
    const settle = new Map<Job, (file: string | ThumbError) => void>();
    for (const id of ids) {
      const e = this.library.get(id);
      if (!e) continue;
      const file = this.fileFor(e, this.backgroundSpec);
      if (this.batched.has(file) || await this.cache.has(file)) continue;
      const job: Job = { file, entry: e, spec: this.backgroundSpec, signal: this.ac.signal };
      const p = new Promise<string>((resolve, reject) => settle.set(job, (r) => (typeof r === 'string' ? resolve(r) : reject(r))));
      p.catch(() => undefined); // nobody may be waiting for it
      this.batched.set(file, p);
      jobs.push(job);
    }
    const finish = (j: Job, r: string | ThumbError): void => {
      if (!settle.has(j)) return;
      settle.get(j)!(r);
      settle.delete(j);
      this.batched.delete(j.file);
    };
    try {
      await this.runBatch(jobs, finish);
    } catch (err) {
      // Whatever failed, nobody may wait forever for these thumbnails.
      for (const j of jobs) finish(j, new ThumbError(err instanceof Error ? err.message : String(err), 'failed'));
    }
    for (const j of jobs) finish(j, new ThumbError('cancelled', 'cancelled'));
  }

  private lowres(e: LibraryEntry, spec: ThumbSpec): number {
    return lowresFor(e.media?.videoCodec, e.media?.width, spec);
  }

  /** One file, one ffmpeg: at the requested time, then the first frame if that gave nothing. */
  private async runSingle(job: Job, priority: 'interactive' | 'background'): Promise<string> {
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
    if (typeof result !== 'string') throw result;
    return result;
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
        p = await spawnMedia('ffmpeg', thumbnailArgs([{ url: inputUrls([opened])[0]!, lowres: this.lowres(job.entry, job.spec), seek }], job.spec, [tmp]), { signal: job.signal, priority, stdout: 'ignore', inputs: [opened] });
      } finally {
        await opened.close();
      }
      const exit = await p.exited;
      if (job.signal.aborted) return new ThumbError('cancelled', 'cancelled');
      // A write cut short (a full disk) leaves a partial file: only a clean exit counts.
      if (exit.code === 0 && await nonEmpty(tmp)) {
        await this.cache.commit(tmp, job.file);
        return job.file;
      }
      if (isDiskFull(p.stderr())) return diskFullError('thumbnail');
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
  private async runBatch(batch: Job[], finish: (j: Job, r: string | ThumbError) => void): Promise<void> {
    let jobs = batch;
    const alone: Job[] = [];
    while (jobs.length > 0) {
      const spec = jobs[0]!.spec;
      const tmps = await Promise.all(jobs.map((j) => this.cache.tempFor(j.file)));
      const signal = this.ac.signal; // a batch is stopped only with the service
      const opened: ContainedFile[] = [];
      try {
        // Each file is opened and checked first; one that fails it is answered now, alone.
        const refused = new Set<Job>();
        for (const j of jobs) {
          try {
            opened.push(await openContained(j.entry.root, this.library.pathOf(j.entry)));
          } catch (err) {
            refused.add(j);
            finish(j, openFailure(err));
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
          p = await spawnMedia('ffmpeg', thumbnailArgs(inputs, spec, tmps), { signal, priority: 'background', stdout: 'ignore', inputs: opened });
        } finally {
          await Promise.all(opened.splice(0).map((f) => f.close()));
        }
        const exit = await p.exited;
        if (signal.aborted) {
          for (const j of jobs) finish(j, new ThumbError('cancelled', 'cancelled'));
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
            finish(j, j.file);
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
      if (this.stopped) finish(j, new ThumbError('cancelled', 'cancelled'));
      else finish(j, await this.runSingle(j, 'background').catch((err: unknown) => asThumbError(err)));
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
