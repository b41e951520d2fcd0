// Probing 100,000 files is hours of CPU, so: what the user looks at first (on demand, at once),
// the rest in the background one at a time at the lowest priority, paused while anything plays.
// A result (or a failure with ffprobe's reason) is kept per (id, size, mtime) and redone only
// when the file changes.
import { longLivedController } from '../util/abort.js';
import type { LibraryEntry, MediaProbe } from '../../preload/api.js';
import type { Library } from '../library/library.js';
import { logger } from '../util/log.js';
import { ProbeCache, type CachedProbe } from './probe-cache.js';
import { Interest } from './interest.js';
import { MediaError } from './media-error.js';
import { ProbeError, probeFile, summarize } from './probe.js';

const log = logger('probe');

/** A probe, or why there is none; `gone` when the file itself is missing (never cached). */
export type ProbeResult = CachedProbe | { error: string; gone: true };


export class ProbeService {
  private readonly cache: ProbeCache;
  private readonly inflight = new Map<string, Promise<ProbeResult>>();
  /** Background queue, front first; a Set keeps insertion order and makes moves cheap. */
  private queue = new Set<string>();
  private readonly interest = new Interest();
  private backgroundRunning = 0;
  private paused = 0;
  private stopped = false;
  /** One signal for every job this service runs (so many listeners are expected). */
  private readonly ac = longLivedController();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly library: Library, dataDir: string, private readonly opts: { backgroundConcurrency?: number } = {}) {
    this.cache = new ProbeCache(dataDir);
  }

  /** The probe of an entry's current version: from the cache, else ffprobe now. */
  async probe(id: string): Promise<ProbeResult> {
    const e = this.library.get(id);
    if (!e) return { error: 'file is not in the library', gone: true };
    this.queue.delete(id);
    return this.run(e, 'interactive');
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
    for (const e of todo.items) this.queue.add(e.id);
    this.pump();
  }

  /** Move these ids to the front of the background queue (what `owner`, a viewer, scrolled to). */
  prioritize(ids: readonly string[], owner = ''): void {
    this.interest.add(ids, owner);
    const next = new Set<string>();
    for (const id of ids) {
      const e = this.library.get(id);
      if (e && e.probe === 'unprobed' && e.status === 'ok') next.add(id);
    }
    for (const id of this.queue) next.add(id);
    this.queue = next;
    this.pump();
  }

  /** `owner` no longer wants ids: drop their queued work unless another viewer asked for it (running probes finish; they are cheap). */
  cancel(ids: readonly string[], owner = ''): void {
    for (const id of this.interest.drop(ids, owner)) this.queue.delete(id);
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Pause the background while something plays; call the returned function to resume. */
  pauseForPlayback(): () => void {
    this.paused++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.paused--;
      this.pump();
    };
  }

  /** Resolves when the background queue is empty and nothing runs (tests, CLI). */
  whenIdle(): Promise<void> {
    if (this.queue.size === 0 && this.backgroundRunning === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stop the queue and kill running probes. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
    this.ac.abort(new Error('stopped'));
  }

  private pump(): void {
    const limit = this.opts.backgroundConcurrency ?? 1;
    while (!this.stopped && this.paused === 0 && this.backgroundRunning < limit && this.queue.size > 0) {
      const id = this.queue.values().next().value as string;
      this.queue.delete(id);
      this.interest.done(id);
      const e = this.library.get(id);
      if (!e || e.probe !== 'unprobed') continue;
      this.backgroundRunning++;
      void this.run(e, 'background')
        .catch((err: unknown) => { if (!this.stopped) log.warn(`background probe: ${String(err)}`); })
        .finally(() => {
          this.backgroundRunning--;
          this.pump();
        });
    }
    if (this.queue.size === 0 && this.backgroundRunning === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}

/** A failed probe as the error a route answers with. */
export function probeFailure(r: { error: string; gone?: true; refused?: true }): MediaError {
  if (r.gone) return new MediaError('gone', 'file no longer exists');
  if (r.refused) return new MediaError('refused', r.error);
  return new MediaError('unplayable', r.error);
}
