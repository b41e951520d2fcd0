// The privileged reelvault:// scheme: the renderer loads from reelvault://app/ and fetches its
// media from the same origin (so Media Source Extensions may read it). Ranges are answered by
// our own handler: forwarding to net.fetch('file://…') breaks seeking (Electron #38749, #51442).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import type { Handler } from '../serve/handler.js';
import { jsonError } from '../serve/handler.js';

export const SCHEME = 'reelvault';
export const APP_ORIGIN = `${SCHEME}://app`;

/** Must run before the app is ready. */
export function registerSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
  ]);
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

/** After ready: media to the handler, everything else from the renderer build. */
export function handleScheme(protocol: Pick<Protocol, 'handle'>, media: Handler, rendererDir: string): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return jsonError(404, 'not-found', 'unknown host');
    if (url.pathname.startsWith('/media/')) return media(request);
    return serveStatic(rendererDir, url.pathname);
  });
}

export async function serveStatic(dir: string, pathname: string): Promise<Response> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return jsonError(400, 'bad-path', 'malformed path');
  }
  const file = path.resolve(dir, `.${rel}`);
  if (!file.startsWith(path.resolve(dir) + path.sep) || rel.includes('\0')) return jsonError(404, 'not-found', 'no such file');
  try {
    const body = await fs.readFile(file);
    return new Response(body, { headers: { 'Content-Type': STATIC_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' } });
  } catch {
    return jsonError(404, 'not-found', 'no such file');
  }
}
