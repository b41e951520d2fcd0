// Per socket: a request's headers must arrive within `headersMs` of the moment the socket began
// waiting for them (it connected, or answered its previous request), and the whole request,
// body included, within `requestMs`. Node's own headersTimeout and requestTimeout are checked by
// a timer over all connections, which the hostile clients (50 sockets each holding half
// a header line) outlived; these are the share's own, one timer per socket, and Node's remain
// behind them as a backstop.
import type http from 'node:http';
import type net from 'node:net';
import { jsonError } from '../serve/handler.js';
import { withShareHeaders } from './share-headers.js';

export interface Deadlines {
  headersMs: number;
  requestMs: number;
}

const TIMED_OUT = 'the request did not arrive in time';

/** The raw 408 for a socket whose request never began (nothing for Node's response to hold). */
function raw408(shareId: string, message: string): string {
  const body = JSON.stringify({ ok: false, code: 'timeout', message });
  const headers = withShareHeaders(new Response(null), shareId).headers;
  const lines = ['HTTP/1.1 408 Request Timeout', 'Content-Type: application/json; charset=utf-8', 'Cache-Control: no-store', 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`];
  headers.forEach((v, k) => { if (k !== 'content-type') lines.push(`${k}: ${v}`); });
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function enforceDeadlines(server: http.Server, d: Deadlines, shareId: string): void {
  /** When each socket began waiting for its next request, and the timer for its headers. */
  const waiting = new WeakMap<net.Socket, { since: number; timer: NodeJS.Timeout }>();
  /** Requests being answered per socket (more than one when a client pipelines). */
  const active = new WeakMap<net.Socket, number>();

  const awaitHeaders = (socket: net.Socket): void => {
    if (socket.destroyed || (active.get(socket) ?? 0) > 0) return;
    const timer = setTimeout(() => {
      waiting.delete(socket);
      if ((active.get(socket) ?? 0) > 0) return;
      // Written straight to the socket: no request exists for Node to answer. Then closed,
      // once the answer is on its way.
      socket.end(raw408(shareId, `${TIMED_OUT}: its headers must arrive within ${Math.round(d.headersMs / 1000)} s`), () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    }, d.headersMs);
    timer.unref();
    waiting.set(socket, { since: performance.now(), timer });
  };

  server.on('connection', (socket: net.Socket) => {
    awaitHeaders(socket);
    socket.once('close', () => { clearTimeout(waiting.get(socket)?.timer); waiting.delete(socket); });
  });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    const w = waiting.get(socket);
    if (w) clearTimeout(w.timer);
    waiting.delete(socket);
    const left = d.requestMs - (performance.now() - (w?.since ?? performance.now()));
    // The body must be in by then (`complete`: the parser has seen its end, read or not).
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (!res.headersSent) {
        const r = withShareHeaders(jsonError(408, 'timeout', `${TIMED_OUT}: the whole request must arrive within ${Math.round(d.requestMs / 1000)} s`), shareId, { Connection: 'close' });
        const headers: Record<string, string> = {};
        r.headers.forEach((v, k) => { headers[k] = v; });
        void r.text().then((body) => {
          if (res.headersSent) { socket.destroy(); return; }
          res.writeHead(408, headers).end(body, () => socket.destroy());
        });
      } else {
        socket.destroy();
      }
    }, Math.max(0, left));
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      active.set(socket, (active.get(socket) ?? 1) - 1);
      // Kept alive: the next request's headers are due in turn.
      if (!socket.destroyed && res.writableFinished) awaitHeaders(socket);
    });
  });
}
