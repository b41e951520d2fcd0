// The one queue for the library's media work (probes, thumbnails, sprites), in two lanes.
//
// Visible: what a viewer looks at now. Runs at once, up to one job per core, one job per key
// however many ask; a job nobody waits for any more is dropped before its turn (a tile flung
// past never costs an ffmpeg) or aborted while it runs. While tiles are being dropped (the user
// is scrolling), a job starts only once it has waited SETTLE_MS. Urgent jobs (the player's
// probe) skip the line: a start must never wait behind thumbnails. They jump the queue, they do
// not multiply it: at most URGENT_EXTRA of them run beyond the slots (300 `item` calls at once
// ran up to 179 ffprobes on 2 cores, and /health took 21 s), the next MAX_URGENT_WAITING wait
// ahead of everything else, and past that the answer is "busy, try again" (503, Retry-After).
//
// Background: the rest of the library, per kind of work, in the order given (newest first),
// moved to the front by `prioritize`, dropped by `cancel` unless another viewer still asked for
// it. It runs only while nothing visible waits or runs and nothing plays, several ids per run
// where the worker batches them (several inputs per ffmpeg spare Debian's start-up).
import os from 'node:os';
import { logger } from '../util/log.js';
import { BackgroundLanes, type BackgroundWorker } from './background-lanes.js';
import { MediaError } from './media-error.js';

export type { BackgroundWorker } from './background-lanes.js';

const log = logger('queue');

/** While tiles are being dropped, a visible job starts only once it has waited this long. */
export const SETTLE_MS = 120;
/** Urgent jobs that may run beyond the slots (one per core): the player's probe never waits behind tiles. */
export const URGENT_EXTRA = 4;
/** Urgent jobs that may wait for a slot; more at once are refused as busy. */
export const MAX_URGENT_WAITING = 32;
/** What a refused urgent job's caller is told to wait before asking again. */
const BUSY_RETRY_SEC = 2;

/** Drops this recent mean the user is scrolling. */
const SCROLLING_FOR_MS = 300;

export interface VisibleRequest {
  /** One job per key: later callers with the same key wait for the same job. */
  key: string;
  /** The library id the job is for (what `cancel` names). */
  id: string;
  /** The kind of work (per-kind counts and interest). */
  kind: string;
  /** Who asked (a viewer key): `cancel` drops only its own requests. */
  owner?: string;
  /** This caller stops waiting when it aborts. */
  signal?: AbortSignal;
  /** Start now, whatever waits or runs (playback's own probe). */
  urgent?: boolean;
}

interface Job {
  req: VisibleRequest;
  run: (signal: AbortSignal) => Promise<unknown>;
  waiters: number;
  started: boolean;
  ac: AbortController;
  queuedAt: number;
  promise: Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const cancelled = (): MediaError => new MediaError('cancelled', 'cancelled');

export class MediaQueue {
  private readonly slots: number;
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  /** Urgent jobs waiting for a slot: they start before any in `waiting`. */
  private readonly urgentWaiting: Job[] = [];
  private runningVisible = 0;
  private runningBackground = 0;
  private readonly background = new BackgroundLanes();
  private paused = 0;
  private stopped = false;
  private lastDrop = -Infinity;
  private settleTimer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(opts: { slots?: number } = {}) {
    this.slots = Math.max(1, opts.slots ?? os.availableParallelism());
  }

  /** The background work of one kind (`probe`, `thumb`): how it runs and what it still needs. */
  register(kind: string, worker: BackgroundWorker): void {
    this.background.register(kind, worker);
  }

  /** Run `run` in the visible lane (or join the job already there for this key). */
  visible<T>(req: VisibleRequest, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(cancelled());
    if (req.signal?.aborted) return Promise.reject(cancelled());
    let job = this.jobs.get(req.key);
    if (!job && req.urgent && !this.urgentRoom() && this.urgentWaiting.length >= MAX_URGENT_WAITING) {
      return Promise.reject(new MediaError('busy', 'too many files are being opened at once; try again in a moment', BUSY_RETRY_SEC));
    }
    if (!job) {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<unknown>((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => undefined); // a job nobody waits for any more may still fail
      job = { req, run, waiters: 0, started: false, ac: new AbortController(), queuedAt: performance.now(), promise, resolve, reject };
      this.jobs.set(req.key, job);
      if (req.urgent) this.urgentWaiting.push(job);
      else this.waiting.push(job);
    } else if (req.urgent && !job.started && this.waiting.includes(job)) {
      // Someone now waits for it urgently: it moves ahead of the tiles.
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.urgentWaiting.push(job);
    }
    const j = job;
    j.waiters++;
    this.background.interest(req.kind)?.add([req.id], req.owner ?? '');
    this.pump();
    const signal = req.signal;
    if (!signal) return j.promise as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        reject(cancelled());
        this.release(j);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      j.promise.then(
        (v) => { signal.removeEventListener('abort', onAbort); resolve(v as T); },
        (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
      );
    });
  }

  /** Append ids to a kind's background lane (ids already there keep their place). */
  fill(kind: string, ids: Iterable<string>): void {
    if (this.stopped) return;
    this.background.fill(kind, ids);
    this.pump();
  }

  /** Move ids to the front of every kind's background lane (what `owner` is about to see). */
  prioritize(ids: readonly string[], owner = ''): void {
    if (this.stopped) return;
    this.background.prioritize(ids, owner);
    this.pump();
  }

  /**
   * `owner` no longer wants ids: their queued work (background, and visible jobs not started)
   * is dropped unless another viewer still asked for it.
   */
  cancel(ids: readonly string[], owner = ''): void {
    for (const [kind, drop] of this.background.drop(ids, owner)) {
      for (const job of [...this.waiting]) {
        if (job.req.kind !== kind || !drop.has(job.req.id)) continue;
        this.waiting.splice(this.waiting.indexOf(job), 1);
        this.finish(job, cancelled(), false);
      }
    }
    this.pump();
  }

  /** Work of this kind not started yet (both lanes). */
  pending(kind: string): number {
    return this.background.size(kind) + [...this.urgentWaiting, ...this.waiting].filter((j) => j.req.kind === kind).length;
  }

  /** Visible jobs running now (both kinds of urgency). */
  get running(): number {
    return this.runningVisible;
  }

  /** Hold the background while something plays; call the returned function to let it go on. */
  pause(): () => void {
    this.paused++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.paused--;
      this.pump();
    };
  }

  /** Resolves when nothing waits or runs in either lane (tests, the CLI). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop every queued job and abort the running visible ones (background runs are their workers' to stop). */
  stop(): void {
    this.stopped = true;
    this.background.clear();
    for (const job of [...this.urgentWaiting.splice(0), ...this.waiting.splice(0)]) this.finish(job, cancelled(), false);
    for (const job of this.jobs.values()) job.ac.abort();
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.pump();
  }

  private isIdle(): boolean {
    if (this.waiting.length || this.urgentWaiting.length || this.runningVisible || this.runningBackground) return false;
    return this.background.empty();
  }

  /** A caller stopped waiting: drop the job if nobody else wants it. */
  private release(job: Job): void {
    job.waiters--;
    if (job.waiters > 0) return;
    this.lastDrop = performance.now();
    if (!job.started) {
      for (const list of [this.waiting, this.urgentWaiting]) {
        const i = list.indexOf(job);
        if (i >= 0) list.splice(i, 1);
      }
      this.finish(job, cancelled(), false);
      this.pump();
    } else {
      job.ac.abort();
    }
  }

  private finish(job: Job, result: unknown, ok: boolean): void {
    if (this.jobs.get(job.req.key) === job) this.jobs.delete(job.req.key);
    this.background.interest(job.req.kind)?.done(job.req.id);
    if (ok) job.resolve(result);
    else job.reject(result);
  }

  private start(job: Job): void {
    job.started = true;
    this.runningVisible++;
    let result: unknown;
    let ok = false;
    void (async () => {
      try {
        result = await job.run(job.ac.signal);
        ok = true;
      } catch (err) {
        result = err;
      }
    })().finally(() => {
      this.runningVisible--;
      this.finish(job, result, ok);
      this.pump();
    });
  }

  /** The next visible job: at rest the oldest; while scrolling the newest that has settled. */
  private nextVisible(): Job | null {
    const now = performance.now();
    if (now - this.lastDrop > SCROLLING_FOR_MS) return this.waiting.shift() ?? null;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (now - this.waiting[i]!.queuedAt >= SETTLE_MS) return this.waiting.splice(i, 1)[0]!;
    }
    // Look again when the oldest one will have settled.
    if (!this.settleTimer && this.waiting.length > 0) {
      const wait = Math.max(1, SETTLE_MS - (now - Math.min(...this.waiting.map((j) => j.queuedAt))));
      this.settleTimer = setTimeout(() => { this.settleTimer = null; this.pump(); }, wait);
    }
    return null;
  }

  /** Whether an urgent job may start now. */
  private urgentRoom(): boolean {
    return this.runningVisible < this.slots + URGENT_EXTRA;
  }

  private pump(): void {
    while (!this.stopped && this.urgentWaiting.length > 0 && this.urgentRoom()) this.start(this.urgentWaiting.shift()!);
    while (!this.stopped && this.waiting.length > 0 && this.runningVisible < this.slots) {
      const job = this.nextVisible();
      if (!job) break;
      this.start(job);
    }
    // The background waits while anything on screen is still coming, and while something plays.
    const visibleIdle = (): boolean => this.waiting.length === 0 && this.urgentWaiting.length === 0 && this.runningVisible === 0;
    while (!this.stopped && this.paused === 0 && visibleIdle() && this.runningBackground < this.slots) {
      const next = this.background.next(this.slots);
      if (!next) break;
      const { lane, ids } = next;
      lane.running++;
      this.runningBackground++;
      void lane.worker.run(ids)
        .catch((err: unknown) => { if (!this.stopped) log.warn(`background work: ${String(err)}`); })
        .finally(() => {
          lane.running--;
          this.runningBackground--;
          this.pump();
        });
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }
}
