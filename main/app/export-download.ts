// A finished export as a download, for the owner's browser (`GET /exports/<job>/<n>`): the file
// in the export folder, opened through the same containment check as every served file.
import path from 'node:path';
import type { ClipExporter } from '../media/clip-export.js';
import { jsonError } from '../serve/handler.js';
import { serveFile } from '../serve/file-response.js';

export function exportDownloads(exporter: ClipExporter) {
  return async (request: Request, url: URL): Promise<Response> => {
    const m = /^\/exports\/([A-Za-z0-9_-]{1,40})\/(\d{1,3})$/.exec(url.pathname);
    if (!m) return jsonError(404, 'not-found', 'no such export');
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return jsonError(405, 'method-not-allowed', `${method} is not allowed here`, { Allow: 'GET, HEAD' });
    const found = exporter.finishedFile(m[1]!, Number(m[2]));
    if (!found) return jsonError(404, 'not-found', 'that export has no such file (yet)');
    const name = path.basename(found.file);
    try {
      return await serveFile(request, found.file, {
        root: found.folder,
        extraHeaders: { 'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`, 'Cache-Control': 'no-store' },
      });
    } catch {
      return jsonError(404, 'not-found', 'the exported file is gone from the export folder');
    }
  };
}
