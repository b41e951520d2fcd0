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

/** After ready: media to the handler, everything else from the renderer build. */
export function handleScheme(protocol: Pick<Protocol, 'handle'>, media: Handler, rendererDir: string): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return jsonError(404, 'not-found', 'unknown host');
    if (url.pathname.startsWith('/media/')) return media(request);
    return serveStatic(rendererDir, url.pathname);
  });
}
