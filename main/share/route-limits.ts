// What each of the share's routes takes: its methods and the largest body it reads. Decided
// here once, for the handler and for the answers given before a request reaches it (a method
// the web Request cannot even carry, such as TRACE; a declared body past the cap).
import { jsonError } from '../serve/handler.js';
import { bodyTooLarge, declaredTooLarge } from '../serve/body.js';
import { MAX_BODY } from './json-api.js';

/** POST /pair carries a code, a label and a kind: a few hundred bytes. */
export const MAX_PAIR_BODY = 1024;

/** The methods a path takes (OPTIONS, the CORS preflight, is answered on every path besides). */
export function methodsFor(pathname: string): readonly string[] {
  if (pathname === '/api/events') return ['GET'];
  if (pathname.startsWith('/api/')) return ['POST'];
  if (pathname === '/pair') return ['GET', 'HEAD', 'POST'];
  return ['GET', 'HEAD'];
}

/** The largest body a request may carry: none but on the routes that read one. */
export function bodyCapFor(method: string, pathname: string): number {
  if (method !== 'POST') return 0;
  if (pathname === '/pair') return MAX_PAIR_BODY;
  if (pathname.startsWith('/api/')) return MAX_BODY;
  return 0;
}

/**
 * A request refused for its method or its declared size, before anything reads it; null when it
 * may go on. (A GET on an operation is left to the API, which tells the caller to POST.)
 */
export function refuseEarly(method: string, pathname: string, contentLength: string | null | undefined): Response | null {
  const m = method.toUpperCase();
  const allowed = methodsFor(pathname);
  const readable = m === 'OPTIONS' || allowed.includes(m) || (pathname.startsWith('/api/') && (m === 'GET' || m === 'HEAD'));
  if (!readable) {
    return jsonError(405, 'read-only', `${m.slice(0, 20)} is not allowed here: the share is read-only`, { Allow: [...allowed, 'OPTIONS'].join(', ') });
  }
  const cap = bodyCapFor(m, pathname);
  if (declaredTooLarge(contentLength, cap)) return bodyTooLarge(cap);
  return null;
}
