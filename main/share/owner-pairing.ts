// Who may pair as the owner. Only the computer itself makes an owner: the loopback link works
// only from this computer's own loopback address, as the socket's peer says (never a header),
// and no owner pairs through a reverse proxy, whose requests all come from its own address.
import net from 'node:net';
import type { CodeKind } from './devices.js';

export interface PairingConnection {
  /** The socket's own peer address (not X-Forwarded-For). */
  socketAddress: string;
  /** The socket's peer is a trusted reverse proxy (`--trust-proxy`): the request came through it. */
  viaProxy: boolean;
}

/** Whether an address is this computer's loopback (127.0.0.0/8, ::1, or IPv4 mapped into IPv6). */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '');
  if (net.isIPv4(a)) return a.startsWith('127.');
  return a === '::1';
}

/** Why this pairing may not make an owner, in words; null when it may. Viewer codes are not asked. */
export function ownerPairingRefusal(kind: CodeKind, conn: PairingConnection): string | null {
  if (kind === 'viewer') return null;
  if (conn.viaProxy) return 'an owner is never paired through a reverse proxy: open the owner link on the Reelvault computer itself';
  if (kind === 'loopback-owner' && !isLoopback(conn.socketAddress)) return 'this owner link works only on the Reelvault computer itself (its address 127.0.0.1)';
  return null;
}
