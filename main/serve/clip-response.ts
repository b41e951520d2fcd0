// The clip download's response: the stream from clip-stream.ts with a Content-Disposition that
// names it (an ASCII fallback and the full name in RFC 5987 form, so a camera folder called
// anything, CR/LF included, can never break the header).
import type { ClipRequest } from '../../contract/api.js';
import { planClip, openEntry } from '../media/clip-plan.js';
import { exportName } from '../media/export-folder.js';
import type { MediaDeps } from './handler.js';
import { webStreamOf } from './handler.js';

/** RFC 6266: `filename` in plain ASCII for old clients, `filename*` in UTF-8 for the rest. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/–/g, '-').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function clipResponse(deps: MediaDeps, req: ClipRequest, signal: AbortSignal): Promise<Response> {
  const planned = await planClip(deps, req, { lan: !deps.local, signal });
  const opened = await openEntry(deps.library, planned.entry);
  const clip = await deps.clips.open(planned, opened, req, { local: deps.local, signal });
  const from = req.exact ? req.from : planned.plan.realFrom;
  const name = exportName(planned.entry.camera, planned.entry.startedAt + from * 1000, planned.entry.startedAt + req.to * 1000, clip.ext);
  return new Response(webStreamOf(clip.body), {
    headers: {
      'Content-Type': clip.contentType,
      'Content-Disposition': attachmentHeader(name),
      'Cache-Control': 'no-store',
      'X-Reelvault-Clip-Start': from.toFixed(3),
      'Access-Control-Expose-Headers': 'Content-Disposition, X-Reelvault-Clip-Start',
    },
  });
}
