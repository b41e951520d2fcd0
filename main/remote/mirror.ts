// One other Reelvault's recordings, kept in this library: a full copy of its listing when first
// seen (or when its event stream says too much was missed), then only what its event stream
// names, resuming from the last event applied. Offline, its entries stay (shown offline, as an
// unplugged drive's are) and it is tried again, further apart each time, until it answers.
import type { LibraryChange, LibraryEntry, QueryResult, RootStatus } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { REMOTE_FILE_ID } from '../../contract/ids.mjs';
import { splitRemoteRoot } from '../library/sources.js';
import { logger } from '../util/log.js';
import { mirrorEntry } from './mirror-entry.js';
import type { RemoteRecord } from './pair-remote.js';
import { readEvents, remoteCall, RemoteError, remoteRequest } from './remote-client.js';

const log = logger('remote');

export type MirrorState = 'connecting' | 'online' | 'offline' | 'refused';

/** Entries asked for at once (the query's limit). */
const PAGE = 1000;

export class RemoteMirror {
  state: MirrorState = 'connecting';
  /** Why it is not online, in words. */
  reason: string | undefined;
  /** Their folders as their share describes them (ids, labels, states). */
  roots: RootStatus[] = [];
  private cursor: number | null = null;
  private work: Promise<unknown> = Promise.resolve();
  private closed = false;
  private abort = new AbortController();
  private retryMs = 1000;
  private wake: (() => void) | null = null;
  /** Resolves once the first full copy is in (tests, the benchmark). */
  readonly synced: Promise<void>;
  private markSynced!: () => void;

  constructor(readonly record: RemoteRecord, private readonly library: Library, private readonly changed: () => void) {
    this.synced = new Promise((r) => { this.markSynced = r; });
  }

  async start(): Promise<void> {
    // Kept in the index database with the entries it covers: a rebuilt index starts from a full copy.
    this.cursor = this.library.remoteCursor(this.record.key);
    void this.loop();
  }

  /** Try now rather than at the next retry (a user asked, a test). */
  retryNow(): void {
    this.retryMs = 1000;
    this.wake?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    this.wake?.();
    await this.work.catch(() => undefined);
  }

  private setState(state: MirrorState, reason?: string): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.changed();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      try {
        const res = await remoteRequest(this.record, '/api/events', {
          headers: { Accept: 'text/event-stream', ...(this.cursor !== null ? { 'Last-Event-ID': String(this.cursor) } : {}) },
          signal: this.abort.signal,
        });
        if (res.statusCode !== 200) throw new RemoteError('bad-answer', `its event stream answered ${res.statusCode}`);
        this.setState('online');
        this.retryMs = 1000;
        if (this.cursor === null) this.queue(() => this.fullSync());
        this.queue(async () => this.markSynced());
        await readEvents(res, (e) => this.onEvent(e));
        if (!this.closed) this.setState('offline', 'the connection ended; trying again');
      } catch (err) {
        if (this.closed) break;
        const e = err instanceof RemoteError ? err : new RemoteError('failed', String(err));
        if (e.kind === 'unauthorized') {
          this.setState('refused', 'this share no longer accepts this computer (it was unpaired there): pair again with a new link');
          break;
        }
        this.setState('offline', e.kind === 'offline' || e.kind === 'timeout' ? `not reachable (${e.message}); its recordings are kept until it is back` : e.message);
      }
      await this.work.catch(() => undefined);
      if (this.closed) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, this.retryMs);
        t.unref();
        this.wake = () => { clearTimeout(t); r(); };
      });
      this.wake = null;
      this.retryMs = Math.min(30_000, this.retryMs * 2);
    }
  }

  private onEvent(e: { id: number | null; name: string; data: unknown }): void {
    if (e.name === 'roots' && Array.isArray(e.data)) {
      this.roots = (e.data as RootStatus[]).filter((r) => r && typeof r.root === 'string' && typeof r.label === 'string').slice(0, 256);
      this.changed();
    } else if (e.name === 'library' && e.data && typeof e.data === 'object') {
      const c = e.data as LibraryChange;
      if (c.reset) this.queue(() => this.fullSync());
      else this.queue(() => this.applyChange(c));
    }
    if (e.id !== null) {
      const id = e.id;
      this.queue(() => this.saveCursor(id));
    }
  }

  private queue(fn: () => Promise<void>): void {
    this.work = this.work.then(fn).catch((err: unknown) => {
      log.warn(`${this.record.label}: ${err instanceof Error ? err.message : String(err)}`);
      // A copy that failed half-way starts again from scratch at the next connection.
      this.cursor = null;
    });
  }

  private async saveCursor(id: number): Promise<void> {
    this.cursor = id;
    await Promise.resolve();
    this.library.setRemoteCursor(this.record.key, id);
  }

  /** Their whole listing, page by page; ours of theirs that it no longer has go. */
  private async fullSync(): Promise<void> {
    const seen = new Set<string>();
    let skipped = 0;
    for (let offset = 0; ; offset += PAGE) {
      const r = await remoteCall<QueryResult>(this.record, 'query', [{ sort: 'name', offset, limit: PAGE, facets: false }], { signal: this.abort.signal });
      if (!r.ok) throw new RemoteError('bad-answer', `its listing failed: ${r.message}`);
      const items = Array.isArray(r.value?.items) ? r.value.items : [];
      const puts: LibraryEntry[] = [];
      for (const x of items) {
        const e = mirrorEntry(this.record.key, x);
        if (e) { seen.add(e.id); puts.push(e); } else if (!mirroredThere(x)) skipped++;
      }
      await this.library.applyChanges(puts, []);
      if (items.length < PAGE) break;
    }
    await this.library.applyChanges([], this.ours().filter((id) => !seen.has(id)));
    if (skipped) log.warn(`${this.record.label}: ${skipped} entries were not valid and were left out`);
    this.markSynced();
  }

  /** What their event named: the removed go, the updated are asked for by id. */
  private async applyChange(c: LibraryChange): Promise<void> {
    const removed = (Array.isArray(c.removed) ? c.removed : []).filter((id): id is string => typeof id === 'string').map((id) => `${this.record.key}.${id}`);
    const updated = (Array.isArray(c.updated) ? c.updated : []).filter((id): id is string => typeof id === 'string');
    const puts: LibraryEntry[] = [];
    const gone = new Set(removed);
    for (let i = 0; i < updated.length; i += PAGE) {
      const ids = updated.slice(i, i + PAGE);
      const r = await remoteCall<QueryResult>(this.record, 'query', [{ ids, limit: PAGE, facets: false }], { signal: this.abort.signal });
      if (!r.ok) throw new RemoteError('bad-answer', `its listing failed: ${r.message}`);
      const found = new Set<string>();
      for (const x of r.value.items ?? []) {
        const e = mirrorEntry(this.record.key, x);
        if (e) { puts.push(e); found.add(e.id); }
      }
      // Named as changed but no longer listed (hidden, or gone meanwhile): gone here too.
      for (const id of ids) if (!found.has(`${this.record.key}.${id}`)) gone.add(`${this.record.key}.${id}`);
    }
    await this.library.applyChanges(puts, [...gone].filter((id) => this.library.get(id)));
  }

  /** Ids of this source's entries in the library. */
  private ours(): string[] {
    return this.library.index.idsOfRoots((root) => splitRemoteRoot(root)?.key === this.record.key);
  }
}

/** An entry it mirrors from yet another Reelvault: one hop only, so two never mirror each other in a loop. */
function mirroredThere(x: unknown): boolean {
  return typeof (x as { id?: unknown })?.id === 'string' && REMOTE_FILE_ID.test((x as { id: string }).id);
}
