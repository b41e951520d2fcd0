// The privileged reelvault:// scheme: the renderer loads from reelvault://app/ and fetches its
// media from the same origin (so Media Source Extensions may read it). Ranges are answered by
// our own handler: forwarding to net.fetch('file://…') breaks seeking (Electron #38749, #51442).
import type { Protocol } from 'electron';
import { APP_ORIGIN } from '../../contract/channels.js';
import { pageCsp } from '../serve/csp.js';
import type { Handler } from '../serve/handler.js';
import { jsonError } from '../serve/handler.js';
import { serveStatic } from '../serve/static.js';

export const SCHEME = 'reelvault';
export { APP_ORIGIN };

/** Whether a URL is one of the app's own pages (navigation, IPC senders). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function registerSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
  ]);
}

/** The window's policy (csp.ts), naming the app's origin. */
export const APP_CSP = pageCsp(APP_ORIGIN);

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
