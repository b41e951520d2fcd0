// node:http ⇄ web Request/Response, streaming both ways: the LAN server and the tests use it.
// A client that disconnects aborts the Request's signal and cancels the Response body, which
// stops file reads and ends ffmpeg sessions at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { logger } from '../util/log.js';
import type { Handler } from './handler.js';

const log = logger('http');

export function toWebRequest(req: IncomingMessage, signal: AbortSignal, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

/** A response whose client has read nothing for this long is closed (its ffmpeg ends with it). */
export const STREAM_IDLE_MS = 60_000;

export interface WriteOptions {
  /** Close the response after this long without the client reading (default 60 s). */
  idleMs?: number;
}

export async function writeWebResponse(res: ServerResponse, response: Response, signal: AbortSignal, opts: WriteOptions = {}): Promise<void> {
  const idleMs = opts.idleMs ?? STREAM_IDLE_MS;
  // Answered already (the server's own request timeout): the handler's answer comes too late.
  if (res.headersSent || res.writableEnded) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') return;
    headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onAbort = (): void => { void reader.cancel().catch(() => undefined); };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Backpressure: wait until the socket drains (or the client leaves). A client that
        // reads nothing for idleMs (a paused player, a stalled network) is let go: a slow
        // client must not hold a connection, a descriptor and an ffmpeg for ever. A paused
        // player reopens its session where it was when it plays on.
        const drained = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => { done(); resolve(false); }, idleMs);
          const go = (): void => { done(); resolve(true); };
          const done = (): void => { clearTimeout(timer); res.off('drain', go); res.off('close', go); };
          res.once('drain', go);
          res.once('close', go);
        });
        if (!drained) {
          log.debug(`closing a response its client has not read for ${Math.round(idleMs / 1000)} s`);
          res.destroy();
          await reader.cancel().catch(() => undefined);
          return;
        }
      }
      if (signal.aborted) break;
    }
    res.end();
  } catch (err) {
    if (!signal.aborted) log.warn(`response body failed: ${err instanceof Error ? err.message : String(err)}`);
    res.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (signal.aborted) await reader.cancel().catch(() => undefined);
  }
}

/** A node:http request listener around a web handler. */
export function toNodeListener(handler: Handler, origin: (req: IncomingMessage) => string = defaultOrigin, opts: WriteOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const ac = new AbortController();
    // 'close' on the response before it finished means the client went away.
    res.once('close', () => { if (!res.writableFinished) ac.abort(); });
    void (async () => {
      let response: Response;
      try {
        response = await handler(toWebRequest(req, ac.signal, origin(req)));
      } catch (err) {
        log.error(`handler failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        response = new Response(JSON.stringify({ ok: false, code: 'failed', message: 'internal error' }), { status: 500, headers: { 'Content-Type': 'application/json' } });
      }
      if (ac.signal.aborted) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      await writeWebResponse(res, response, ac.signal, opts);
    })();
  };
}

function defaultOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost'}`;
}
