// The LAN share: the same media handler behind a token, for viewers on the local network.
// Read-only by construction: the media and legacy routes take only GET and HEAD; the contract's
// JSON API takes POST with a JSON body (it reads, or keeps per-viewer state in memory), and its
// desktop-only operations are refused to every caller here.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Core } from '../core.js';
import { jsonError } from '../serve/handler.js';
import { toNodeListener } from '../serve/node-adapter.js';
import { serveStatic } from '../serve/static.js';
import { logger } from '../util/log.js';
import { cookieValue, FailureLimiter, hostAllowed, inCidrs, originAllowed } from './access.js';
import type { LiveApi } from '../api/live.js';
import { createJsonApi } from './json-api.js';
import { legacyRoute } from './legacy.js';
import { tokenMatches } from './token.js';

const log = logger('share');
export const COOKIE = 'rv_token';

export interface ShareOptions {
  token: string;
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
}

/**
 * The page's policy: its own scripts and styles only, media and pictures from the share (or
 * blob: URLs that Media Source Extensions make), requests only back to the share.
 */
export const SHARE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "media-src 'self' blob:",
  "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const PAIR_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Reelvault: pairing needed</title><body style="font:16px system-ui;margin:3em auto;max-width:34em;color:#222">
<h1>This Reelvault share needs pairing</h1>
<p>Open the pairing link shown by Reelvault on the recording computer (or scan its QR code) once on this device.
After that, this address opens the library.</p></body></html>`;

export function createShareHandler(core: Core, opts: ShareOptions) {
  const limiter = new FailureLimiter();
  const api = opts.api ? createJsonApi({ service: opts.api.service, hub: opts.api.hub, snapshot: opts.api.snapshot, ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}) }) : null;
  return async (request: Request, clientAddress: string): Promise<Response> => {
    const url = new URL(request.url);
    const host = request.headers.get('host');
    const origin = request.headers.get('origin');
    const base: Record<string, string> = { 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };
    const cors: Record<string, string> = origin && opts.corsOrigins?.includes(origin)
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin', 'Access-Control-Expose-Headers': 'Content-Range, Accept-Ranges, Content-Length, X-Reelvault-Start, X-Reelvault-Mode, Retry-After' }
      : {};
    const finish = (r: Response): Response => {
      const headers = new Headers(r.headers);
      for (const [k, v] of Object.entries({ ...base, ...cors })) headers.set(k, v);
      return new Response(r.body, { status: r.status, statusText: r.statusText, headers });
    };

    if (!hostAllowed(host, opts.allowedHosts ?? [])) return finish(jsonError(421, 'bad-host', 'this server answers only to its IP address, localhost or its configured names'));
    if (!originAllowed(origin, host, opts.corsOrigins ?? [])) return finish(jsonError(403, 'bad-origin', 'requests from other sites are not allowed'));
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') {
      return finish(new Response(null, { status: 204, headers: { Allow: 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Range, Content-Type, Authorization', 'Access-Control-Max-Age': '86400' } }));
    }
    const isApi = url.pathname.startsWith('/api/');
    if (method !== 'GET' && method !== 'HEAD' && !(isApi && method === 'POST')) return finish(jsonError(405, 'read-only', 'the share is read-only', { Allow: 'GET, HEAD, OPTIONS' }));
    if (url.pathname === '/health') return finish(Response.json({ status: 'ok' }));

    if (limiter.blocked(clientAddress)) return finish(jsonError(429, 'too-many-attempts', 'too many wrong tokens from this address; wait a minute', { 'Retry-After': '60' }));
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    const queryToken = url.searchParams.get('token');
    const cookieToken = cookieValue(request.headers.get('cookie'), COOKIE);

    if (url.pathname === '/pair') {
      if (!tokenMatches(queryToken, opts.token)) {
        limiter.fail(clientAddress);
        return finish(jsonError(401, 'bad-token', 'this pairing link is not valid (the token may have been regenerated)'));
      }
      return finish(new Response(null, { status: 303, headers: { Location: '/', 'Set-Cookie': `${COOKIE}=${opts.token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000` } }));
    }

    const presented = bearer ?? queryToken ?? cookieToken;
    const authorized = tokenMatches(presented, opts.token) || (presented === null || presented === undefined ? inCidrs(clientAddress, opts.trustedCidrs ?? []) : false);
    if (!authorized) {
      if (presented) limiter.fail(clientAddress);
      if (method === 'GET' && !isApi && (request.headers.get('accept') ?? '').includes('text/html')) {
        return finish(new Response(PAIR_PAGE, { status: 401, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' } }));
      }
      return finish(jsonError(401, 'unauthorized', 'open the pairing link shown by Reelvault on this network, or send its token', { 'WWW-Authenticate': 'Bearer' }));
    }

    try {
      if (url.pathname.startsWith('/media/')) return finish(await core.remoteHandler(request));
      if (isApi) {
        if (!api) return finish(jsonError(404, 'not-found', 'no such route'));
        const viewer = (request.headers.get('x-reelvault-viewer') ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
        return finish((await api(request, url, { transport: 'http', viewer: `${clientAddress}|${viewer}` }))!);
      }
      const legacy = await legacyRoute(core, request, url, `lan-${clientAddress}`);
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
}

export interface RunningShare {
  server: http.Server;
  port: number;
  /** URLs viewers can open, one per local address. */
  urls: string[];
  close(): Promise<void>;
}

/** Listen on host:port, or the next free port when it is taken (up to 20 tries). */
export async function startShare(core: Core, opts: ShareOptions & { host?: string; port?: number }): Promise<RunningShare> {
  const handle = createShareHandler(core, opts);
  const server = http.createServer((req, res) => {
    const addr = req.socket.remoteAddress ?? '';
    toNodeListener((r) => handle(r, addr))(req, res);
  });
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
  return {
    server,
    port,
    urls: shareUrls(host, port),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export function shareUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const urls: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4') urls.push(`http://${a.address}:${port}/`);
    }
  }
  return urls.sort((a, b) => Number(a.includes('127.0.0.1')) - Number(b.includes('127.0.0.1')));
}
