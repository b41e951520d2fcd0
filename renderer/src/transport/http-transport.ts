// The contract over the LAN share's JSON API: one POST per operation, one event stream for the
// subscriptions. Auth is the HttpOnly cookie set by the pairing link, so nothing this builds
// (API calls, media URLs) carries the token. The renderer sees only `ReelvaultApi`.
import type {
  ApiEvents, ApiOperation, Capabilities, ErrorCode, ExportsInfo, MediaUrlRequest, ReelvaultApi, Result, Unsubscribe,
} from '../../../contract/api.js';
import { startingWithCurrent } from '../../../contract/current-state.js';
import { mediaUrl } from '../../../contract/media-url.js';
import { API_OPERATIONS, DESKTOP_OPERATIONS } from '../../../contract/operations.js';
import { roleAllows } from '../../../contract/owner-operations.js';
import { followExports } from './follow-exports.js';
import { openEventStream } from './event-stream.js';

export interface HttpTransportOptions {
  /** The share's origin, e.g. "http://192.168.1.20:8080" (in a page: location.origin). */
  base: string;
  /** Identifies this browser tab's viewer for caps, positions and its conversion slot. */
  viewer: string;
  fetch?: typeof fetch;
  /** Extra headers for every call (Node tests send their cookie this way). */
  headers?: () => Record<string, string>;
  /** Stream silence after which it reconnects (default 45 s: three missed heartbeats). */
  silenceMs?: number;
  onConnection?: (state: 'open' | 'reconnecting' | 'unauthorized') => void;
}

const CODES: readonly ErrorCode[] = ['bad-request', 'not-found', 'unavailable', 'forbidden', 'unauthorized', 'busy', 'offline', 'failed'];

type Listeners = { [K in keyof ApiEvents]: Set<(d: ApiEvents[K]) => void> };

export function createHttpTransport(opts: HttpTransportOptions): ReelvaultApi {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = opts.base.replace(/\/+$/, '');
  const headers = (): Record<string, string> => ({ 'X-Reelvault-Viewer': opts.viewer, ...(opts.headers?.() ?? {}) });

  async function call(op: ApiOperation, args: unknown[]): Promise<Result<unknown>> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${op}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers() },
        body: JSON.stringify(args),
      });
    } catch {
      return { ok: false, code: 'offline', message: 'the Reelvault share cannot be reached (is the recording computer on and the share running?)' };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return { ok: false, code: 'failed', message: `the share answered HTTP ${res.status} without a result` };
    }
    const r = body as Partial<Result<unknown>> & { code?: string; message?: string };
    if (r.ok === true) return r as Result<unknown>;
    const code = CODES.includes(r.code as ErrorCode) ? (r.code as ErrorCode) : res.status === 401 ? 'unauthorized' : res.status === 429 || res.status === 503 ? 'busy' : 'failed';
    const retry = Number(res.headers.get('retry-after'));
    return { ok: false, code, message: r.message ?? `HTTP ${res.status}`, ...(retry > 0 ? { retryAfterSec: retry } : {}) };
  }

  // One stream for every subscription, open while anyone listens.
  const listeners: Listeners = { library: new Set(), scan: new Set(), roots: new Set(), activity: new Set() };
  let stream: { close(): void } | null = null;
  const listening = (): number => listeners.library.size + listeners.scan.size + listeners.roots.size;
  function subscribe<K extends keyof ApiEvents>(name: K, cb: (d: ApiEvents[K]) => void): Unsubscribe {
    (listeners[name] as Set<(d: ApiEvents[K]) => void>).add(cb);
    stream ??= openEventStream({
      url: `${base}/api/events`,
      fetch: doFetch,
      headers,
      ...(opts.silenceMs ? { silenceMs: opts.silenceMs } : {}),
      ...(opts.onConnection ? { onState: opts.onConnection } : {}),
      onEvent: (e) => {
        const set = listeners[e.name as keyof ApiEvents] as Set<(d: unknown) => void> | undefined;
        if (!set) return;
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        for (const l of [...set]) l(data);
      },
    });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      (listeners[name] as Set<(d: ApiEvents[K]) => void>).delete(cb);
      if (listening() === 0) {
        stream?.close();
        stream = null;
      }
    };
  }

  const api = Object.fromEntries(API_OPERATIONS.map((op) => [op, (...args: unknown[]) => call(op, args)])) as unknown as ReelvaultApi;
  // Whether this device is the owner, asked once: a viewer never calls the owner's operations
  // (each would be a 403 in the console on every page load).
  let owner: Promise<boolean> | null = null;
  const isOwner = (): Promise<boolean> => (owner ??= call('capabilities', []).then((r) => r.ok && (r.value as Capabilities).role === 'owner'));
  return Object.assign(api, {
    // Over HTTP only the owner's operations can be allowed, and only where the share says this
    // device is the owner (it checks every call again); the zone is the server's (this viewer's
    // own while it cannot be reached).
    async capabilities(): Promise<Capabilities> {
      const r = await call('capabilities', []);
      const said = r.ok ? (r.value as Capabilities) : null;
      const timeZone = said?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const role = said?.role === 'owner' ? 'owner' : 'viewer';
      const allowed = Object.fromEntries(DESKTOP_OPERATIONS.map((op) => [op, said?.allowed[op] === true && roleAllows(role, op)])) as Capabilities['allowed'];
      return { transport: 'http', role, timeZone, allowed };
    },
    mediaUrl: (req: MediaUrlRequest) => mediaUrl(base, opts.viewer, req),
    onLibraryChange: (cb: (c: ApiEvents['library']) => void) => subscribe('library', cb),
    onActivity: (cb: (c: ApiEvents['activity']) => void) => subscribe('activity', cb),
    // The stream sends the current state on connecting, but a second subscriber joins a stream
    // already open: each subscription asks for it.
    onScanProgress: startingWithCurrent<ApiEvents['scan']>((cb) => subscribe('scan', cb), () => call('scanProgress', [])),
    onRootStatus: startingWithCurrent<ApiEvents['roots']>((cb) => subscribe('roots', cb), () => call('rootStatus', [])),
    // The owner's browser on this computer plays the file `npm start -- ./clip.mp4` named (once),
    // and follows the exports to the computer's folder; a viewer has neither.
    onOpen: (cb: (id: string) => void) => {
      let live = true;
      void isOwner().then(async (yes) => {
        const r = yes && live ? await call('takeOpen', []) : null;
        if (live && r?.ok && typeof r.value === 'string') cb(r.value);
      });
      return () => { live = false; };
    },
    onExports: (cb: (info: ExportsInfo) => void) => {
      let stop: (() => void) | null = null;
      let live = true;
      void isOwner().then((yes) => { if (yes && live) stop = followExports(() => call('exports', []) as Promise<Result<ExportsInfo>>, cb); });
      return () => { live = false; stop?.(); };
    },
    onMenu: () => () => undefined,
  });
}
