// The contract's operations on the server side, transport-neutral: the LAN share's JSON API and
// the Electron IPC handlers both call `call(ctx, op, args)`. Arguments are validated here, desktop
// operations are refused to anything but the desktop, and every failure becomes `{ ok: false }`.
import { splitRemoteId } from '../library/sources.js';
import path from 'node:path';
import type {
  ApiError, ApiOperation, Capabilities, ClientCaps, DesktopOperation, ErrorCode, ItemDetails, PlayerState,
  ReelvaultApi, Result, RootStatus, ScanProgressInfo, SettingsView, TimelineQuery, ClipPlan, ClipRequest, ActivityQuery, ActivityResult, ActivityTuning,
  BookmarkEdit, BookmarksQuery, NewBookmark,
} from '../../contract/api.js';
import { planClip } from '../media/clip-plan.js';
import { MediaError } from '../media/media-error.js';
import { API_OPERATIONS, DESKTOP_OPERATIONS, isDesktopOperation } from '../../contract/operations.js';
import { isOwnerOperation } from '../../contract/owner-operations.js';
import type { Core } from '../service/core.js';
import { planPlayback } from '../media/playback-plan.js';
import { logger } from '../util/log.js';
import { viewerKey, type Who } from '../media/viewers.js';
import { publicView, type PublicView } from './public-view.js';
import { checkArgs } from './schemas.js';
import { timelineOf } from './timeline.js';
import { activityOf, tuningOf, tuningView } from './activity.js';
import { systemZone } from '../util/time-zone.js';
import type { ConnectionRole } from '../../contract/api.js';
import { AUDITED_OPERATIONS, roleAllows } from '../../contract/owner-operations.js';
import type { AuditLog } from './audit-log.js';
import { bookmarkOps } from './bookmark-ops.js';

const log = logger('api');

export interface CallContext {
  transport: 'ipc' | 'http';
  /** Who is asking, as the transport authenticated it: caps per viewer, positions per device. */
  who: Who;
  /** Over HTTP: the owner's device or a viewer (default). The IPC window is the desktop. */
  role?: ConnectionRole;
  /** The owner on this computer's loopback: sees the desktop's own files too. */
  here?: boolean;
  /** The device's name, for the audit log. */
  label?: string;
}

/** What a call may do: the app window is the desktop; over HTTP, as the share authenticated it. */
export function roleOf(ctx: CallContext): ConnectionRole {
  return ctx.transport === 'ipc' ? 'desktop' : ctx.role === 'owner' ? 'owner' : 'viewer';
}

/** The desktop-only operations, implemented by the Electron shell (dialogs, settings, share). */
export type DesktopOps = { [K in Exclude<DesktopOperation, 'auditLog' | 'signOut'>]: (...args: Parameters<ReelvaultApi[K]>) => Promise<Awaited<ReturnType<ReelvaultApi[K]>>> };

export interface ServiceDeps {
  core: Core;
  rootStatus: () => RootStatus[];
  scanProgress: () => ScanProgressInfo;
  settings: () => SettingsView;
  /** A root's name for viewers. */
  labelOf: (root: string) => string;
  /** Present in the app; absent in `reelvault serve`. */
  desktop?: DesktopOps;
  /** Owner actions, written with who did them (present with `desktop`). */
  audit?: AuditLog;
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
  // The owner is told where folders are (to manage them); only on this computer does it see the desktop's own files.
  const ownerView: PublicView = { ...views.http, settings: views.ipc.settings };
  const viewOf = (ctx: CallContext): PublicView => {
    const role = roleOf(ctx);
    return role === 'desktop' || (role === 'owner' && ctx.here) ? views.ipc : role === 'owner' ? ownerView : views.http;
  };
  /** The entry, when this viewer may see it. */
  const visible = (ctx: CallContext, id: string) => {
    const e = core.library.get(id);
    return e && viewOf(ctx).sees(e) ? e : undefined;
  };

  /** auditLog and signOut are the service's and the share's; the rest need the desktop's operations. */
  const allows = (ctx: CallContext, op: DesktopOperation): boolean => {
    if (op === 'auditLog') return roleOf(ctx) !== 'viewer' && deps.audit !== undefined;
    if (op === 'signOut') return roleOf(ctx) === 'owner';
    return roleAllows(roleOf(ctx), op);
  };
  const audit = (ctx: CallContext, op: string, args: unknown[]): void => {
    if (!deps.audit || !(AUDITED_OPERATIONS as readonly string[]).includes(op)) return;
    const desktop = roleOf(ctx) === 'desktop';
    const first = args[0];
    const detail = typeof first === 'string' ? first
      : op === 'updateSettings' && first && typeof first === 'object' ? `changed ${Object.keys(first).join(', ')}`
        : op === 'exportClip' && first && typeof first === 'object' ? `${(first as { id: string }).id}`
          : op === 'exportClips' && first && typeof first === 'object' ? `${(first as { lanes: string[] }).lanes.length} camera(s)` : undefined;
    deps.audit.record({
      deviceId: desktop ? 'desktop' : ctx.who.device, device: desktop ? 'This computer (the app)' : ctx.label ?? ctx.who.device, action: op, ...(detail ? { detail } : {}),
    });
  };

  const marks = bookmarkOps(core.bookmarks, { viewersMayWrite: () => deps.settings().viewerBookmarks !== false });
  // The desktop and an owner device change anyone's bookmarks; the share's token is a viewer's.
  const caller = (ctx: CallContext) => ({ who: ctx.who, owner: roleOf(ctx) !== 'viewer' });
  const ops = {
    capabilities: async (ctx: CallContext): Promise<Capabilities> => ({
      transport: ctx.transport,
      role: roleOf(ctx),
      timeZone: systemZone(),
      allowed: Object.fromEntries(DESKTOP_OPERATIONS.map((op) => [op, deps.desktop !== undefined && allows(ctx, op)])) as Capabilities['allowed'],
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
    activity: async (ctx: CallContext, q: ActivityQuery): Promise<Result<ActivityResult>> =>
      ok(await activityOf(core, viewOf(ctx).hiddenRoots, q, viewerKey(ctx.who))),
    activityTuning: async (_ctx: CallContext, lane: string): Promise<Result<ActivityTuning>> => ok(tuningView(lane, core.activity.store.tuning(lane))),
    // Not a DesktopOperation (those are the shell's): refused here to anyone but the desktop.
    setActivityTuning: async (ctx: CallContext, t: ActivityTuning): Promise<Result<ActivityTuning>> => {
      if (ctx.transport !== 'ipc') return fail('unavailable', 'only the person at the Reelvault computer can do this');
      core.activity.store.setTuning(t.lane, tuningOf(t));
      core.activity.emit('tuned', t.lane);
      return ok(tuningView(t.lane, core.activity.store.tuning(t.lane)));
    },
    savePlayerState: async (ctx: CallContext, id: string, positionSec: number) => {
      const e = visible(ctx, id);
      if (!e) return fail('not-found', 'no such file in the library');
      viewers.positions.set(ctx.who.device, id, positionSec, e.media?.durationSec ?? null);
      return ok(null);
    },
    bookmarks: async (ctx: CallContext, q?: BookmarksQuery) => marks.list(caller(ctx), q),
    addBookmark: async (ctx: CallContext, b: NewBookmark) => marks.add(caller(ctx), b),
    updateBookmark: async (ctx: CallContext, e: BookmarkEdit) => marks.update(caller(ctx), e),
    removeBookmark: async (ctx: CallContext, id: string) => marks.remove(caller(ctx), id),
  };

  return {
    operations: API_OPERATIONS,
    async call(ctx: CallContext, op: string, args: unknown): Promise<Result<unknown>> {
      if (!(API_OPERATIONS as readonly string[]).includes(op)) return fail('bad-request', `unknown operation "${op.slice(0, 60)}"`);
      const name = op as ApiOperation;
      // Refused before the arguments are read: a viewer (403 forbidden); what needs the app's window
      // is unavailable over HTTP to everyone.
      if (isDesktopOperation(name)) {
        if (roleOf(ctx) === 'viewer' && isOwnerOperation(name)) return fail('forbidden', 'only the owner of this Reelvault can do this');
        if (!deps.desktop || !allows(ctx, name)) return fail('unavailable', 'only the person at the Reelvault computer can do this');
      }
      const checked = checkArgs(name, args);
      if (!checked.ok) return fail('bad-request', checked.message);
      try {
        if (name === 'capabilities') return ok(await ops.capabilities(ctx));
        if (isDesktopOperation(name)) {
          if (!deps.desktop) return fail('unavailable', 'only the person at the Reelvault computer can do this');
          if (name === 'auditLog') return ok(deps.audit!.list());
          if (name === 'signOut') return fail('unavailable', 'signing out is done by the share');
          const fn = deps.desktop[name] as (...a: unknown[]) => Promise<Result<unknown>>;
          const r = await fn(...checked.args);
          if (r.ok) audit(ctx, name, checked.args);
          return r;
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
