// Requests to another Reelvault's share, which this app does not trust: only to the host:port it
// paired with, at the IP address pinned then (no DNS answer can move it), no redirects followed,
// every answer carrying that share's X-Reelvault-Share, bodies capped by kind, and time limits
// on connecting, on the first byte and on silence. What goes wrong is a RemoteError in words.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';

export interface RemoteTarget {
  /** http(s)://host:port, as paired. */
  origin: string;
  /** The IP address the host had when pairing: every connection goes there. */
  address: string;
  /** The share's id (its /health): every answer must name it. */
  shareId: string;
  /** The device credential this app was given (Bearer), once paired. */
  credential?: string;
}

/** Bytes a remote may send for each kind of answer. */
export const REMOTE_CAPS = { json: 16 * 1024 * 1024, thumb: 2 * 1024 * 1024, sprite: 16 * 1024 * 1024, eventLine: 1024 * 1024 };
export const REMOTE_TIMEOUTS = { connectMs: 3000, firstByteMs: 15_000, idleMs: 30_000 };

/** In place of a share id, for /health before pairing: any share id is accepted (and read from it). */
export const ANY_SHARE = '\0any share';

/** A remote's own file ids: anything else (a path, a dot) is refused before it is used. */
export const REMOTE_ID = /^[A-Za-z0-9_-]{22}$/;

export type RemoteErrorKind = 'offline' | 'timeout' | 'unauthorized' | 'not-reelvault' | 'too-large' | 'bad-answer' | 'failed';

export class RemoteError extends Error {
  constructor(readonly kind: RemoteErrorKind, message: string, readonly status?: number) {
    super(message);
  }
}

export interface RemoteRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeouts?: Partial<typeof REMOTE_TIMEOUTS>;
  /** Hand a 401 back (pairing reads why its code was refused) rather than failing with it. */
  pass401?: boolean;
}

/**
 * Sends one request and resolves with the response once its headers have come (any status but
 * a redirect). The body is the caller's to read, with readCapped or as a stream; silence longer
 * than the idle limit destroys it.
 */
export function remoteRequest(target: RemoteTarget, pathAndQuery: string, req: RemoteRequest = {}): Promise<http.IncomingMessage> {
  const t = { ...REMOTE_TIMEOUTS, ...req.timeouts };
  const url = new URL(pathAndQuery, target.origin);
  if (url.origin !== new URL(target.origin).origin) return Promise.reject(new RemoteError('failed', 'refused: a request outside the paired share'));
  const family = net.isIPv6(target.address) ? 6 : 4;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: RemoteError): void => {
      if (!settled) { settled = true; reject(err); }
      request.destroy();
    };
    const request = lib.request(url, {
      method: req.method ?? 'GET',
      // The pinned address, whatever the name resolves to now.
      lookup: (_host, opts, cb) => {
        type AllCallback = (e: null, a: Array<{ address: string; family: number }>) => void;
        if ((opts as { all?: boolean }).all) (cb as unknown as AllCallback)(null, [{ address: target.address, family }]);
        else cb(null, target.address, family);
      },
      headers: {
        Accept: 'application/json',
        ...(target.credential ? { Authorization: `Bearer ${target.credential}` } : {}),
        ...(req.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(req.body)) } : {}),
        ...req.headers,
      },
      agent: false,
    });
    const connectTimer = setTimeout(() => fail(new RemoteError('offline', `no connection to ${target.origin} within ${t.connectMs / 1000} s`)), t.connectMs);
    let firstByteTimer: NodeJS.Timeout | null = null;
    request.once('socket', (socket) => {
      const connected = (): void => {
        clearTimeout(connectTimer);
        firstByteTimer = setTimeout(() => fail(new RemoteError('timeout', `${target.origin} did not answer within ${t.firstByteMs / 1000} s`)), t.firstByteMs);
      };
      if ((socket as net.Socket).connecting) socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    request.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      if (firstByteTimer) clearTimeout(firstByteTimer);
      const offline = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(err.code ?? '');
      fail(err instanceof RemoteError ? err : new RemoteError(offline ? 'offline' : 'failed', `${target.origin}: ${err.message}`));
    });
    // Cancelling ends the request; the listener goes with it (a mirror's signal serves thousands).
    const onAbort = (): void => fail(new RemoteError('failed', 'cancelled'));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    request.once('close', () => req.signal?.removeEventListener('abort', onAbort));
    request.once('response', (res) => {
      clearTimeout(connectTimer);
      if (firstByteTimer) clearTimeout(firstByteTimer);
      if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400) {
        res.resume();
        return fail(new RemoteError('bad-answer', `${target.origin} answered with a redirect, which is not followed`));
      }
      const named = res.headers['x-reelvault-share'];
      if (target.shareId === ANY_SHARE ? typeof named !== 'string' || !/^[A-Za-z0-9_-]{16,32}$/.test(named) : named !== target.shareId) {
        res.resume();
        return fail(new RemoteError('not-reelvault', `${target.origin} is not the Reelvault share this computer paired with`));
      }
      if (res.statusCode === 401 && !req.pass401) {
        res.resume();
        return fail(new RemoteError('unauthorized', 'this share no longer accepts this computer (it was unpaired there): pair again', 401));
      }
      res.setTimeout(t.idleMs, () => res.destroy(new RemoteError('timeout', `${target.origin} stopped sending for ${t.idleMs / 1000} s`)));
      settled = true;
      resolve(res);
    });
    request.end(req.body);
  });
}

/** The whole body, or a RemoteError once it passes `cap` bytes (the connection is cut then). */
export async function readCapped(res: http.IncomingMessage, cap: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? '0');
  if (declared > cap) {
    res.destroy();
    throw new RemoteError('too-large', `the other Reelvault sent a ${what} larger than ${cap} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const c of res as AsyncIterable<Buffer>) {
      total += c.length;
      if (total > cap) {
        res.destroy();
        throw new RemoteError('too-large', `the other Reelvault sent a ${what} larger than ${cap} bytes`);
      }
      chunks.push(c);
    }
  } catch (err) {
    throw err instanceof RemoteError ? err : new RemoteError('offline', `the other Reelvault stopped sending: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

/** Calls one of the remote's contract operations; its Result, or a RemoteError. */
export type RemoteResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export async function remoteCall<T>(
  target: RemoteTarget, op: string, args: unknown[], opts: { signal?: AbortSignal; viewer?: string } = {},
): Promise<RemoteResult<T>> {
  const res = await remoteRequest(target, `/api/${op}`, {
    method: 'POST', body: JSON.stringify(args), ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.viewer ? { headers: { 'X-Reelvault-Viewer': opts.viewer } } : {}),
  });
  const text = (await readCapped(res, REMOTE_CAPS.json, 'answer')).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RemoteError('bad-answer', `the other Reelvault answered ${op} with something that is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { ok?: unknown }).ok !== 'boolean') {
    throw new RemoteError('bad-answer', `the other Reelvault answered ${op} with something that is not a result`);
  }
  return parsed as RemoteResult<T>;
}

/** A remote body as a web stream for our own viewer: their going away ends the remote request. */
export function passThrough(res: http.IncomingMessage): ReadableStream<Uint8Array> {
  return Readable.toWeb(res) as ReadableStream<Uint8Array>;
}

/**
 * The remote's event stream (server-sent events) from `after`, each event to `onEvent`, until it
 * ends or fails; a line longer than the cap ends it. Resolves with the last event id seen.
 */
export async function readEvents(
  res: http.IncomingMessage, onEvent: (e: { id: number | null; name: string; data: unknown }) => void,
): Promise<number | null> {
  let buf = '';
  let last: number | null = null;
  let ev: { id: number | null; name: string; data: string } = { id: null, name: 'message', data: '' };
  res.setEncoding('utf8');
  for await (const chunk of res as AsyncIterable<string>) {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (ev.data) {
          let data: unknown;
          try { data = JSON.parse(ev.data); } catch { throw new RemoteError('bad-answer', 'the other Reelvault sent an event that is not JSON'); }
          if (ev.id !== null) last = ev.id;
          onEvent({ id: ev.id, name: ev.name, data });
        }
        ev = { id: null, name: 'message', data: '' };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' && /^\d{1,15}$/.test(value)) ev.id = Number(value);
      else if (field === 'event') ev.name = value;
      else if (field === 'data') ev.data += value;
    }
    if (buf.length > REMOTE_CAPS.eventLine) {
      res.destroy();
      throw new RemoteError('too-large', `the other Reelvault sent an event line longer than ${REMOTE_CAPS.eventLine} bytes`);
    }
  }
  return last;
}
