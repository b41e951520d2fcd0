// The privileged reelvault:// scheme: the renderer loads from reelvault://app/ and fetches its
// media from the same origin (so Media Source Extensions may read it). Ranges are answered by
// our own handler: forwarding to net.fetch('file://…') breaks seeking (Electron #38749, #51442).
import type { Protocol } from 'electron';
import type { Handler } from '../serve/handler.js';
import { jsonError } from '../serve/handler.js';
import { serveStatic } from '../serve/static.js';

export const SCHEME = 'reelvault';
export const APP_ORIGIN = `${SCHEME}://app`;

/** Must run before the app is ready. */
export function registerSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
  ]);
}

/**
 * The window's policy: its own scripts and styles only; pictures and media from the app's
 * origin or the blob: URLs MSE makes; requests only to the app's origin.
 */
export const APP_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", `img-src 'self' ${APP_ORIGIN} blob: data:`, `media-src 'self' ${APP_ORIGIN} blob:`,
  `connect-src 'self' ${APP_ORIGIN}`, "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** After ready: media to the handler, everything else from the renderer build (with the CSP). */
export function handleScheme(protocol: Pick<Protocol, 'handle'>, media: Handler, rendererDir: string): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return jsonError(404, 'not-found', 'unknown host');
    if (url.pathname.startsWith('/media/')) return media(request);
    const r = await serveStatic(rendererDir, url.pathname);
    r.headers.set('Content-Security-Policy', APP_CSP);
    return r;
  });
}
