// Activity analysis in the background (issue 31 §1), through the one media queue at its lowest
// priority: the sizes pass reads frame indexes over the whole library (no decoding, fast), the
// pixel pass decodes small, many files per ffmpeg. Both take the newest recordings first; what a
// viewer looks at (prioritize, or an `activity` question with pixels pending) moves to the front.
// Results land in the ActivityStore, keyed by the file's version.
import { EventEmitter } from 'node:events';
import type { LibraryEntry } from '../../../contract/api.js';
import { isRemoteRoot } from '../../library/sources.js';
import type { Library } from '../../library/library.js';
import { longLivedController } from '../../util/abort.js';
import { logger } from '../../util/log.js';
import { openContained, type ContainedFile } from '../contained-file.js';
import type { BackgroundWorker, MediaQueue } from '../media-queue.js';
import type { ActivityStore, FileVersion } from './activity-store.js';
import { pixelPass, type PixelJob } from './pixel-pass.js';
import type { PixelActivity } from './pixel-levels.js';
import { readVideoFrames } from './read-frames.js';
import { sizeActivity } from './size-levels.js';
import { keyframeGapSec, type VideoFrames } from './video-frames.js';

const log = logger('activity');

export const SIZES_KIND = 'activity-sizes';
export const PIXELS_KIND = 'activity-pixels';
/** Files per sizes run: each is a few reads, so a run is short whatever the count. */
const SIZES_BATCH = 32;
/** Files per ffmpeg: each process pays its start once (about 0.5 s with a GPU decoder). */
const PIXELS_BATCH = 8;
/** Library extensions whose containers have no frame index this reads: decoded only. */
const INDEXED = /\.(mp4|m4v|mov|avi|mkv|webm)$/i;

/** The ffmpeg decoder for a container's codec name, where it decides `-lowres` (pixel-args.ts). */
export function decoderOf(containerCodec: string, probed: string | null | undefined): string {
  if (probed) return probed;
  const c = containerCodec.toLowerCase();
  if (/^(mp4v|xvid|divx|dx50|fmp4|v_mpeg4\/iso\/(asp|sp))$/.test(c)) return 'mpeg4';
  if (/^(mjpg|jpeg|v_mjpeg|mjpa|avrn)$/.test(c)) return 'mjpeg';
  if (/^(mpg2|mp2v|v_mpeg2|mpeg)$/.test(c)) return 'mpeg2video';
  if (/^(avc1|avc3|h264|x264|v_mpeg4\/iso\/avc)$/.test(c)) return 'h264';
  if (/^(hvc1|hev1|v_mpegh\/iso\/hevc)$/.test(c)) return 'hevc';
  return c;
}

/** Seconds (whole, counted from the first frame) the index lists. */
function firstAndSeconds(f: VideoFrames): { t0: number; seconds: number } {
  let t0 = Infinity, t1 = -Infinity;
  for (const t of f.times) { if (t < t0) t0 = t; if (t > t1) t1 = t; }
  return f.times.length ? { t0, seconds: Math.floor(t1 - t0) + 1 } : { t0: 0, seconds: 0 };
}

/** The pixel pass's seconds moved onto the file's (counted from its first frame); lighting is never motion. */
export function alignPixels(a: PixelActivity, t0: number, seconds: number): { levels: number[]; cells: bigint[] } {
  const n = Math.max(seconds, Math.round(a.start - t0) + a.levels.length);
  const levels = new Array<number>(n).fill(0);
  const cells = new Array<bigint>(n).fill(0n);
  const shift = Math.round(a.start - t0);
  a.levels.forEach((l, k) => {
    const at = k + shift;
    if (at < 0 || at >= n || a.lighting[k]) return;
    levels[at] = l;
    cells[at] = a.cells[k]!;
  });
  return { levels, cells };
}

export interface ActivityServiceOptions {
  /** Settings' hardware decoding (read at each run). */
  hardwareDecode?: () => boolean;
}

/** Emits 'changed' (entries whose analysis landed). */
export class ActivityService extends EventEmitter {
  private readonly ac = longLivedController();
  private stopped = false;
  private held = 0;
  private lastWanted = '';
  /** Its concurrency is read at each turn: 0 while the pixel pass is held. */
  private readonly pixelWorker: BackgroundWorker = {
    lowest: true, concurrency: 1, batch: PIXELS_BATCH,
    wanted: (id) => { const e = this.local(id); return !!e && !this.store.hasPixels(this.versionOf(e)); },
    run: (ids) => this.runPixels(ids),
  };

  constructor(
    private readonly library: Library, readonly store: ActivityStore, private readonly queue: MediaQueue, private readonly opts: ActivityServiceOptions = {},
  ) {
    super();
    queue.register(SIZES_KIND, {
      lowest: true, concurrency: 1, batch: SIZES_BATCH,
      wanted: (id) => { const e = this.local(id); return !!e && !store.hasSizes(this.versionOf(e)); },
      run: (ids) => this.runSizes(ids),
    });
    queue.register(PIXELS_KIND, this.pixelWorker);
  }

  versionOf(e: LibraryEntry): FileVersion {
    return { path: this.library.pathOf(e), size: e.size, mtimeMs: e.mtimeMs };
  }

  /** An entry of this computer that can be analysed (another Reelvault analyses its own). */
  private local(id: string): LibraryEntry | undefined {
    const e = this.library.get(id);
    return e && e.status === 'ok' && !isRemoteRoot(e.root) ? e : undefined;
  }

  /** Queue the whole library, newest recordings first (new recordings are the newest). */
  fillBackground(): void {
    if (this.stopped) return;
    const all = this.library.query({ status: ['ok'], limit: Number.MAX_SAFE_INTEGER, sort: 'recorded-desc' });
    const ids = all.items.filter((e) => !isRemoteRoot(e.root)).map((e) => e.id);
    this.queue.fill(SIZES_KIND, ids);
    this.queue.fill(PIXELS_KIND, ids);
  }

  /** What a viewer looks at: these files' analysis first. */
  want(ids: readonly string[]): void {
    if (this.stopped || !ids.length) return;
    // A view panned or redrawn asks for the same files again: reordering the lanes once is enough.
    const key = ids.join(',');
    if (key === this.lastWanted) return;
    this.lastWanted = key;
    this.queue.fill(SIZES_KIND, ids);
    this.queue.fill(PIXELS_KIND, ids);
    this.queue.prioritize(ids, 'activity');
  }

  /** Hold the pixel pass (the sizes pass goes on); call the returned function to let it run. */
  holdPixels(): () => void {
    this.held++;
    this.pixelWorker.concurrency = 0;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held--;
      if (!this.held) this.pixelWorker.concurrency = 1;
      this.queue.fill(PIXELS_KIND, []); // look at the queue again
    };
  }

  /** Files not analysed by pixels yet, among those queued. */
  get pending(): number {
    return this.queue.pending(PIXELS_KIND);
  }

  stop(): void {
    this.stopped = true;
    this.ac.abort(new Error('stopped'));
  }

  private open(e: LibraryEntry): Promise<ContainedFile> {
    return openContained(e.root, this.library.pathOf(e));
  }

  private async runSizes(ids: string[]): Promise<void> {
    const done: LibraryEntry[] = [];
    const results: Array<{ e: LibraryEntry; seconds: number; blind: string | null; levels: (number | null)[] }> = [];
    for (const id of ids) {
      if (this.stopped) return;
      const e = this.local(id);
      if (!e) continue;
      if (!INDEXED.test(e.filename)) {
        results.push({ e, seconds: Math.ceil(e.media?.durationSec ?? 0), blind: 'no-index', levels: [] });
        continue;
      }
      let file: ContainedFile | null = null;
      try {
        file = await this.open(e);
        const frames = await readVideoFrames(file.handle, file.size);
        const a = sizeActivity(frames);
        results.push({ e, seconds: firstAndSeconds(frames).seconds, blind: a.blind, levels: a.levels });
      } catch (err) {
        // No index (a damaged or unusual file): the pixel pass still decodes it.
        results.push({ e, seconds: Math.ceil(e.media?.durationSec ?? 0), blind: 'no-index', levels: [] });
        log.debug(`${e.relPath}: sizes: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await file?.close().catch(() => undefined);
      }
    }
    // One transaction (one sync to disk) for the batch.
    this.store.batch(() => {
      for (const r of results) { this.store.putSizes(this.versionOf(r.e), r); done.push(r.e); }
    });
    if (done.length) this.emit('changed', done);
  }

  private async runPixels(ids: string[]): Promise<void> {
    const jobs: Array<{ e: LibraryEntry; job: PixelJob; t0: number; seconds: number }> = [];
    try {
      for (const id of ids) {
        const e = this.local(id);
        if (!e) continue;
        let file: ContainedFile | null = null;
        try {
          file = await this.open(e);
          let frames: VideoFrames | null = null;
          try { frames = await readVideoFrames(file.handle, file.size); } catch { /* no index: sampled at 2 a second */ }
          const { t0, seconds } = frames ? firstAndSeconds(frames) : { t0: 0, seconds: Math.ceil(e.media?.durationSec ?? 0) };
          const info = {
            codec: decoderOf(frames?.codec ?? '', e.media?.videoCodec),
            width: frames?.width || e.media?.width || 0,
            keyframeIntervalSec: frames ? keyframeGapSec(frames) : null,
            intraOnly: frames ? frames.keys.every(Boolean) : false,
            ...(this.opts.hardwareDecode?.() ? { hwaccel: true } : {}),
          };
          jobs.push({ e, job: { file, info }, t0, seconds });
          file = null;
        } catch (err) {
          this.store.putPixels(this.versionOf(e), 'failed');
          log.info(`${e.relPath}: pixels: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          await file?.close().catch(() => undefined);
        }
      }
      await this.decode(jobs);
    } finally {
      await Promise.all(jobs.map((j) => j.job.file.close().catch(() => undefined)));
    }
  }

  /** One ffmpeg for the batch; when it fails, each file alone, so one bad file fails only itself. */
  private async decode(jobs: Array<{ e: LibraryEntry; job: PixelJob; t0: number; seconds: number }>): Promise<void> {
    if (!jobs.length || this.stopped) return;
    let results: PixelActivity[];
    try {
      results = await pixelPass(jobs.map((j) => j.job), { signal: this.ac.signal });
    } catch (err) {
      if (this.stopped) return;
      if (jobs.length > 1) {
        for (const j of jobs) await this.decode([j]);
        return;
      }
      this.store.putPixels(this.versionOf(jobs[0]!.e), 'failed');
      log.info(`${jobs[0]!.e.relPath}: pixels: ${err instanceof Error ? err.message : String(err)}`);
      this.emit('changed', [jobs[0]!.e]);
      return;
    }
    this.store.batch(() => {
      jobs.forEach((j, k) => this.store.putPixels(this.versionOf(j.e), alignPixels(results[k]!, j.t0, j.seconds), j.seconds));
    });
    this.emit('changed', jobs.map((j) => j.e));
  }
}
