// The contract over HTTP, operation for operation:
//
//   POST /api/<operation>   body: the arguments as a JSON array → a Result as JSON
//   GET  /api/events        server-sent events: library, scan, roots (resume with Last-Event-ID)
//
// The HTTP status follows the Result's code so logs and proxies see failures, but the body is
// always the contract's `{ ok, … }`. Only JSON bodies are read (a cross-site form cannot send
// one without a preflight we refuse), and only up to MAX_BODY bytes.
import type { ErrorCode, Result } from '../../contract/api.js';
import type { EventHub, HubEvent } from '../api/event-hub.js';
import type { ApiService, CallContext } from '../api/service.js';
import { parseUrlNumber } from '../util/url-number.js';
import { bodyTooLarge, readCapped } from '../serve/body.js';

export const MAX_BODY = 256 * 1024;

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400, 'not-found': 404, unavailable: 403, forbidden: 403, unauthorized: 401, busy: 503, offline: 503, failed: 500,
};

export interface JsonApiOptions {
  service: ApiService;
  hub: EventHub;
  /** Sent as a comment this often so proxies keep the stream and clients notice a dead one. */
  heartbeatMs?: number;
  /** The current state, sent first to a stream that does not resume. */
  snapshot: () => HubEvent[];
}

export function jsonResult(r: Result<unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(r), {
    status: r.ok ? 200 : STATUS[r.code],
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(!r.ok && r.retryAfterSec ? { 'Retry-After': String(r.retryAfterSec) } : {}),
      ...headers,
    },
  });
}

const bad = (message: string): Result<never> => ({ ok: false, code: 'bad-request', message });

export function createJsonApi(opts: JsonApiOptions) {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;

  async function callRoute(request: Request, op: string, ctx: CallContext): Promise<Response> {
    if (request.method.toUpperCase() !== 'POST') return jsonResult(bad('operations are called with POST'), { Allow: 'POST' });
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return new Response(JSON.stringify(bad('the body must be JSON (Content-Type: application/json)')), { status: 415, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    const text = await readCapped(request, MAX_BODY);
    if (text === null) return bodyTooLarge(MAX_BODY);
    let args: unknown;
    try {
      args = text.trim() === '' ? [] : JSON.parse(text);
    } catch {
      return jsonResult(bad('the body is not valid JSON'));
    }
    if (!Array.isArray(args)) return jsonResult(bad('the body must be a JSON array of the arguments'));
    return jsonResult(await opts.service.call(ctx, op, args));
  }

  /** Open event streams per device: an unpaired device's end at once (closeDevice). */
  const streams = new Map<string, Set<() => void>>();

  function eventsRoute(request: Request, url: URL, device: string): Response {
    const lastHeader = request.headers.get('last-event-id') ?? url.searchParams.get('after');
    const after = parseUrlNumber(lastHeader?.trim(), { integer: true, min: 0 }) ?? undefined;
    const enc = new TextEncoder();
    let cleanup = (): void => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const write = (text: string): void => {
          if (!open) return;
          // A viewer that reads nothing (asleep, stalled network) is dropped rather than
          // buffered without end; it reconnects and resumes from its last id.
          if ((controller.desiredSize ?? 0) < -512) { cleanup(); try { controller.close(); } catch { /* already */ } return; }
          controller.enqueue(enc.encode(text));
        };
        const send = (e: HubEvent): void => write(`id: ${e.id}\nevent: ${e.name}\ndata: ${JSON.stringify(e.data)}\n\n`);
        write('retry: 2000\n\n');
        const sub = opts.hub.subscribe(send, after);
        if (!sub.resumed) for (const e of opts.snapshot()) send(e);
        const beat = setInterval(() => write(': hb\n\n'), heartbeatMs);
        beat.unref();
        const onAbort = (): void => { cleanup(); try { controller.close(); } catch { /* already */ } };
        if (!streams.has(device)) streams.set(device, new Set());
        streams.get(device)!.add(onAbort);
        cleanup = () => {
          if (!open) return;
          open = false;
          streams.get(device)?.delete(onAbort);
          if (streams.get(device)?.size === 0) streams.delete(device);
          clearInterval(beat);
          sub.unsubscribe();
          request.signal.removeEventListener('abort', onAbort);
        };
        request.signal.addEventListener('abort', onAbort, { once: true });
      },
      cancel() {
        cleanup();
      },
    }, { highWaterMark: 1 });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      },
    });
  }

  /** Answers /api/… requests; null for any other path. */
  const route = async (request: Request, url: URL, ctx: CallContext): Promise<Response | null> => {
    if (!url.pathname.startsWith('/api/')) return null;
    const name = url.pathname.slice('/api/'.length);
    if (name === 'events') {
      if (request.method.toUpperCase() !== 'GET') return jsonResult(bad('the event stream is read with GET'), { Allow: 'GET' });
      return eventsRoute(request, url, ctx.who.device);
    }
    if (!/^[A-Za-z]{1,40}$/.test(name)) return jsonResult({ ok: false, code: 'bad-request', message: 'unknown operation' });
    return callRoute(request, name, ctx);
  };
  return Object.assign(route, {
    /** End a device's event streams (it was unpaired): it learns so when it reconnects. */
    closeDevice(device: string): void {
      for (const close of [...(streams.get(device) ?? [])]) close();
    },
  });
}
