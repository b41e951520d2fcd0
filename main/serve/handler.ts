// The one media handler: (Request) => Promise<Response>. Electron's protocol.handle, the LAN
// server and the tests all call this same function.
//
//   GET|HEAD /media/file/<id>                   the file itself, with byte ranges
//   GET      /media/transcode/<id>?start=&audio=&viewer=&mode=&prepare=1&tile=&maxHeight=
//                                                          fragmented MP4 from `start` s
//   GET      /media/transcode/<id>?start=&speed=N&maxHeight=&viewer=&tile=
//                                                          a fast stream (fast-stream.ts): pictures at N×
//   GET      /media/thumb/<id>?w=&h=&t=&f=jpeg|webp
//   GET      /media/sprite/<id>[?index]          the scrub sprite sheet, or its JSON index
//   GET      /media/clip/<id>?from=&to=&exact=0|1   a clip as a download (MP4 or MKV, streamed)
//
// Only indexed files are reachable: an id is looked up in the index, never turned into a path.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { LibraryEntry, PlaybackPlan } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { planPlayback } from '../media/playback-plan.js';
import { isFileId } from '../library/naming.mjs';
import { splitRemoteId } from '../library/sources.js';
import type { RemoteSources } from '../remote/remote-sources.js';
import type { MediaRoute } from '../remote/remote-media.js';
import { openContained } from '../media/contained-file.js';
import { MediaError } from '../media/media-error.js';
import { ProbeError } from '../media/probe.js';
import { probeFailure, type ProbeService } from '../media/probe-service.js';
import type { SessionManager } from '../media/sessions.js';
import type { ClipStreams } from '../media/clip-stream.js';
import { clipResponse } from './clip-response.js';
import { parseClipCrop } from './clip-crop.js';
import type { SpriteService } from '../media/sprites.js';
import type { ThumbnailService } from '../media/thumbnails.js';
import { DESKTOP, viewerKey, type ViewerRegistry, type Who } from '../media/viewers.js';
import { logger } from '../util/log.js';
import { fileVersion } from '../../contract/media-url.js';
import { fileCaching, serveFile, type FileServeStats } from './file-response.js';
import { parseUrlNumber, type UrlNumberRule } from '../util/url-number.js';
import { fastResponse } from './fast-response.js';

const log = logger('media');

/** The media engine's parts the handler serves from (the core has them all). */
export interface MediaParts {
  library: Library;
  probes: ProbeService;
  thumbs: ThumbnailService;
  sprites: SpriteService;
  sessions: SessionManager;
  /** Clip downloads. */
  clips: ClipStreams;
  /** Each viewer's codec capabilities and each device's resume positions. */
  viewers: ViewerRegistry;
  /** Other Reelvaults' files (ids `<key>.<their id>`): served from the computer that holds them. */
  remotes?: RemoteSources;
}

export interface MediaDeps extends MediaParts {
  /** Requests come from the person at this computer (the app), who may use the reserved slot. */
  local: boolean;
  stats?: FileServeStats;
}

/**
 * `who` is established by the caller (the app: the desktop; the share: the credential's device);
 * a request itself only names its tab.
 */
export type Handler = (request: Request, who?: Who) => Promise<Response>;

export function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ ok: false, code, message }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

export function createMediaHandler(deps: MediaDeps): Handler {
  return async (request, who) => {
    const url = new URL(request.url);
    const viewer: Who = deps.local ? { device: DESKTOP } : {
      device: who?.device ?? 'anonymous', tab: who?.tab ?? url.searchParams.get('viewer'), ...(who?.legacy ? { legacy: true } : {}), ...(who?.reshares ? { reshares: true } : {}),
    };
    // Raw segments, never decoded: "%2e%2e", "%2F" and friends simply are not ids.
    const m = /^\/media\/(file|transcode|thumb|sprite|clip)\/([^/]*)$/.exec(url.pathname);
    if (!m) return jsonError(404, 'not-found', 'no such route');
    const [, route, id] = m as unknown as [string, string, string];
    // Another Reelvault's file never resolves to a path here: its own share serves it.
    const remote = splitRemoteId(id);
    if (remote) {
      const method = request.method.toUpperCase();
      if (method !== 'GET' && !(method === 'HEAD' && route === 'file')) return jsonError(405, 'method-not-allowed', `${method} is not allowed here`);
      const served = deps.library.get(id) && deps.remotes?.serveMedia(remote.key, remote.remoteId, route as MediaRoute, request, viewerKey(viewer));
      return served ? await served : jsonError(404, 'not-found', 'no such file in the library');
    }
    const found = isFileId(id) ? deps.library.get(id) : undefined;
    // The desktop's temporary folders ("Open with" outside the library) are its alone.
    const entry = found && (deps.local || who?.ownerHere === true || deps.library.sharedEntry(found)) ? found : undefined;
    if (!entry) return jsonError(404, 'not-found', 'no such file in the library');
    const method = request.method.toUpperCase();
    if (method !== 'GET' && !(method === 'HEAD' && route === 'file')) return jsonError(405, 'method-not-allowed', `${method} is not allowed here`, { Allow: route === 'file' ? 'GET, HEAD' : 'GET' });

    const file = deps.library.pathOf(entry);
    // v= names the file's version: such URLs of a finished recording may be cached for good.
    const version = { asked: url.searchParams.get('v'), finished: entry.status === 'ok' };
    const imageCaching = version.asked === null ? 'private, max-age=86400' : fileCaching(version.asked, fileVersion(entry), version.finished);
    try {
      switch (route) {
        case 'file':
          await refuseNonVideo(deps, entry);
          return await serveFile(request, file, { root: entry.root, version, ...(deps.stats ? { stats: deps.stats } : {}) });
        case 'thumb': {
          await checkContained(entry.root, file);
          const q = url.searchParams;
          const t = await deps.thumbs.get(id, {
            width: num(q, 'w'), height: num(q, 'h'), time: num(q, 't'), format: q.get('f') === 'webp' ? 'webp' : 'jpeg',
          }, request.signal, viewerKey(viewer));
          return imageResponse(request, t.file, t.contentType, imageCaching, `${fileVersion(entry)}-${url.search}`);
        }
        case 'sprite': {
          await checkContained(entry.root, file);
          const s = await deps.sprites.get(id);
          if (url.searchParams.has('index')) return Response.json(s.index, { headers: { 'Cache-Control': 'no-cache' } });
          return imageResponse(request, s.file, 'image/jpeg', imageCaching, `${fileVersion(entry)}-${url.search}`);
        }
        case 'transcode':
          if (url.searchParams.has('speed')) return await fastResponse(deps, url, viewer, entry, file, request.signal);
          return await transcode(deps, request, url, viewer, entry, file);
        case 'clip':
          return await clipDownload(deps, request, url);
      }
    } catch (err) {
      return errorResponse(err, deps, id);
    }
    return jsonError(404, 'not-found', 'no such route');
  };
}

/** A clip of one recording as a download: from and to in seconds of the file, exact 0 or 1. */
async function clipDownload(deps: MediaDeps, request: Request, url: URL): Promise<Response> {
  const q = url.searchParams;
  const from = num(q, 'from'), to = num(q, 'to');
  const exact = q.get('exact') ?? '0';
  if (from === undefined || to === undefined || !/^[01]$/.test(exact)) {
    return jsonError(400, 'out-of-range', 'a clip needs from and to (seconds in the file) and exact=0 or 1');
  }
  const id = url.pathname.split('/').pop()!;
  // Only the zoomed area: an exact clip, cropped.
  const cropText = q.get('crop');
  const crop = cropText === null ? null : parseClipCrop(cropText);
  if (cropText !== null && (!crop || exact !== '1')) return jsonError(400, 'out-of-range', 'crop is x,y,w,h in fractions of the picture, inside it, on an exact clip');
  return clipResponse(deps, { id, from, to, exact: exact === '1', ...(crop ? { crop } : {}) }, request.signal);
}

/** A number from the query, read by the one strict rule (util/url-number.ts); a 400 when it is not one. */
export function num(q: URLSearchParams, name: string, rule: UrlNumberRule = {}): number | undefined {
  const n = parseUrlNumber(q.get(name), rule);
  if (n === null) throw new MediaError('out-of-range', `${name} must be a plain number${rule.integer ? ' (whole)' : ''}${rule.min === 0 ? ', 0 or more' : ''}, like ${rule.integer ? '2' : '12.5'}`);
  return n;
}

/** A thumbnail or sprite: the same file version and parameters always give the same picture (a strong ETag). */
function imageResponse(request: Request, file: string, contentType: string, caching: string, identity: string): Response {
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
  const headers = { 'Content-Type': contentType, 'Cache-Control': caching, ETag: etag };
  if (request.headers.get('if-none-match')?.split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  const body = fs.readFileSync(file); // small (a thumbnail or a sprite), already in the page cache
  return new Response(body, { headers: { ...headers, 'Content-Length': String(body.length) } });
}

/**
 * The bytes of a file whose probe was refused (a playlist or script named like a video) are not
 * served either. A probed file costs nothing here; an unprobed one is probed first (the player
 * and the dashboard's listing probe before they play, so this is rare).
 */
async function refuseNonVideo(deps: MediaDeps, entry: LibraryEntry): Promise<void> {
  if (entry.probe === 'probed') return;
  const r = await deps.probes.probe(entry.id);
  if ('error' in r && ('refused' in r || 'gone' in r)) throw probeFailure(r);
}

/**
 * Thumbnails and sprites are answered from the cache without opening the file: the file is
 * opened and checked anyway, so a file swapped for a link is refused on these routes too.
 */
async function checkContained(root: string, file: string): Promise<void> {
  await (await openContained(root, file)).close();
}

async function transcode(deps: MediaDeps, request: Request, url: URL, who: Who, entry: LibraryEntry, file: string): Promise<Response> {
  const q = url.searchParams;
  const start = num(q, 'start') ?? 0;
  const audio = num(q, 'audio', { integer: true, min: 0 });
  const ext = path.extname(entry.filename);
  const probe = await deps.probes.media(entry.id);
  // Exactly the plan `item` gave this viewer. The one override: a conversion, asked for after a
  // copy failed in the player. (A direct file comes here for another audio track: a copy.)
  const planned = planPlayback(probe, deps.viewers.decodes(viewerKey(who)), {
    ext, ...(audio !== undefined ? { audioStream: audio } : {}), ...(q.get('mode') === 'transcode' ? { transcode: true } : {}),
  });
  const plan: PlaybackPlan = planned.mode === 'direct' ? { ...planned, mode: 'remux' } : planned;
  // prepare=1: a tile the user is about to play (sessions.ts: a spare slot, two fragments held).
  // tile=N: camera N of a sync view, each its own session; maxHeight scales its conversion.
  const tileIndex = num(q, 'tile', { integer: true, min: 0, max: 99 }) ?? null;
  const maxHeight = num(q, 'maxHeight', { integer: true });
  const kind = who.legacy ? 'legacy' : q.get('prepare') === '1' ? 'prepared' : tileIndex !== null ? 'tile' : 'playback';
  const viewer = tileIndex !== null ? `${viewerKey(who)}#tile${tileIndex}` : viewerKey(who);
  const resume = deps.probes.pauseForPlayback();
  let session;
  try {
    session = await deps.sessions.open({
      root: entry.root, file, probe, plan, start, viewer, device: who.device, kind, local: deps.local, signal: request.signal,
      ...(who.reshares ? { reshares: true } : {}),
      ...(maxHeight !== undefined && Number.isInteger(maxHeight) && maxHeight >= 32 && maxHeight <= 2160 ? { maxHeight } : {}),
    });
  } catch (err) {
    resume();
    throw err;
  }
  void session.ended.finally(resume);
  // Headers go out only now that the first fragment exists.
  return new Response(webStreamOf(session.body), {
    headers: {
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'none',
      'Cache-Control': 'no-store',
      'X-Reelvault-Start': session.startTime.toFixed(3),
      'X-Reelvault-Mode': session.mode,
      'X-Reelvault-Timestamp-Offset': session.timestampOffset.toFixed(6),
      'Access-Control-Expose-Headers': 'X-Reelvault-Start, X-Reelvault-Mode, X-Reelvault-Timestamp-Offset',
    },
  });
}

/**
 * A Node stream as a web stream, pulled: Readable.toWeb (Node 20) can enqueue a chunk already
 * in flight after the reader cancelled, which throws an uncaught "Controller is already closed".
 */
export function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      body.pause();
      body.on('data', (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) body.pause();
      });
      body.once('end', () => { if (!done) { done = true; controller.close(); } });
      body.once('error', (err) => { if (!done) { done = true; controller.error(err); } });
      body.once('close', () => { if (!done) { done = true; controller.close(); } });
    },
    pull() {
      body.resume();
    },
    cancel() {
      done = true;
      body.destroy();
    },
  }, { highWaterMark: 4 });
}

function errorResponse(err: unknown, deps: MediaDeps, id: string): Response {
  if (err instanceof MediaError) {
    if (err.code === 'gone') deps.library.forget(id).catch(() => undefined); // the next scan removes it otherwise
    const message = err.code === 'cancelled' ? 'the request was cancelled' : err.message;
    return jsonError(err.status, err.code, message, err.code === 'busy' ? { 'Retry-After': String(err.retryAfterSec ?? 5) } : {});
  }
  if (err instanceof ProbeError && err.kind === 'missing') return jsonError(404, 'gone', 'file no longer exists');
  const message = err instanceof Error ? err.message : String(err);
  log.error(`media: ${err instanceof Error ? err.stack ?? message : message}`);
  return jsonError(500, 'failed', 'internal error');
}
