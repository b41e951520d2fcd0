// A media URL with `speed=N`: the fast stream (media/fast-stream.ts) as a response.
import type { LibraryEntry } from '../../contract/api.js';
import { FRAME_STREAM_TYPE } from '../../contract/frame-stream.js';
import { fastStreamsOf } from '../media/fast-stream.js';
import { viewerKey, type Who } from '../media/viewers.js';
import { num, webStreamOf, type MediaDeps } from './handler.js';

export async function fastResponse(deps: MediaDeps, url: URL, who: Who, entry: LibraryEntry, file: string, signal: AbortSignal): Promise<Response> {
  const q = url.searchParams;
  const speed = num(q, 'speed', { min: -8, max: 64 });
  const start = num(q, 'start') ?? 0;
  const height = num(q, 'maxHeight', { integer: true });
  const tile = num(q, 'tile', { integer: true, min: 0, max: 99 });
  const probe = await deps.probes.media(entry.id);
  // One fast stream per tab (per sync tile), beside its playback session.
  const viewer = `${viewerKey(who)}#fast${tile !== undefined ? tile : ''}`;
  const s = await fastStreamsOf(deps.sessions).open({
    root: entry.root, file, probe, start, speed: speed ?? NaN, viewer, local: deps.local, signal, ...(height !== undefined ? { height } : {}),
  });
  return new Response(webStreamOf(s.body), {
    headers: {
      'Content-Type': FRAME_STREAM_TYPE,
      'Accept-Ranges': 'none',
      'Cache-Control': 'no-store',
      'X-Reelvault-Picking': s.pick.keyOnly ? `keyframes ${s.pick.spacingSec.toFixed(3)}` : `frames ${s.pick.spacingSec.toFixed(3)}`,
      'Access-Control-Expose-Headers': 'X-Reelvault-Picking',
    },
  });
}
