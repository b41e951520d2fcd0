// The LAN share: the same media handler behind a credential per paired device, for viewers on
// the local network (and the bearer token, for scripts and the old dashboard).
// Read-only by construction: the media and legacy routes take only GET and HEAD; the contract's
// JSON API takes POST with a JSON body (it reads, or keeps per-viewer state in memory), and its
// desktop-only operations are refused to every caller here.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../service/core.js';
import { jsonError } from '../serve/handler.js';
import { toNodeListener } from '../serve/node-adapter.js';
import { pageCsp } from '../serve/csp.js';
import { NEED_PAIRING, pairPage, parseJson, refusedPairPage } from './pair-page.js';
import { deviceCookie, isLegacyPath, LEGACY_COOKIE, principalDevice, redactUrl, type Principal } from './principal.js';
export { LEGACY_COOKIE, redactUrl };
import { AddressCounter, busy, clientAddressOf, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_ADDRESS, limitPerAddress, SERVER_TIMEOUTS } from './connection-limits.js';
export { clientAddressOf, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_ADDRESS, SERVER_TIMEOUTS };
import { serveStatic } from '../serve/static.js';
import { shareUrls } from './share-urls.js';
export { shareUrls };
import { logger } from '../util/log.js';
import { cidrMatcher, parseCidrs } from '../util/cidr.js';
import { APP_VERSION } from '../util/version.js';
import { API_VERSION } from '../../contract/operations.js';
import { cookieValue, FailureLimiter, hostAllowed, originAllowed } from './access.js';
import { cleanLabel, DeviceSaveError, DeviceStore, labelFromUserAgent } from './devices.js';
import { bodyTooLarge, readCapped } from '../serve/body.js';
import { MAX_PAIR_BODY, refuseEarly } from './route-limits.js';
import { answerDirectly, shareHeaders } from './share-headers.js';
import { enforceDeadlines } from './request-deadlines.js';
import type { LiveApi } from '../api/live.js';
import { createJsonApi } from './json-api.js';
import { legacyRoute } from './legacy.js';
import { tokenMatches } from './token.js';
import { ownerPairingRefusal, isLoopback, type PairingConnection } from './owner-pairing.js';
import type { ConnectionRole } from '../../contract/api.js';

const log = logger('share');

export interface ShareOptions {
  /** The bearer token for scripts and the old dashboard (never in a pairing link). */
  token: string;
  /** Paired devices and pairing codes (default: the core's data folder). */
  devices?: DeviceStore;
  /** Host names (besides IP literals and localhost) viewers may use to reach us. */
  allowedHosts?: string[];
  /** Foreign origins allowed to call us from a page (CORS); empty by default. */
  corsOrigins?: string[];
  /** Client address ranges (CIDR) that may read without a token: for the old dashboard. */
  trustedCidrs?: string[];
  /** The renderer's web build, served at /. */
  rendererDir?: string;
  /** The contract's operations and events, at /api/. */
  api?: LiveApi;
  /** Stream heartbeat (tests shorten it). */
  heartbeatMs?: number;
  /** Reverse proxies (CIDR) whose X-Forwarded-For is believed; nobody else may set it. */
  trustProxy?: string[];
  /** Open connections at most, in all (default 512) and per address (default 64). */
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  /** A media or event stream whose client reads nothing this long is closed (default 60 s). */
  streamIdleMs?: number;
  /** Node's request timeouts (tests shorten them). */
  timeouts?: Partial<typeof SERVER_TIMEOUTS>;
  /** Finished exports as downloads for the owner (`GET /exports/<job>/<n>`). */
  exportFile?: (request: Request, url: URL) => Promise<Response>;
  /** Writes an owner action done here (signing out) to the audit log. */
  audit?: (entry: { deviceId: string; device: string; action: string; detail?: string }) => void;
}

/** Whether a page's Origin is this share's own address (the Host it was asked by). */
function sameOrigin(origin: string | null, host: string | null): boolean {
  return origin !== null && host !== null && (origin === `http://${host}` || origin === `https://${host}`);
}

/** The page's policy (csp.ts): everything from the share itself. */
export const SHARE_CSP = pageCsp();

export { API_VERSION };

const COOKIE_ATTRS = 'HttpOnly; SameSite=Strict; Path=/';

export function createShareHandler(core: Core, opts: ShareOptions & { devices: DeviceStore }) {
  const limiter = new FailureLimiter();
  const { devices } = opts;
  const cookieName = deviceCookie(devices.shareId);
  const trusted = cidrMatcher(parseCidrs(opts.trustedCidrs ?? []));
  const api = opts.api
    ? createJsonApi({
      service: opts.api.service, hub: opts.api.hub, snapshot: opts.api.snapshot, ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
    })
    : null;
  // An unpaired device's event streams end now, not at its next reconnect.
  const stopHearing = api ? devices.onRevoked((id) => api.closeDevice(id)) : () => undefined;

  /**
   * Exchange a valid code for a device; else why not: a code never issued here (a failure
   * counted), one that has expired, or a pairing that could not be saved (so was not made).
   */
  const redeem = async (code: string | null | undefined, label: string, address: string, reshares = false, conn?: PairingConnection) => {
    let r;
    try {
      // An owner code pairs an owner, and only from where the computer itself allows (owner-pairing.ts).
      const kind = await devices.codeKind(code);
      if (kind && kind !== 'viewer') {
        const why = ownerPairingRefusal(kind, conn ?? { socketAddress: address, viaProxy: false });
        if (why) {
          log.warn(`owner pairing refused from ${address}: ${why}`);
          limiter.fail(address);
          return { refused: 'not-owner' as const, message: why };
        }
      }
      r = !code ? null : kind && kind !== 'viewer' ? await devices.redeemOwner(code, label, address) : await devices.redeem(code, label, address, Date.now(), { reshares });
    } catch (err) {
      if (!(err instanceof DeviceSaveError)) throw err;
      log.error(`pairing ${label} (${address}) failed: ${err.message}`);
      return { refused: 'not-saved' as const, message: err.message };
    }
    if (r) {
      log.info(`paired a new ${r.device.owner ? 'owner' : 'device'}: ${r.device.label} (${address})`);
      return r;
    }
    limiter.fail(address);
    return { refused: await devices.whyRefused(code) };
  };

  const handle = async (
    request: Request, clientAddress: string, conn: PairingConnection = { socketAddress: clientAddress, viaProxy: false },
  ): Promise<Response> => {
    const url = new URL(request.url);
    const host = request.headers.get('host');
    const origin = request.headers.get('origin');
    const base = shareHeaders(devices.shareId);
    const cors: Record<string, string> = origin && opts.corsOrigins?.includes(origin)
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin', 'Access-Control-Expose-Headers': 'Content-Range, Accept-Ranges, Content-Length, X-Reelvault-Start, X-Reelvault-Mode, Retry-After' }
      : {};
    const setCookies: string[] = [];
    const finish = (r: Response): Response => {
      const headers = new Headers(r.headers);
      for (const [k, v] of Object.entries({ ...base, ...cors })) headers.set(k, v);
      for (const c of setCookies) headers.append('Set-Cookie', c);
      return new Response(r.body, { status: r.status, statusText: r.statusText, headers });
    };
    log.debug(`${request.method} ${redactUrl(url)} from ${clientAddress}`);

    if (!hostAllowed(host, opts.allowedHosts ?? [])) return finish(jsonError(421, 'bad-host', 'this server answers only to its IP address, localhost or its configured names'));
    if (!originAllowed(origin, host, opts.corsOrigins ?? [])) return finish(jsonError(403, 'bad-origin', 'requests from other sites are not allowed'));
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') {
      return finish(new Response(null, { status: 204, headers: { Allow: 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Range, Content-Type, Authorization', 'Access-Control-Max-Age': '86400' } }));
    }
    const isApi = url.pathname.startsWith('/api/');
    const isPair = url.pathname === '/pair';
    const refused = refuseEarly(method, url.pathname, request.headers.get('content-length'));
    if (refused) return finish(refused);
    if (url.pathname === '/health') return finish(Response.json({ status: 'ok', app: 'reelvault', version: APP_VERSION, apiVersion: API_VERSION, shareId: devices.shareId }));

    const blocked = limiter.blocked(clientAddress);
    const tooMany = (): Response => finish(jsonError(429, 'too-many-attempts', 'too many wrong tokens or pairing codes from this address; wait a minute', { 'Retry-After': '60' }));

    if (isPair) {
      if (blocked) return tooMany();
      if (method === 'POST') {
        // Programs pair too: {code, label} → their own credential.
        const text = await readCapped(request, MAX_PAIR_BODY).catch(() => '');
        if (text === null) return finish(bodyTooLarge(MAX_PAIR_BODY));
        const body = parseJson(text) as { code?: unknown; label?: unknown; kind?: unknown } | null;
        const code = typeof body?.code === 'string' ? body.code : null;
        const label = cleanLabel(typeof body?.label === 'string' ? body.label : '') || 'Program';
        // Another Reelvault (kind "reelvault") shows what it gets to viewers of its own.
        const r = await redeem(code, label, clientAddress, body?.kind === 'reelvault', conn);
        if ('refused' in r) {
          if (r.refused === 'not-owner') return finish(jsonError(403, 'forbidden', r.message));
          if (r.refused === 'not-saved') return finish(jsonError(500, 'not-saved', `${r.message}: the device was not paired`));
          return finish(jsonError(401, 'bad-code', r.refused === 'expired'
            ? 'this pairing code has expired (codes last 15 minutes); ask for a new one'
            : 'this pairing code is not valid; check that it was copied whole, or ask for a new one'));
        }
        return finish(Response.json({ credential: r.credential, shareId: devices.shareId, apiVersion: API_VERSION, deviceId: r.device.id, ...(r.device.owner ? { owner: true } : {}) }, { headers: { 'Cache-Control': 'no-store' } }));
      }
      if (url.searchParams.has('token')) {
        return finish(pairPage('This pairing link is from an older version', 'This pairing link is from an older version of Reelvault and no longer works. Open the new pairing link shown by Reelvault (Settings, "Pair a device").', 410));
      }
      const r = await redeem(url.searchParams.get('code'), labelFromUserAgent(request.headers.get('user-agent')), clientAddress, false, conn);
      if ('refused' in r) {
        if (r.refused === 'not-owner') return finish(pairPage('This owner link does not work here', `${r.message[0]!.toUpperCase()}${r.message.slice(1)}.`, 403));
        return finish(refusedPairPage(r.refused));
      }
      setCookies.push(`${cookieName}=${r.credential}; ${COOKIE_ATTRS}; Max-Age=31536000`);
      return finish(new Response(null, { status: 303, headers: { Location: '/' } }));
    }

    // A device credential (cookie or bearer), the bearer token, `?token=` on the old routes only,
    // an old master-token cookie to exchange, or a trusted address with nothing presented.
    const cookieHeader = request.headers.get('cookie');
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    // GET /auth/check: a reverse proxy asks (nginx's auth_request) whether the request it holds,
    // perhaps one it would answer from its cache, may be served. It sends the request's own
    // headers, and its address in X-Original-URI (where an old route's ?token= would be).
    const authCheck = url.pathname === '/auth/check';
    const asked = authCheck ? new URL(request.headers.get('x-original-uri') ?? '/', url) : url;
    const queryToken = isLegacyPath(asked.pathname) ? asked.searchParams.get('token') : null;
    const deviceCred = cookieValue(cookieHeader, cookieName);
    const legacyCookie = cookieValue(cookieHeader, LEGACY_COOKIE);
    let principal: Principal | null = null;
    let reshares = false;
    let owner: { label: string; byCookie: boolean } | null = null;
    for (const given of [deviceCred, bearer, queryToken]) {
      if (!given || principal) continue;
      const d = devices.authenticate(given);
      if (d) {
        principal = { kind: 'device', id: d.id };
        reshares = d.reshares === true;
        // The owner's credential, by its cookie or as a Bearer header (never ?token=).
        if (d.owner && given !== queryToken) owner = { label: d.label, byCookie: given === deviceCred };
      }
      // Past too many failures only a paired device's own credential gets through.
      else if (!blocked && given !== deviceCred && tokenMatches(given, opts.token)) principal = { kind: 'token' };
    }
    if (!principal && !blocked && legacyCookie && tokenMatches(legacyCookie, opts.token)) {
      try {
        const r = await devices.add(labelFromUserAgent(request.headers.get('user-agent')), clientAddress);
        principal = { kind: 'device', id: r.device.id };
        setCookies.push(`${cookieName}=${r.credential}; ${COOKIE_ATTRS}; Max-Age=31536000`, `${LEGACY_COOKIE}=; ${COOKIE_ATTRS}; Max-Age=0`);
      } catch (err) {
        if (!(err instanceof DeviceSaveError)) throw err;
        // Not exchanged this time (nothing could be saved): the old cookie still holds the token.
        log.warn(err.message);
        principal = { kind: 'token' };
      }
    }
    const presented = Boolean(deviceCred || bearer || queryToken || legacyCookie);
    if (!principal && !presented && trusted(clientAddress)) principal = { kind: 'trusted', address: clientAddress };
    if (!principal) {
      // A valid credential is never blocked; only failures are, per address. (auth_request
      // passes on only 401 and 403: any other answer would be a server error to the viewer.)
      if (authCheck && blocked) return finish(jsonError(403, 'too-many-attempts', 'too many wrong tokens or pairing codes from this address; wait a minute'));
      if (blocked) return tooMany();
      if (presented) limiter.fail(clientAddress);
      if (method === 'GET' && !isApi && !authCheck && (request.headers.get('accept') ?? '').includes('text/html')) return finish(pairPage('This Reelvault share needs pairing', NEED_PAIRING, 401, url.pathname === '/'));
      return finish(jsonError(401, 'unauthorized', 'pair this device with the pairing link shown by Reelvault on this network, or send its token', { 'WWW-Authenticate': 'Bearer' }));
    }
    if (principal.kind === 'device') devices.touch(principal.id, clientAddress);
    const device = principalDevice(principal);
    const tab = request.headers.get('x-reelvault-viewer') ?? url.searchParams.get('viewer');

    if (authCheck) return finish(new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } }));
    // A browser's owner operations need a POST from the share's own page (its Origin), so no
    // other site can make the owner's browser act; a program's Bearer header needs none.
    const role: ConnectionRole = owner && (!owner.byCookie || sameOrigin(origin, host)) ? 'owner' : 'viewer';
    const ownerHere = role === 'owner' && isLoopback(conn.socketAddress) && !conn.viaProxy;
    try {
      if (url.pathname.startsWith('/media/')) return finish(await core.remoteHandler(request, { device, tab, ...(reshares ? { reshares } : {}), ...(owner && isLoopback(conn.socketAddress) && !conn.viaProxy ? { ownerHere: true } : {}) }));
      if (url.pathname.startsWith('/exports/') && opts.exportFile) {
        if (!owner) return finish(jsonError(403, 'forbidden', 'only the owner of this Reelvault can download its exports'));
        return finish(await opts.exportFile(request, url));
      }
      if (isApi) {
        if (!api) return finish(jsonError(404, 'not-found', 'no such route'));
        if (url.pathname === '/api/signOut' && method === 'POST' && principal.kind === 'device' && role === 'owner') {
          await devices.revoke(principal.id);
          core.sessions.endDevice(principal.id);
          opts.audit?.({ deviceId: principal.id, device: owner?.label ?? principal.id, action: 'signOut' });
          setCookies.push(`${cookieName}=; ${COOKIE_ATTRS}; Max-Age=0`);
          return finish(Response.json({ ok: true, value: null }, { headers: { 'Cache-Control': 'no-store' } }));
        }
        const label = principal.kind === 'device' ? devices.list().find((d) => d.id === device)?.label : undefined;
        return finish((await api(request, url, {
          transport: 'http', who: { device, tab, ...(label ? { label } : {}) }, role, ...(ownerHere ? { here: true } : {}), ...(owner ? { label: owner.label } : {}),
        }))!);
      }
      const legacy = await legacyRoute(core, request, url, device);
      if (legacy) return finish(legacy);
      if (opts.rendererDir) {
        const r = await serveStatic(opts.rendererDir, url.pathname);
        r.headers.set('Content-Security-Policy', SHARE_CSP);
        r.headers.set('X-Frame-Options', 'DENY');
        return finish(r);
      }
      return finish(jsonError(404, 'not-found', 'no such route'));
    } catch (err) {
      log.error(`share: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return finish(jsonError(500, 'failed', 'internal error'));
    }
  };
  return Object.assign(handle, { dispose: stopHearing });
}



export interface RunningShare {
  server: http.Server;
  port: number;
  /** URLs viewers can open, one per local address. */
  urls: string[];
  devices: DeviceStore;
  /** A fresh pairing link (a code valid for 15 minutes), on the first address. */
  pairingLink(): Promise<string>;
  close(): Promise<void>;
}

export function pairingLinkFor(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/?$/, '/')}pair?code=${code}`;
}

/** Listen on host:port, or the next free port when it is taken (up to 20 tries). */
export async function startShare(core: Core, opts: ShareOptions & { host?: string; port?: number }): Promise<RunningShare> {
  const devices = opts.devices ?? await DeviceStore.open(core.dataDir);
  const handle = createShareHandler(core, { ...opts, devices });
  const isProxy = cidrMatcher(parseCidrs(opts.trustProxy ?? []));
  // Connections per address; behind a proxy every connection comes from the proxy, so there the
  // cap is on requests in flight per forwarded address instead.
  const inFlight = new AddressCounter(opts.maxConnectionsPerAddress ?? DEFAULT_MAX_PER_ADDRESS);
  const timeouts = { ...SERVER_TIMEOUTS, ...opts.timeouts };
  // The deadlines are the share's own, per socket (request-deadlines.ts). Node's, checked over
  // all connections every connectionsCheckingInterval, stay a second behind as a backstop.
  const server = http.createServer({
    headersTimeout: timeouts.headersTimeout + 1000, requestTimeout: timeouts.requestTimeout + 1000,
    keepAliveTimeout: timeouts.keepAliveTimeout, connectionsCheckingInterval: 1000,
  }, (req, res) => {
    // Refused before the web Request exists: it cannot carry TRACE, and a body declared past
    // the route's cap is never read.
    const path = /^[^?#]*/.exec(req.url ?? '/')![0];
    const early = refuseEarly(req.method ?? 'GET', path, req.headers['content-length']);
    if (early) { answerDirectly(res, early, devices.shareId); return; }
    if (overCap(req.socket)) { answerDirectly(res, busy('too many connections from this address at once; close some and try again'), devices.shareId); return; }
    const socketAddr = req.socket.remoteAddress ?? '';
    const addr = clientAddressOf(socketAddr, req.headers['x-forwarded-for'], isProxy);
    const conn: PairingConnection = { socketAddress: socketAddr, viaProxy: isProxy(socketAddr) };
    if (addr !== socketAddr) {
      const release = inFlight.take(addr);
      if (!release) { answerDirectly(res, busy('too many requests from this address at once'), devices.shareId); return; }
      res.once('close', release);
    }
    toNodeListener((r) => handle(r, addr, conn), undefined, { ...(opts.streamIdleMs ? { idleMs: opts.streamIdleMs } : {}) })(req, res);
  });
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  enforceDeadlines(server, { headersMs: timeouts.headersTimeout, requestMs: timeouts.requestTimeout }, devices.shareId);
  const overCap = limitPerAddress(server, { max: opts.maxConnectionsPerAddress ?? DEFAULT_MAX_PER_ADDRESS, isProxy, headersMs: timeouts.headersTimeout });
  const host = opts.host ?? '0.0.0.0';
  let port = opts.port ?? 8080;
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => { server.off('error', reject); resolve(); });
      });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20 || opts.port === 0) throw err;
      port++;
    }
  }
  port = (server.address() as AddressInfo).port;
  const urls = shareUrls(host, port);
  return {
    server,
    port,
    urls,
    devices,
    pairingLink: async () => pairingLinkFor(urls[0] ?? `http://localhost:${port}/`, await devices.newPairingCode()),
    close: () => new Promise<void>((resolve) => {
      handle.dispose();
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => devices.close()),
  };
}
