// The renderer's web build as static files, for the app's scheme and the LAN share alike.
import fs from 'node:fs/promises';
import path from 'node:path';
import { jsonError } from './handler.js';

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

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
