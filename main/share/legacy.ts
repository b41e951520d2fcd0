// The old Python service's routes, so the existing dashboard keeps working — and now does
// what they promise: camera and date filters, validated paging, a real status and plan.
//
//   /health · /videos/ · /videos/{id}/thumbnail · /videos/thumbnail?file_id=
//   /videos/{id}/stream · /videos/stream?file_id= · /videos/{id}/stream-transcoded · ?file_id=
//
// file_id is our opaque id; the old form (the relative path, URL-encoded with quote_plus) is
// accepted too, resolved only by looking the path up in the index.
import { isRemoteRoot, splitRemoteId } from '../library/sources.js';
import path from 'node:path';
import type { LibraryEntry, MediaProbe } from '../../contract/api.js';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import type { Core } from '../service/core.js';
import { isFileId } from '../library/naming.mjs';
import { parseUrlNumber } from '../util/url-number.js';
import { planPlayback } from '../media/playback-plan.js';


function detail(status: number, message: string, loc?: string): Response {
  const body = loc ? { detail: [{ loc: ['query', loc], msg: message, type: 'value_error' }] } : { detail: message };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Our id, or the old quote_plus'ed relative path (FastAPI had already percent-decoded it once). */
export function resolveFileId(core: Core, raw: string): LibraryEntry | undefined {
  const e = findFile(core, raw);
  return e && core.library.sharedEntry(e) ? e : undefined;
}

function findFile(core: Core, raw: string): LibraryEntry | undefined {
  // Our ids, and another Reelvault's (`<key>.<id>`); a path only ever names a file of this computer.
  if (isFileId(raw) || splitRemoteId(raw)) {
    const e = core.library.get(raw);
    if (e) return e;
  }
  const candidates = new Set<string>([raw]);
  for (const c of [...candidates]) {
    try { candidates.add(decodeURIComponent(c.replace(/\+/g, ' '))); } catch { /* not percent-encoded */ }
    try { candidates.add(decodeURIComponent(c)); } catch { /* idem */ }
  }
  for (const rel of candidates) {
    if (!rel || rel.includes('\0')) continue;
    // A path names a file of this computer only, never another Reelvault's.
    const found = core.library.index.findByRelPath(rel.replace(/^\/+/, '')).filter((f) => core.library.sharedEntry(f) && !isRemoteRoot(f.root));
    if (found.length === 1) return found[0];
  }
  return undefined;
}

/** YYYY-MM-DD (local day) or an ISO 8601 date-time; null when unparsable. */
export function parseLegacyDate(s: string, end: boolean): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const t = new Date(y, m - 1, day + (end ? 1 : 0)).getTime();
    const check = new Date(y, m - 1, day);
    if (check.getMonth() !== m - 1 || check.getDate() !== day) return null;
    return t; // end: the next midnight, exclusive
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s.trim())) return null;
  const t = Date.parse(s.trim().replace(' ', 'T'));
  if (!Number.isFinite(t)) return null;
  return end ? t + 1 : t; // an end date-time is inclusive
}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number | Response {
  const v = q.get(name);
  if (v === null || v === '') return def;
  const n = parseUrlNumber(v, { integer: true });
  if (n === null || n === undefined) return detail(422, `${name} must be a whole number`, name);
  if (n < min || n > max) return detail(422, `${name} must be between ${min} and ${max}`, name);
  return n;
}

const STATUS: Record<LibraryEntry['status'], string> = { ok: 'completed', empty: 'error', unreadable: 'error', recording: 'recording' };

async function listVideos(core: Core, q: URLSearchParams): Promise<Response> {
  // Other Reelvaults' recordings are listed only when asked for (include_remote=1): the old
  // dashboard knew one computer's files.
  const hidden = new Set(core.library.desktopOnlyRoots);
  if (q.get('include_remote') !== '1') for (const root of core.library.index.roots()) if (isRemoteRoot(root)) hidden.add(root);
  const limit = intParam(q, 'limit', 24, 1, 500);
  if (limit instanceof Response) return limit;
  const page = intParam(q, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (page instanceof Response) return page;
  let from: number | undefined;
  let to: number | undefined;
  const sd = q.get('start_date');
  if (sd) {
    const t = parseLegacyDate(sd, false);
    if (t === null) return detail(422, 'start_date must be an ISO 8601 date or date-time', 'start_date');
    from = t;
  }
  const ed = q.get('end_date');
  if (ed) {
    const t = parseLegacyDate(ed, true);
    if (t === null) return detail(422, 'end_date must be an ISO 8601 date or date-time', 'end_date');
    to = t;
  }
  const camera = q.get('camera_name');
  const cameras = camera ? core.library.index.cameraList().filter((c) => c.name === camera) : undefined;
  const offset = (page - 1) * limit;
  const r = cameras && cameras.length === 0
    ? { items: [], total: 0 }
    : core.library.query({ sort: 'recorded-desc', offset: Number.isSafeInteger(offset) ? offset : Number.MAX_SAFE_INTEGER, limit, ...(cameras ? { cameras } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, { facets: false, hideRoots: hidden });

  // Unprobed files on this page are probed now (two at a time): the plan needs their codecs.
  const videos = new Array(r.items.length);
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < r.items.length) {
      const k = next++;
      videos[k] = await legacyVideo(core, r.items[k]!);
    }
  }));
  return Response.json({ videos, total_count: r.total, page, total_pages: Math.ceil(r.total / limit) }, { headers: { 'Cache-Control': 'no-store' } });
}

/** Plans per file version: a dashboard polls the same page over and over. */
const planned = new Map<string, { streamable: boolean; convert: boolean; failed: boolean }>();
const PLANNED_MAX = 20_000;

async function planFor(core: Core, e: LibraryEntry): Promise<{ streamable: boolean; convert: boolean; failed: boolean }> {
  const key = `${e.id}:${e.size}:${e.mtimeMs}`;
  let r = planned.get(key);
  if (!r) {
    const remote = splitRemoteId(e.id);
    // Another Reelvault's file: its computer probes and plans it (for the Chromium the dashboard ran in).
    const p = remote ? await remoteProbe(core, remote) : await core.probes.probe(e.id);
    if ('probe' in p && p.probe) {
      const mode = planPlayback(p.probe, DEFAULT_CHROMIUM_CAPS, { ext: path.extname(e.filename) }).mode;
      r = { streamable: mode === 'direct', convert: mode !== 'direct', failed: false };
    } else {
      r = { streamable: false, convert: false, failed: true };
    }
    if (planned.size >= PLANNED_MAX) planned.delete(planned.keys().next().value as string);
    planned.set(key, r);
  }
  return r;
}

async function remoteProbe(core: Core, remote: { key: string; remoteId: string }): Promise<{ probe: MediaProbe | null } | { error: string }> {
  const i = await core.remotes.item(remote.key, remote.remoteId, 'dashboard', DEFAULT_CHROMIUM_CAPS);
  return 'error' in i ? i : { probe: i.probe };
}

async function legacyVideo(core: Core, e: LibraryEntry) {
  let streamable = false;
  let convert = false;
  let status = STATUS[e.status];
  if (e.status === 'ok') {
    const p = await planFor(core, e);
    streamable = p.streamable;
    convert = p.convert;
    if (p.failed) status = 'error';
  }
  return {
    file_id: e.id,
    camera_name: e.camera,
    filename: e.filename,
    file_size_bytes: e.size,
    format: path.extname(e.filename).slice(1).toLowerCase(),
    status,
    created_at: Math.floor(e.recordedAt / 1000),
    is_streamable: streamable,
    needs_conversion: convert,
  };
}

/** The old routes, or null when the path is not one of them. */
export async function legacyRoute(core: Core, request: Request, url: URL, device: string): Promise<Response | null> {
  const p = url.pathname;
  if (p === '/health') return Response.json({ status: 'ok' });
  if (p === '/videos/' || p === '/videos') return listVideos(core, url.searchParams);
  const m = /^\/videos\/(?:(.+)\/)?(thumbnail|stream|stream-transcoded)$/.exec(p);
  if (!m) return null;
  const [, inPath, action] = m as unknown as [string, string | undefined, string];
  let raw: string | null;
  try {
    raw = inPath !== undefined ? decodeURIComponent(inPath) : url.searchParams.get('file_id');
  } catch {
    raw = null;
  }
  if (!raw) return detail(404, 'Video not found');
  const e = resolveFileId(core, raw);
  if (!e) return detail(404, 'Video not found');

  const forward = (target: string): Promise<Response> => core.remoteHandler(new Request(new URL(target, url), {
    method: request.method, headers: request.headers, signal: request.signal,
  }), { device, tab: 'dashboard', legacy: true });
  if (action === 'thumbnail') {
    const w = url.searchParams.get('width') ?? '320';
    const h = url.searchParams.get('height') ?? '180';
    return forward(`/media/thumb/${e.id}?w=${encodeURIComponent(w)}&h=${encodeURIComponent(h)}`);
  }
  if (action === 'stream') return forward(`/media/file/${e.id}`);
  if (request.method === 'HEAD') {
    return new Response(null, { headers: { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'none', 'Cache-Control': 'no-store' } });
  }
  // The old contract: from start_time on, exactly (a copy could only begin at the keyframe
  // before it, seconds early). So a stream that does not begin at 0 is always converted.
  const start = url.searchParams.get('start_time') ?? '0';
  // (An unreadable start_time goes on as it is: the media route answers it with a 400.)
  const exact = (parseUrlNumber(start) ?? 0) > 0 ? '&mode=transcode' : '';
  return forward(`/media/transcode/${e.id}?start=${encodeURIComponent(start)}${exact}`);
}
