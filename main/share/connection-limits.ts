// How much of the share one client may hold: time limits per request, connections in all and per
// address (the address a trusted proxy names in X-Forwarded-For, where there is one).
import type http from 'node:http';
import net from 'node:net';
import { jsonError } from '../serve/handler.js';

export const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };
export const DEFAULT_MAX_CONNECTIONS = 512;
export const DEFAULT_MAX_PER_ADDRESS = 64;

/** How many of something each address holds, up to a cap. */
export class AddressCounter {
  private readonly held = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** One more for `addr`, and the function that gives it back; null past the cap. */
  take(addr: string): (() => void) | null {
    const n = (this.held.get(addr) ?? 0) + 1;
    if (n > this.max) return null;
    this.held.set(addr, n);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const m = (this.held.get(addr) ?? 1) - 1;
      if (m > 0) this.held.set(addr, m); else this.held.delete(addr);
    };
  }
}

/**
 * The address a request comes from: the socket's, or, when the socket is a trusted reverse
 * proxy, the last address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddressOf(socketAddress: string, forwardedFor: string | string[] | undefined, isProxy: (a: string) => boolean): string {
  if (!isProxy(socketAddress) || !forwardedFor) return socketAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim()).filter((h) => net.isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) if (!isProxy(hops[i]!)) return hops[i]!;
  return hops[0] ?? socketAddress;
}

/** A connection over the per-address cap has this long to send the request it is answered 503. */
const OVER_CAP_HEADERS_MS = 2000;

/** The share is busy for this client: try again shortly, on a new connection. */
export function busy(message: string): Response {
  return jsonError(503, 'busy', message, { 'Retry-After': '5', Connection: 'close' });
}

/**
 * Cap the connections per address (the socket's; a trusted proxy's are counted per forwarded
 * address by the caller). Returns whether a socket is over the cap: its request is answered
 * `busy` and not served.
 */
export function limitPerAddress(server: http.Server, o: { max: number; isProxy: (a: string) => boolean; headersMs: number }): (socket: net.Socket) => boolean {
  // Past the cap per address a connection is answered 503 with Retry-After (as nginx's
  // limit_conn does), not reset: a dashboard behind NAT sees "busy", not a network error. Those
  // answers are quick: their headers are due within OVER_CAP_HEADERS_MS, and past a second cap
  // of as many again the socket is closed at once, so one address cannot hold the descriptors
  // of the app the share runs in.
  const overCap = new WeakSet<net.Socket>();
  const perAddress = new AddressCounter(o.max);
  const overflow = new AddressCounter(o.max);
  server.on('connection', (socket: net.Socket) => {
    const a = socket.remoteAddress ?? '';
    if (o.isProxy(a)) return; // its requests are counted per forwarded address instead
    const release = perAddress.take(a);
    if (release) { socket.once('close', release); return; }
    const extra = overflow.take(a);
    if (!extra) { socket.destroy(); return; }
    overCap.add(socket);
    socket.once('close', extra);
    setTimeout(() => socket.destroy(), Math.min(OVER_CAP_HEADERS_MS, o.headersMs)).unref();
  });
  return (socket) => overCap.has(socket);
}
