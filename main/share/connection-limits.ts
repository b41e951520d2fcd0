// How much of the share one client may hold: time limits per request, connections in all and per
// address (the address a trusted proxy names in X-Forwarded-For, where there is one).
import net from 'node:net';

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
