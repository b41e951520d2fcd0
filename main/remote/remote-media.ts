// Another Reelvault's media, through this one: the request goes to the share that holds the file
// (its ffmpeg converts, its thumbnails are made there), and the bytes stream back to our viewer,
// who talks only to its own origin. Thumbnails are kept here with their ETag, in the same capped
// image cache as this computer's own (least recently used go first), so a grid seen again costs
// a 304, and an offline remote's tiles still show.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { MAX_SESSIONS_PER_DEVICE } from '../media/session-kinds.js';
import { deviceOf, DESKTOP } from '../media/viewers.js';
import type { ImageCache } from '../media/thumb-cache.js';
import { passThrough, readCapped, RemoteError, remoteRequest, REMOTE_CAPS, type RemoteTarget } from './remote-client.js';

export type MediaRoute = 'file' | 'transcode' | 'thumb' | 'sprite' | 'clip';

/** Query parameters each route passes on; anything else stays here. */
const PARAMS: Record<MediaRoute, readonly string[]> = {
  file: ['v'],
  transcode: ['start', 'mode', 'audio', 'prepare', 'tile', 'maxHeight'],
  thumb: ['w', 'h', 't', 'f', 'v'],
  sprite: ['index', 'v'],
  clip: ['from', 'to', 'exact'],
};
const REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since'];
const RESPONSE_HEADERS = [
  'content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'retry-after',
  'content-disposition', 'x-reelvault-start', 'x-reelvault-mode', 'x-reelvault-timestamp-offset', 'x-reelvault-clip-start',
];

/** Our viewer, as one tab of our device on their share: short, and only characters a tab may have. */
export function remoteTab(viewer: string): string {
  return createHash('sha256').update(viewer).digest('base64url').replace(/[-_]/g, '').slice(0, 16);
}

function pickHeaders(from: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const k of RESPONSE_HEADERS) {
    const v = from[k];
    if (typeof v === 'string') h.set(k, v);
  }
  h.set('Access-Control-Expose-Headers', 'X-Reelvault-Start, X-Reelvault-Mode, X-Reelvault-Timestamp-Offset, X-Reelvault-Clip-Start');
  return h;
}

export function remoteFailure(err: unknown, label: string): Response {
  const e = err instanceof RemoteError ? err : new RemoteError('failed', String(err));
  const offline = e.kind === 'offline' || e.kind === 'timeout' || e.kind === 'unauthorized';
  const message = offline ? `${label} is not reachable now (${e.message})` : `${label} sent something this computer does not accept: ${e.message}`;
  return new Response(JSON.stringify({ ok: false, code: offline ? 'offline' : 'failed', message }), {
    status: offline ? 503 : 502, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...(offline ? { 'Retry-After': '10' } : {}) },
  });
}

export class RemoteMedia {
  /** Streams of conversions and clips open per device of ours: our own per-device cap holds for them too. */
  private readonly open = new Map<string, number>();

  constructor(private readonly cache: ImageCache) {}

  async serve(target: RemoteTarget & { key: string; label: string }, route: MediaRoute, theirId: string, request: Request, viewer: string): Promise<Response> {
    const url = new URL(request.url);
    const q = new URLSearchParams();
    for (const k of PARAMS[route]) { const v = url.searchParams.get(k); if (v !== null) q.set(k, v); }
    if (route === 'transcode' || route === 'clip') q.set('viewer', remoteTab(viewer));
    const where = `/media/${route}/${theirId}${q.size ? `?${q}` : ''}`;
    const method = request.method.toUpperCase() === 'HEAD' && route === 'file' ? 'HEAD' : 'GET';
    if (route === 'thumb' || route === 'sprite') return this.picture(target, where, route, request);
    const headers: Record<string, string> = { Accept: '*/*' };
    for (const k of REQUEST_HEADERS) { const v = request.headers.get(k); if (v !== null) headers[k] = v; }
    const device = deviceOf(viewer);
    const counted = (route === 'transcode' || route === 'clip') && device !== DESKTOP;
    if (counted && (this.open.get(device) ?? 0) >= MAX_SESSIONS_PER_DEVICE) {
      return new Response(JSON.stringify({ ok: false, code: 'busy', message: `this device already has ${MAX_SESSIONS_PER_DEVICE} videos open; close one and try again` }), {
        status: 503, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5', 'Cache-Control': 'no-store' },
      });
    }
    let release = (): void => undefined;
    if (counted) {
      this.open.set(device, (this.open.get(device) ?? 0) + 1);
      let done = false;
      release = () => {
        if (done) return;
        done = true;
        const n = (this.open.get(device) ?? 1) - 1;
        if (n > 0) this.open.set(device, n); else this.open.delete(device);
      };
    }
    try {
      const res = await remoteRequest(target, where, { method, headers, signal: request.signal });
      res.once('close', release);
      const h = pickHeaders(res.headers);
      if (method === 'HEAD' || res.statusCode === 304 || res.statusCode === 204) { res.resume(); return new Response(null, { status: res.statusCode ?? 502, headers: h }); }
      return new Response(passThrough(res), { status: res.statusCode ?? 502, headers: h });
    } catch (err) {
      release();
      return remoteFailure(err, target.label);
    }
  }

  /** A thumbnail or sprite: capped, and kept here with the remote's ETag. */
  private async picture(target: RemoteTarget & { key: string; label: string }, where: string, route: 'thumb' | 'sprite', request: Request): Promise<Response> {
    const id = `${target.key}_${where.split('/')[3]?.split('?')[0] ?? ''}`;
    const file = this.cache.pathFor(id, ['remote', where], 'bin');
    const meta = this.cache.pathFor(id, ['remote', where, 'meta'], 'json');
    const cached = (await this.cache.has(file))
      ? await fs.readFile(meta, 'utf8').then((t) => JSON.parse(t) as { etag?: string; headers: Record<string, string> }, () => null)
      : null;
    const cap = route === 'thumb' ? REMOTE_CAPS.thumb : REMOTE_CAPS.sprite;
    const fromCache = async (): Promise<Response | null> => {
      const body = cached && await fs.readFile(file).catch(() => null);
      return body ? new Response(body, { headers: { ...cached!.headers, 'Content-Length': String(body.length) } }) : null;
    };
    try {
      const res = await remoteRequest(target, where, { headers: { Accept: '*/*', ...(cached?.etag ? { 'If-None-Match': cached.etag } : {}) }, signal: request.signal });
      if (res.statusCode === 304) {
        res.resume();
        const hit = await fromCache();
        if (hit) return hit;
        return this.picture(target, where, route, new Request(request.url)); // the cached copy vanished: once more, plainly
      }
      const body = await readCapped(res, cap, route === 'thumb' ? 'thumbnail' : 'sprite');
      const h = pickHeaders(res.headers);
      h.set('Content-Length', String(body.length));
      if (res.statusCode === 200 && typeof res.headers.etag === 'string') {
        const keep: Record<string, string> = {};
        for (const k of ['content-type', 'cache-control', 'etag']) { const v = h.get(k); if (v) keep[k] = v; }
        await this.keep(file, body).then(() => this.cache.writeText(meta, JSON.stringify({ etag: res.headers.etag, headers: keep }))).catch(() => undefined);
      }
      return new Response(new Uint8Array(body), { status: res.statusCode ?? 502, headers: h });
    } catch (err) {
      // Offline: what was seen before still shows.
      if (err instanceof RemoteError && (err.kind === 'offline' || err.kind === 'timeout')) {
        const hit = await fromCache();
        if (hit) return hit;
      }
      return remoteFailure(err, target.label);
    }
  }

  private async keep(file: string, body: Buffer): Promise<void> {
    const tmp = await this.cache.tempFor(file);
    try {
      await fs.writeFile(tmp, body);
      await this.cache.commit(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }
}
