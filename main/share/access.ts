// Who may talk to the LAN share. Pure checks, tested by table.
import net from 'node:net';
import { cidrMatcher, parseCidr, type Cidr } from '../util/cidr.js';

/** Host must be an IP literal, localhost or a configured name: a DNS-rebinding page cannot send either. */
export function hostAllowed(hostHeader: string | null, allowedNames: readonly string[]): boolean {
  if (!hostHeader) return false;
  let host = hostHeader.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(host);
  if (v6) return net.isIPv6(v6[1]!);
  host = host.replace(/:\d+$/, '');
  if (net.isIPv4(host) || host === 'localhost') return true;
  return allowedNames.map((n) => n.toLowerCase()).includes(host);
}

/** A browser's Origin: absent (same-origin GET, <video>, curl), ours, or on the allow-list. */
export function originAllowed(origin: string | null, hostHeader: string | null, allowList: readonly string[]): boolean {
  if (origin === null) return true;
  if (hostHeader && (origin === `http://${hostHeader}` || origin === `https://${hostHeader}`)) return true;
  return allowList.includes(origin);
}

/** Whether an address is inside any of the ranges; a malformed range matches nothing. */
export function inCidrs(address: string, cidrs: readonly string[]): boolean {
  return cidrMatcher(cidrs.map(parseCidr).filter((c): c is Cidr => !('error' in c)))(address);
}

export function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Failed attempts per address: after `max` within `windowMs`, refuse for the rest of the window.
 * It remembers at most `maxAddresses` addresses (the oldest go first), so a flood of spoofed
 * or rotating addresses cannot grow it without end.
 */
export class FailureLimiter {
  private readonly fails = new Map<string, number[]>();

  constructor(private readonly max = 10, private readonly windowMs = 60_000, private readonly maxAddresses = 10_000) {}

  get size(): number {
    return this.fails.size;
  }

  blocked(addr: string, now = Date.now()): boolean {
    return this.recent(addr, now).length >= this.max;
  }

  fail(addr: string, now = Date.now()): void {
    const list = this.recent(addr, now);
    list.push(now);
    this.fails.delete(addr);
    while (this.fails.size >= this.maxAddresses) this.fails.delete(this.fails.keys().next().value as string);
    this.fails.set(addr, list);
  }

  private recent(addr: string, now: number): number[] {
    const list = (this.fails.get(addr) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.fails.set(addr, list);
    else this.fails.delete(addr);
    return list;
  }
}
