// The slots sessions take: a few transcodes (one kept for the person at the desktop) and more
// remuxes. A request past the limit waits briefly in line, then is told to retry; a request that
// may not wait (a prepared start) takes a slot only if one stays free after it.
import { MediaError } from './media-error.js';

export type Pool = 'transcode' | 'remux';

export interface SessionLimits {
  /** Transcodes at once. */
  maxTranscodes: number;
  /** Remuxes (stream copies) at once: cheap, but each is an ffmpeg (default 4 × maxTranscodes). */
  maxRemuxes?: number;
  /** Keep one slot for the local desktop user (the app; the headless server has no such user). */
  reserveLocal: boolean;
  /** Requests that may wait for a slot; past that, Busy at once. */
  queueMax: number;
  /** How long one waits for a slot before Busy. */
  queueWaitMs: number;
}

export const DEFAULT_LIMITS: SessionLimits = { maxTranscodes: 2, reserveLocal: false, queueMax: 4, queueWaitMs: 8000 };

export interface SlotRequest {
  pool: Pool;
  /** The person at this computer's desktop (may use the reserved slot). */
  local: boolean;
  /** Never the last free slot, and no waiting in line. */
  spare?: boolean;
  /**
   * For a spare request: how long it may wait for a slot to be let go (the viewer's own player,
   * paused for an export), taken the moment one is; Busy after that.
   */
  spareWaitMs?: number;
  /** How much of a slot it takes: 1, or 0.5 for a sync tile's small conversion. */
  weight?: number;
  signal?: AbortSignal;
}

interface Waiter {
  pool: Pool;
  local: boolean;
  weight: number;
  grant: () => void;
  fail: (e: MediaError) => void;
}

export class SessionSlots {
  private limits: SessionLimits;
  private readonly used: Record<Pool, number> = { transcode: 0, remux: 0 };
  private readonly waiters: Waiter[] = [];
  /** Spare requests waiting for a slot to be let go (served after everyone in line). */
  private readonly spareWaiters: Waiter[] = [];

  constructor(limits: Partial<SessionLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  setLimits(limits: Partial<SessionLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.grantWaiting();
  }

  inUse(pool: Pool): number {
    return this.used[pool];
  }

  /** Resolves with the slot's release (call it once), or rejects Busy or cancelled. */
  async acquire({ pool, local, spare, spareWaitMs, weight = 1, signal }: SlotRequest): Promise<() => void> {
    await this.take(pool, local, spare ?? false, weight, signal, spareWaitMs ?? 0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used[pool] -= weight;
      this.grantWaiting();
    };
  }

  private capacity(pool: Pool, local: boolean): number {
    if (pool === 'remux') return this.limits.maxRemuxes ?? 4 * this.limits.maxTranscodes;
    return local || !this.limits.reserveLocal ? this.limits.maxTranscodes : Math.max(0, this.limits.maxTranscodes - 1);
  }

  private take(pool: Pool, local: boolean, spare: boolean, weight: number, signal?: AbortSignal, spareWaitMs = 0): Promise<void> {
    const queued = this.waiters.filter((w) => w.pool === pool).length;
    const free = this.capacity(pool, local) - this.used[pool];
    if (spare) {
      if (free >= weight + 1 && queued === 0) {
        this.used[pool] += weight;
        return Promise.resolve();
      }
      const busy = new MediaError('busy', 'no slot is spare to prepare playback', 5);
      return spareWaitMs > 0 ? this.wait(this.spareWaiters, pool, local, weight, spareWaitMs, busy, signal) : Promise.reject(busy);
    }
    if (free >= weight && queued === 0) {
      this.used[pool] += weight;
      return Promise.resolve();
    }
    if (queued >= this.limits.queueMax) return Promise.reject(this.busy(pool));
    return this.wait(this.waiters, pool, local, weight, this.limits.queueWaitMs, this.busy(pool), signal);
  }

  /** In `line` until granted (by grantWaiting, when a slot is let go), `ms` passed, or cancelled. */
  private wait(line: Waiter[], pool: Pool, local: boolean, weight: number, ms: number, busy: MediaError, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        pool,
        local,
        weight,
        grant: () => { cleanup(); this.used[pool] += weight; resolve(); },
        fail: (e) => { cleanup(); reject(e); },
      };
      const timer = setTimeout(() => w.fail(busy), ms);
      const onAbort = (): void => w.fail(new MediaError('cancelled', 'cancelled'));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = line.indexOf(w);
        if (i >= 0) line.splice(i, 1);
      };
      if (signal?.aborted) { onAbort(); return; }
      signal?.addEventListener('abort', onAbort, { once: true });
      line.push(w);
    });
  }

  private busy(pool: Pool): MediaError {
    if (pool === 'remux') return new MediaError('busy', `all ${this.capacity('remux', false)} playback slots for copied files are in use; try again shortly`, 5);
    const n = this.limits.maxTranscodes;
    return new MediaError('busy', `${n === 1 ? 'the only conversion slot is' : `all ${n} conversion slots are`} in use; try again shortly`, 5);
  }

  private grantWaiting(): void {
    for (let i = 0; i < this.waiters.length;) {
      const w = this.waiters[i]!;
      if (this.used[w.pool] + w.weight <= this.capacity(w.pool, w.local)) w.grant(); // removes itself
      else i++;
    }
    // A spare request only when no one is in line for its pool and a slot stays free after it.
    for (let i = 0; i < this.spareWaiters.length;) {
      const w = this.spareWaiters[i]!;
      const inLine = this.waiters.some((x) => x.pool === w.pool);
      if (!inLine && this.used[w.pool] + w.weight + 1 <= this.capacity(w.pool, w.local)) w.grant(); // removes itself
      else i++;
    }
  }

  /** Refuse everyone still waiting (shutting down). */
  failWaiting(): void {
    for (const w of [...this.waiters, ...this.spareWaiters]) w.fail(new MediaError('cancelled', 'shutting down'));
  }
}
