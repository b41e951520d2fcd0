// Other Reelvaults this one shows: the paired remotes (remotes.json), one mirror each, their
// folders as roots of this library (labelled "<remote> · <folder>", offline while it is), their
// media through this computer, and `item` asked of the computer that holds the file.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ActivityQuery, ClientCaps, ItemDetails, RemoteSourceInfo, RootStatus } from '../../contract/api.js';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { clipContainer, exactByDefault } from '../media/clip-args.js';
import { checkInterval } from '../media/clip-plan.js';
import type { RemoteClips } from '../media/clip-export.js';
import { MediaError } from '../media/media-error.js';
import type { ImageCache } from '../media/thumb-cache.js';
import type { Library } from '../library/library.js';
import { remoteRoot, splitRemoteId, splitRemoteRoot } from '../library/sources.js';
import { logger } from '../util/log.js';
import { RemoteMirror } from './mirror.js';
import { mirrorEntry } from './mirror-entry.js';
import { pairWithLink, parsePairingLink, RemoteStore, type RemoteRecord } from './pair-remote.js';
import { readCapped, remoteCall, RemoteError, remoteRequest, REMOTE_ID } from './remote-client.js';
import { RemoteMedia, remoteTab, type MediaRoute } from './remote-media.js';

const log = logger('remote');

export type { RemoteSourceInfo };

export class RemoteSources extends EventEmitter<{ roots: [] }> {
  private store: RemoteStore | null = null;
  private readonly mirrors = new Map<string, RemoteMirror>();
  private readonly media: RemoteMedia;
  /** The capabilities last told to each remote, per our viewer (told again only when they change). */
  private readonly toldCaps = new Map<string, string>();

  constructor(private readonly library: Library, private readonly dataDir: string, images: ImageCache) {
    super();
    this.media = new RemoteMedia(images);
  }

  /** Mirror every paired remote. */
  async start(): Promise<void> {
    this.store ??= await RemoteStore.open(this.dataDir);
    for (const r of this.store.list()) this.mirror(r);
  }

  /**
   * Pair with the share behind `link` (or, when this computer already paired with that share,
   * keep its credential: a link is needed once) and mirror it.
   */
  async add(link: string, label: string): Promise<RemoteSourceInfo> {
    this.store ??= await RemoteStore.open(this.dataDir);
    const { origin } = parsePairingLink(link);
    const known = this.store.list().find((r) => r.origin === origin);
    let record: RemoteRecord;
    if (known) {
      // Paired before (a restart with the same --remote): the stored credential, unless that
      // share has since refused it. A down remote is mirrored as offline until it is back.
      const refused = await remoteCall(known, 'query', [{ limit: 0, facets: false }]).then(() => false, (err: unknown) => err instanceof RemoteError && err.kind === 'unauthorized');
      record = refused ? await pairWithLink(link, label) : known;
      if (!refused) log.info(`${origin}: paired before; its link is not needed again`);
    } else {
      record = await pairWithLink(link, label);
    }
    await this.store.put(record);
    await this.mirrors.get(record.key)?.close();
    this.mirrors.delete(record.key);
    const m = this.mirror(record);
    return this.infoOf(m);
  }

  list(): RemoteSourceInfo[] {
    return [...this.mirrors.values()].map((m) => this.infoOf(m));
  }

  /**
   * Sends each mirrored id of `ids` to its own computer's `prioritize` or `cancel` (not waited
   * for: a wish, not a need), and returns the rest: this computer's own ids.
   */
  forward(op: 'prioritize' | 'cancel', ids: readonly string[], viewer: string): string[] {
    const local: string[] = [];
    const theirs = new Map<string, string[]>();
    for (const id of ids) {
      const r = splitRemoteId(id);
      if (!r) { local.push(id); continue; }
      if (!theirs.has(r.key)) theirs.set(r.key, []);
      theirs.get(r.key)!.push(r.remoteId);
    }
    for (const [key, list] of theirs) {
      const m = this.mirrors.get(key);
      if (m?.state === 'online') void remoteCall(m.record, op, [list], { viewer: remoteTab(viewer) }).catch(() => undefined);
    }
    return local;
  }

  /** Clips of mirrored recordings, for the exporter: planned and made by their own computer. */
  readonly clips: RemoteClips = {
    owns: (id) => { const r = splitRemoteId(id); return !!r && this.mirrors.has(r.key); },
    // Planned from its probe (item): a copy's exact start is known there only, and is told by
    // the download itself; the download is held to the network's caps, as any viewer's.
    plan: async (req) => {
      const { m, theirId } = this.mirrorOf(req.id);
      const details = await this.item(m.record.key, theirId, 'export', DEFAULT_CHROMIUM_CAPS);
      if ('error' in details) throw new MediaError('failed', details.error);
      if (!details.probe) throw new MediaError('failed', `${m.record.label} cannot read this recording${details.probeError ? `: ${details.probeError}` : ''}`);
      const maxSeconds = checkInterval(req, details.probe, true);
      return { realFrom: req.from, container: clipContainer(details.probe, req.exact), exactDefault: exactByDefault(details.probe), maxSeconds };
    },
    fetch: async (req, out, signal) => {
      const { m, theirId } = this.mirrorOf(req.id);
      const q = new URLSearchParams({ from: req.from.toFixed(3), to: req.to.toFixed(3), exact: req.exact ? '1' : '0', viewer: remoteTab('export') });
      try {
        const res = await remoteRequest(m.record, `/media/clip/${theirId}?${q}`, { signal, headers: { Accept: '*/*' } });
        if (res.statusCode !== 200) {
          const body = (await readCapped(res, 64 * 1024, 'answer')).toString('utf8');
          throw new MediaError('failed', `${m.record.label} could not make the clip: ${(JSON.parse(body) as { message?: string }).message ?? res.statusCode}`);
        }
        await pipeline(res, fs.createWriteStream(out, { flags: 'wx' }), { signal });
      } catch (err) {
        if (err instanceof MediaError) throw err;
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new MediaError('failed', 'the export folder\'s disk is full; nothing was kept');
        signal.throwIfAborted();
        throw new MediaError('failed', `${m.record.label} stopped sending the clip: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };

  private mirrorOf(id: string): { m: RemoteMirror; theirId: string } {
    const r = splitRemoteId(id);
    const m = r && this.mirrors.get(r.key);
    if (!r || !m) throw new MediaError('not-found', 'that Reelvault is no longer paired with this computer');
    return { m, theirId: r.remoteId };
  }

  /** Try every offline remote now rather than at its next retry. */
  retryNow(): void {
    for (const m of this.mirrors.values()) m.retryNow();
  }

  /** Resolves once each remote's first listing is in (tests, the benchmark). */
  async synced(): Promise<void> {
    await Promise.all([...this.mirrors.values()].map((m) => m.synced));
  }

  /** Their folders, as roots of this library. */
  rootStatus(): RootStatus[] {
    const out: RootStatus[] = [];
    for (const m of this.mirrors.values()) {
      for (const r of m.roots) {
        const online = m.state === 'online';
        out.push({
          root: this.library.rootId(remoteRoot(m.record.key, r.root)),
          label: `${m.record.label} · ${r.label}`,
          state: online ? r.state : 'offline',
          watch: r.watch,
          files: r.files,
          ...(online ? (r.reason ? { reason: r.reason } : {}) : { reason: m.reason ?? 'not reachable' }),
        });
      }
    }
    return out;
  }

  /** The name of the Reelvault a mirrored root belongs to; undefined for a folder of this computer. */
  sourceOf(root: string): string | undefined {
    const s = splitRemoteRoot(root);
    return s ? this.mirrors.get(s.key)?.record.label : undefined;
  }

  /** The label viewers see for a mirrored root; undefined for a folder of this computer. */
  labelOf(root: string): string | undefined {
    const s = splitRemoteRoot(root);
    const m = s && this.mirrors.get(s.key);
    if (!s || !m) return undefined;
    return `${m.record.label} · ${m.roots.find((r) => r.root === s.rootId)?.label ?? 'recordings'}`;
  }

  /** A mirrored file's media, from the computer that holds it. */
  serveMedia(key: string, theirId: string, route: MediaRoute, request: Request, viewer: string): Promise<Response> | null {
    const m = this.mirrors.get(key);
    if (!m || !REMOTE_ID.test(theirId)) return null;
    return this.media.serve(m.record, route, theirId, request, viewer);
  }

  /** `item` for a mirrored file, asked of its computer with our viewer's capabilities. */
  async item(key: string, theirId: string, viewer: string, caps: ClientCaps): Promise<ItemDetails | { error: string }> {
    const m = this.mirrors.get(key);
    if (!m) return { error: 'that Reelvault is no longer paired with this computer' };
    const tab = remoteTab(viewer);
    try {
      const told = JSON.stringify(caps);
      if (this.toldCaps.get(`${key}\0${viewer}`) !== told) {
        await remoteCall(m.record, 'reportCaps', [caps], { viewer: tab });
        this.toldCaps.set(`${key}\0${viewer}`, told);
      }
      const r = await remoteCall<ItemDetails>(m.record, 'item', [theirId], { viewer: tab });
      if (!r.ok) return { error: r.message };
      const entry = mirrorEntry(key, r.value?.entry);
      if (!entry) return { error: `${m.record.label} sent an entry this computer does not accept` };
      return { ...r.value, entry };
    } catch (err) {
      return { error: `${m.record.label} is not reachable now (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  /** `activity` for lanes of another Reelvault (their lane keys), asked of it; its answer is checked in api/activity.ts. */
  async activity(key: string, q: ActivityQuery, viewer: string): Promise<unknown> {
    const m = this.mirrors.get(key);
    if (!m || m.state !== 'online') return null;
    try {
      const r = await remoteCall<unknown>(m.record, 'activity', [q], { viewer: remoteTab(viewer) });
      return r.ok ? r.value : null;
    } catch {
      return null;
    }
  }

  /** Forget a remote: its mirror stops, its entries leave this library, its credential is dropped. */
  async remove(key: string): Promise<boolean> {
    const m = this.mirrors.get(key);
    if (!m) return false;
    await m.close();
    this.mirrors.delete(key);
    await this.store?.remove(key);
    await this.library.applyChanges([], this.library.index.idsOfRoots((root) => splitRemoteRoot(root)?.key === key));
    this.library.setRemoteCursor(key, null);
    this.emit('roots');
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.mirrors.values()].map((m) => m.close()));
    this.mirrors.clear();
  }

  private mirror(r: RemoteRecord): RemoteMirror {
    const m = new RemoteMirror(r, this.library, () => this.emit('roots'));
    this.mirrors.set(r.key, m);
    void m.start();
    return m;
  }

  private infoOf(m: RemoteMirror): RemoteSourceInfo {
    return { key: m.record.key, label: m.record.label, origin: m.record.origin, state: m.state, ...(m.reason ? { reason: m.reason } : {}) };
  }
}
