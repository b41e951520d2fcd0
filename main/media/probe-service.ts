// Probing 100,000 files is hours of CPU, so: what the user looks at first (on demand, at once),
// the rest in the background one at a time at the lowest priority, paused while anything plays
// (both lanes of the one media queue, media-queue.ts).
// A result (or a failure with ffprobe's reason) is kept per (id, size, mtime) and redone only
// when the file changes.
import { isRemoteRoot } from '../library/sources.js';
import { longLivedController } from '../util/abort.js';
import type { LibraryEntry, MediaProbe } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { logger } from '../util/log.js';
import { ProbeCache, type CachedProbe } from './probe-cache.js';
import { MediaQueue } from './media-queue.js';
import { QueuedService } from './queued-service.js';
import { MediaError } from './media-error.js';
import { ProbeError, probeFile, summarize } from './probe.js';

const log = logger('probe');
const KIND = 'probe';

/** A probe, or why there is none; `gone` when the file itself is missing (never cached). */
export type ProbeResult = CachedProbe | { error: string; gone: true };


export interface ProbeServiceOptions {
  /** The media queue shared with thumbnails and sprites (the app's); else one of its own. */
  queue?: MediaQueue;
  /** Background probes at once (default 1: the rest of the machine records and plays). */
  backgroundConcurrency?: number;
}

export class ProbeService extends QueuedService {
  private readonly cache: ProbeCache;
  /** The temp files earlier runs left in the cache, removed at start (how many). */
  readonly cleaned: Promise<number>;
  private readonly inflight = new Map<string, Promise<ProbeResult>>();
  /** One signal for every job this service runs (so many listeners are expected). */
  private readonly ac = longLivedController();

  constructor(private readonly library: Library, dataDir: string, opts: ProbeServiceOptions = {}) {
    super(opts.queue ?? new MediaQueue(), KIND);
    this.cache = new ProbeCache(dataDir);
    this.cleaned = this.cache.removeStaleTemps().catch(() => 0);
    this.queue.register(KIND, {
      concurrency: opts.backgroundConcurrency ?? 1,
      wanted: (id) => {
        const e = this.library.get(id);
        return !!e && e.probe === 'unprobed' && e.status === 'ok';
      },
      run: async ([id]) => {
        const e = this.library.get(id!);
        if (e) await this.run(e, 'background');
      },
    });
  }

  /** The probe of an entry's current version: from the cache, else ffprobe now (ahead of any queued work). */
  async probe(id: string): Promise<ProbeResult> {
    const e = this.library.get(id);
    if (!e) return { error: 'file is not in the library', gone: true };
    return this.queue.visible({ key: `${KIND}:${id}`, id, kind: KIND, urgent: true }, () => this.run(e, 'interactive'));
  }

  /** The full probe for playback, or throws a MediaError with the reason. */
  async media(id: string): Promise<MediaProbe> {
    const r = await this.probe(id);
    if ('error' in r) throw probeFailure(r);
    return r.probe;
  }

  private run(e: LibraryEntry, priority: 'interactive' | 'background'): Promise<ProbeResult> {
    const key = `${e.id}:${e.size}:${e.mtimeMs}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.probeEntry(e, priority).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async probeEntry(e: LibraryEntry, priority: 'interactive' | 'background'): Promise<ProbeResult> {
    if (e.status === 'unreadable') return { error: e.reason ?? 'file cannot be read' };
    const cached = await this.cache.get(e.id, e.size, e.mtimeMs);
    let result: CachedProbe;
    if (cached) {
      result = cached;
    } else {
      try {
        result = { probe: await probeFile(this.library.pathOf(e), { root: e.root, priority, signal: this.ac.signal }) };
      } catch (err) {
        if (this.ac.signal.aborted) throw err;
        // Not remembered: the index learns of it from the watcher or the next scan.
        if (err instanceof ProbeError && err.kind === 'missing') return { error: err.message, gone: true };
        // Nor is an interrupted probe: the next look may well succeed.
        if (err instanceof ProbeError && (err.kind === 'interrupted' || err.kind === 'not-answering')) return { error: err.message };
        result = { error: err instanceof Error ? err.message : String(err), ...(err instanceof ProbeError && err.kind === 'refused' ? { refused: true as const } : {}) };
        log.info(`${e.relPath}: ${result.error}`);
      }
      await this.cache.set(e.id, e.size, e.mtimeMs, result).catch((err: unknown) => log.warn(`probe cache: ${String(err)}`));
    }
    this.library.applyProbe(e.id, e.size, e.mtimeMs, 'probe' in result ? { media: summarize(result.probe) } : { error: result.error });
    return result;
  }

  /** Queue every unprobed file for the background, newest recordings first. */
  fillBackground(): void {
    const todo = this.library.query({ probe: ['unprobed'], status: ['ok'], limit: Number.MAX_SAFE_INTEGER, sort: 'recorded-desc' });
    // Another Reelvault's files are probed by it, on the computer that holds them.
    this.queue.fill(KIND, todo.items.filter((e) => !isRemoteRoot(e.root)).map((e) => e.id));
  }

  /** Hold the background while something plays; call the returned function to resume. */
  pauseForPlayback(): () => void {
    return this.queue.pause();
  }

  /** Stop the queue and kill running probes. */
  stop(): void {
    this.queue.stop();
    this.ac.abort(new Error('stopped'));
  }
}

/** A failed probe as the error a route answers with. */
export function probeFailure(r: { error: string; gone?: true; refused?: true }): MediaError {
  if (r.gone) return new MediaError('gone', 'file no longer exists');
  if (r.refused) return new MediaError('refused', r.error);
  return new MediaError('unplayable', r.error);
}
