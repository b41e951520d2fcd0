// Media URLs for both transports: the same routes under the page's own origin (the LAN share's
// http://host:port, or the app's reelvault://app), so MSE may read the streams.
import type { MediaUrlRequest } from './api.js';

/**
 * A file's version: its size and modification time. A URL that names it (`v=`) names bytes that
 * never change, so the share may let caches keep them for good (public, immutable); the same
 * text is the file's strong ETag.
 */
export function fileVersion(f: { size: number; mtimeMs: number }): string {
  return `${f.size.toString(16)}-${Math.floor(f.mtimeMs).toString(16)}`;
}

/** `base` is the origin; `viewer` names whose conversion a transcode is (one per viewer). */
export function mediaUrl(base: string, viewer: string, req: MediaUrlRequest): string {
  const q = new URLSearchParams();
  switch (req.kind) {
    case 'transcode':
      if (req.start) q.set('start', req.start.toFixed(3));
      if (req.mode) q.set('mode', req.mode);
      if (req.audio !== undefined) q.set('audio', String(req.audio));
      if (req.prepare) q.set('prepare', '1');
      if (req.tile !== undefined) q.set('tile', String(req.tile));
      if (req.maxHeight) q.set('maxHeight', String(Math.round(req.maxHeight)));
      if (req.speed !== undefined) q.set('speed', String(req.speed));
      q.set('viewer', viewer);
      break;
    case 'thumb':
      if (req.width) q.set('w', String(Math.round(req.width)));
      if (req.height) q.set('h', String(Math.round(req.height)));
      if (req.format) q.set('f', req.format);
      break;
    case 'sprite':
      if (req.index) q.set('index', '1');
      break;
    case 'clip':
      q.set('from', req.from.toFixed(3));
      q.set('to', req.to.toFixed(3));
      q.set('exact', req.exact ? '1' : '0');
      // Only the zoomed area (x,y,w,h in fractions of the picture): exact clips only.
      if (req.crop && req.exact) q.set('crop', [req.crop.x, req.crop.y, req.crop.w, req.crop.h].map((n) => String(Math.round(n * 1e6) / 1e6)).join(','));
      break;
    case 'file':
      break;
  }
  if ('version' in req && req.version) q.set('v', req.version);
  const qs = q.toString();
  return `${base}/media/${req.kind}/${encodeURIComponent(req.id)}${qs ? `?${qs}` : ''}`;
}
