// The contract's operations on the server side, transport-neutral: the LAN share's JSON API and
// the Electron IPC handlers both call `call(ctx, op, args)`. Arguments are validated here, desktop
// operations are refused to anything but the desktop, and every failure becomes `{ ok: false }`.
import { splitRemoteId } from '../library/sources.js';
import path from 'node:path';
import type {
  ApiError, ApiOperation, Capabilities, ClientCaps, DesktopOperation, ErrorCode, ItemDetails, PlayerState,
  ReelvaultApi, Result, RootStatus, ScanProgressInfo, SettingsView, TimelineQuery, ClipPlan, ClipRequest,
  BookmarkEdit, BookmarksQuery, NewBookmark,
} from '../../contract/api.js';
import { planClip } from '../media/clip-plan.js';
import { MediaError } from '../media/media-error.js';
import { API_OPERATIONS, DESKTOP_OPERATIONS, isDesktopOperation } from '../../contract/operations.js';
import type { Core } from '../service/core.js';
import { planPlayback } from '../media/playback-plan.js';
import { logger } from '../util/log.js';
import { viewerKey, type Who } from '../media/viewers.js';
import { publicView, type PublicView } from './public-view.js';
import { checkArgs } from './schemas.js';
import { timelineOf } from './timeline.js';
import { systemZone } from '../util/time-zone.js';
import { bookmarkOps } from './bookmark-ops.js';

const log = logger('api');

export interface CallContext {
  transport: 'ipc' | 'http';
  /** Who is asking, as the transport authenticated it: caps per viewer, positions per device. */
  who: Who;
}

/** The desktop-only operations, implemented by the Electron shell (dialogs, settings, share). */
export type DesktopOps = { [K in DesktopOperation]: (...args: Parameters<ReelvaultApi[K]>) => Promise<Awaited<ReturnType<ReelvaultApi[K]>>> };

export interface ServiceDeps {
  core: Core;
  rootStatus: () => RootStatus[];
  scanProgress: () => ScanProgressInfo;
  settings: () => SettingsView;
  /** A root's name for viewers. */
  labelOf: (root: string) => string;
  /** Present in the app; absent in `reelvault serve`. */
  desktop?: DesktopOps;
}

/** An error an operation means to report (anything else thrown is logged and said as `failed`). */
export class ApiFailure extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly retryAfterSec?: number) {
    super(message);
  }
}

export function fail(code: ErrorCode, message: string): ApiError {
  return { ok: false, code, message };
}

export function createApiService(deps: ServiceDeps) {
  const { core } = deps;
  const { viewers } = core;

  const ok = <T>(value: T): Result<T> => ({ ok: true, value });
  // A camera of another Reelvault is shown under that Reelvault's name (a facet above the cameras).
  const sourceOf = (root: string): string | undefined => core.remotes.sourceOf(root);
  const views = { ipc: publicView(core.library, deps.labelOf, false, sourceOf), http: publicView(core.library, deps.labelOf, true, sourceOf) };
  const viewOf = (ctx: CallContext): PublicView => views[ctx.transport];
  /** The entry, when this viewer may see it. */
  const visible = (ctx: CallContext, id: string) => {
    const e = core.library.get(id);
    return e && viewOf(ctx).sees(e) ? e : undefined;
  };

  const marks = bookmarkOps(core.bookmarks, { viewersMayWrite: () => deps.settings().viewerBookmarks !== false });
  const ops = {
    capabilities: async (ctx: CallContext): Promise<Capabilities> => ({
      transport: ctx.transport,
      timeZone: systemZone(),
      allowed: Object.fromEntries(DESKTOP_OPERATIONS.map((op) => [op, ctx.transport === 'ipc' && deps.desktop !== undefined])) as Capabilities['allowed'],
    }),
    query: async (ctx: CallContext, q: Parameters<ReelvaultApi['query']>[0]) => {
      const view = viewOf(ctx);
      if (q.ids) {
        const items = q.ids.map((id) => visible(ctx, id)).filter((e): e is NonNullable<typeof e> => e !== undefined);
        return ok(view.result({ items, total: items.length, facets: { cameras: [], recordedRange: null } }));
      }
      return ok(view.result(core.library.query(view.query(q), { facets: q.facets !== false, ...(view.hiddenRoots ? { hideRoots: view.hiddenRoots } : {}) })));
    },
    timeline: async (ctx: CallContext, q: TimelineQuery) => ok(timelineOf(core.library, deps.labelOf, viewOf(ctx).hiddenRoots, q)),
    item: async (ctx: CallContext, id: string): Promise<Result<ItemDetails>> => {
      const entry = visible(ctx, id);
      if (!entry) return fail('not-found', 'no such file in the library');
      const { entry: shown } = viewOf(ctx);
      // Another Reelvault's file: its computer probes it and plans it for this viewer.
      const remote = splitRemoteId(id);
      if (remote) {
        const r = await core.remotes.item(remote.key, remote.remoteId, viewerKey(ctx.who), viewers.decodes(viewerKey(ctx.who)));
        return 'error' in r ? fail('offline', r.error) : ok({ ...r, entry: shown(r.entry) });
      }
      const r = await core.probes.probe(id);
      if ('error' in r) {
        if ('gone' in r) return fail('not-found', 'the file no longer exists');
        return ok({ entry: shown(core.library.get(id) ?? entry), probe: null, plan: null, probeError: r.error });
      }
      const plan = planPlayback(r.probe, viewers.decodes(viewerKey(ctx.who)), { ext: path.extname(entry.filename) });
      return ok({ entry: shown(core.library.get(id) ?? entry), probe: r.probe, plan });
    },
    reportCaps: async (ctx: CallContext, c: ClientCaps) => {
      viewers.reportCaps(viewerKey(ctx.who), c);
      return ok(null);
    },
    // Another Reelvault's files are made by it: their wishes go there (ours stay here).
    prioritize: async (ctx: CallContext, ids: string[]) => {
      core.queue.prioritize(core.remotes.forward('prioritize', ids, viewerKey(ctx.who)), viewerKey(ctx.who));
      return ok(null);
    },
    // Only this viewer's requests are dropped: another viewer's wishes for the same files stand.
    cancel: async (ctx: CallContext, ids: string[]) => {
      core.queue.cancel(core.remotes.forward('cancel', ids, viewerKey(ctx.who)), viewerKey(ctx.who));
      return ok(null);
    },
    settings: async (ctx: CallContext) => ok(viewOf(ctx).settings(deps.settings())),
    rootStatus: async () => ok(deps.rootStatus()),
    scanProgress: async () => ok(deps.scanProgress()),
    playerState: async (ctx: CallContext, id: string): Promise<Result<PlayerState | null>> => ok(viewers.positions.get(ctx.who.device, id)),
    planClip: async (ctx: CallContext, req: ClipRequest): Promise<Result<ClipPlan>> => {
      if (!visible(ctx, req.id)) return fail('not-found', 'no such file in the library');
      try {
        // Another Reelvault's recording: planned (and later cut) by it.
        if (core.remotes.clips.owns(req.id)) return ok(await core.remotes.clips.plan(req));
        return ok((await planClip(core, req, { lan: ctx.transport === 'http' })).plan);
      } catch (err) {
        if (err instanceof MediaError) return fail(err.code === 'out-of-range' ? 'bad-request' : err.code === 'gone' || err.code === 'not-found' ? 'not-found' : 'failed', err.message);
        throw err;
      }
    },
    savePlayerState: async (ctx: CallContext, id: string, positionSec: number) => {
      const e = visible(ctx, id);
      if (!e) return fail('not-found', 'no such file in the library');
      viewers.positions.set(ctx.who.device, id, positionSec, e.media?.durationSec ?? null);
      return ok(null);
    },
    bookmarks: async (ctx: CallContext, q?: BookmarksQuery) => marks.list(ctx.who, q),
    addBookmark: async (ctx: CallContext, b: NewBookmark) => marks.add(ctx.who, b),
    updateBookmark: async (ctx: CallContext, e: BookmarkEdit) => marks.update(ctx.who, e),
    removeBookmark: async (ctx: CallContext, id: string) => marks.remove(ctx.who, id),
  };

  return {
    operations: API_OPERATIONS,
    async call(ctx: CallContext, op: string, args: unknown): Promise<Result<unknown>> {
      if (!(API_OPERATIONS as readonly string[]).includes(op)) return fail('bad-request', `unknown operation "${op.slice(0, 60)}"`);
      const name = op as ApiOperation;
      const checked = checkArgs(name, args);
      if (!checked.ok) return fail('bad-request', checked.message);
      try {
        if (name === 'capabilities') return ok(await ops.capabilities(ctx));
        if (isDesktopOperation(name)) {
          if (ctx.transport !== 'ipc' || !deps.desktop) return fail('unavailable', 'only the person at the Reelvault computer can do this');
          const fn = deps.desktop[name] as (...a: unknown[]) => Promise<Result<unknown>>;
          return await fn(...checked.args);
        }
        const fn = ops[name] as (ctx: CallContext, ...a: unknown[]) => Promise<Result<unknown>>;
        return await fn(ctx, ...checked.args);
      } catch (err) {
        if (err instanceof ApiFailure) {
          return { ok: false, code: err.code, message: err.message, ...(err.retryAfterSec ? { retryAfterSec: err.retryAfterSec } : {}) };
        }
        // The media queue is full (too many files opened at once): try again shortly (503).
        if (err instanceof MediaError && err.code === 'busy') return { ok: false, code: 'busy', message: err.message, ...(err.retryAfterSec ? { retryAfterSec: err.retryAfterSec } : {}) };
        log.error(`${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        return fail('failed', err instanceof Error ? err.message : String(err));
      }
    },
  };
}

export type ApiService = ReturnType<typeof createApiService>;
