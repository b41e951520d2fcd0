// Who a request is, and the names that say so: the device cookie, the old token cookie, the
// routes where the token may come in the URL, and URLs as logs may show them.

/** The old single cookie, which held the master token: exchanged once for a device credential. */
export const LEGACY_COOKIE = 'rv_token';

/**
 * The device cookie's name carries the share's id: cookies ignore ports, and the port changes
 * when 8080 is taken, so two shares on one host would otherwise overwrite each other's.
 */
export function deviceCookie(shareId: string): string {
  return `rv_${shareId}`;
}

/** Who a request is, once authenticated: a paired device, a script with the bearer token, or a trusted address. */
export type Principal = { kind: 'device'; id: string } | { kind: 'token' } | { kind: 'trusted'; address: string };

/** The device part of every viewer key and session this principal opens. */
export function principalDevice(p: Principal): string {
  return p.kind === 'device' ? p.id : p.kind === 'token' ? 'token' : `trusted-${p.address.replace(/[^0-9A-Za-z]/g, '-')}`;
}

/** `?token=` is accepted on these only: a dashboard's <video src> cannot send a header. */
export function isLegacyPath(p: string): boolean {
  return p === '/videos/' || p === '/videos' || /^\/videos\/(?:.+\/)?(thumbnail|stream|stream-transcoded)$/.test(p);
}

/** A URL for a log line: credentials and pairing codes never reach a log. */
export function redactUrl(url: URL): string {
  const u = new URL(url);
  for (const k of ['token', 'code']) if (u.searchParams.has(k)) u.searchParams.set(k, 'REDACTED');
  return `${u.pathname}${u.search}`;
}
