// The subscriptions' source: library changes, scan progress and root states, numbered so a
// viewer that reconnects resumes where it left off. Library changes are merged so that viewers
// get at most one event per `minGapMs` carrying every id touched (a 1,000-file copy is a few
// events, not a thousand); progress and root states keep only their latest value.
import type { ApiEvents, LibraryChange } from '../../contract/api.js';

export type EventName = keyof ApiEvents;

export interface HubEvent<K extends EventName = EventName> {
  id: number;
  name: K;
  data: ApiEvents[K];
}

export type HubListener = (e: HubEvent) => void;

export interface EventHubOptions {
  minGapMs?: number;
  /** Events kept for resuming; a viewer further behind gets a `reset`. */
  keep?: number;
  /**
   * The id before the first event (default 0). The share starts from the clock, so ids never
   * repeat across restarts: a viewer (or another Reelvault) resuming from before one is reset.
   */
  firstId?: number;
}

export class EventHub {
  private seq = 0;
  private readonly ring: HubEvent[] = [];
  private readonly listeners = new Set<HubListener>();
  private readonly pending = new Map<EventName, ApiEvents[EventName]>();
  private updated = new Set<string>();
  private removed = new Set<string>();
  private lastFlush = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly minGapMs: number;
  private readonly keep: number;

  constructor(opts: EventHubOptions = {}) {
    this.minGapMs = opts.minGapMs ?? 250;
    this.keep = opts.keep ?? 512;
    this.seq = opts.firstId ?? 0;
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The id of the newest event sent (0 before any). */
  get lastId(): number {
    return this.seq;
  }

  libraryChanged(updated: readonly string[], removed: readonly string[]): void {
    for (const id of updated) { this.updated.add(id); this.removed.delete(id); }
    for (const id of removed) { this.removed.add(id); this.updated.delete(id); }
    this.schedule();
  }

  publish<K extends Exclude<EventName, 'library'>>(name: K, data: ApiEvents[K]): void {
    // Activity changes of one burst join one event (lanes and ranges add up); other kinds keep their latest.
    const prev = name === 'activity' ? this.pending.get('activity') as ApiEvents['activity'] | undefined : undefined;
    this.pending.set(name, prev ? { lanes: [...prev.lanes, ...(data as ApiEvents['activity']).lanes] } : data);
    this.schedule();
  }

  /**
   * Listen from now on; with `after` (the last id a viewer saw), first replay what it missed,
   * or a `reset` when that is no longer kept. Returns false for the replay when it was reset.
   */
  subscribe(listener: HubListener, after?: number): { unsubscribe: () => void; resumed: boolean } {
    let resumed = false;
    if (after !== undefined && after <= this.seq) {
      const oldest = this.ring[0]?.id ?? this.seq + 1;
      if (after >= oldest - 1) {
        for (const e of this.ring) if (e.id > after) listener(e);
        resumed = true;
      } else {
        listener({ id: this.seq, name: 'library', data: { updated: [], removed: [], reset: true } });
      }
    } else if (after !== undefined) {
      // An id from before a restart: nothing it knows is valid.
      listener({ id: this.seq, name: 'library', data: { updated: [], removed: [], reset: true } });
    }
    this.listeners.add(listener);
    return { unsubscribe: () => { this.listeners.delete(listener); }, resumed };
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.minGapMs - Date.now());
    // Even with no wait, a tick lets the changes of one burst join the same event.
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  /** Send what is pending now (tests and shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = Date.now();
    if (this.updated.size || this.removed.size) {
      const data: LibraryChange = { updated: [...this.updated], removed: [...this.removed] };
      this.updated = new Set();
      this.removed = new Set();
      this.send('library', data);
    }
    for (const [name, data] of this.pending) this.send(name, data);
    this.pending.clear();
  }

  private send(name: EventName, data: ApiEvents[EventName]): void {
    const e = { id: ++this.seq, name, data } as HubEvent;
    this.ring.push(e);
    if (this.ring.length > this.keep) this.ring.shift();
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        this.listeners.delete(l); // a broken listener never stops the others
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
