// A library file as a web Response: byte ranges, validators, and a body read from the open
// file only as fast as the client takes it.
import type fs from 'node:fs/promises';
import { fileVersion } from '../../contract/media-url.js';
import { mimeOf } from '../library/naming.mjs';
import { inTime, openContained } from '../media/contained-file.js';
import { parseRange } from './range.js';

/** Read size: 4 MiB measured fastest here (MEASURED.md); one chunk in flight per response. */
export const READ_CHUNK = 4 * 1024 * 1024;

/** Counters tests and benchmarks read: bytes read from disk, files open. */
export interface FileServeStats {
  bytesRead: number;
  open: number;
}

export function etagOf(size: number, mtimeMs: number): string {
  return `"${fileVersion({ size, mtimeMs })}"`;
}

/** Kept by any cache for a year, never revalidated: only for a URL that names its bytes' version. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * How long caches may keep a file: for good when the URL names this version of a finished file;
 * not at all when it names another (the file changed: a cache must not keep these bytes under
 * that name); revalidated each time when it names none.
 */
export function fileCaching(asked: string | null, now: string, finished: boolean): string {
  if (asked === null) return 'no-cache';
  return asked === now && finished ? IMMUTABLE : 'no-store';
}

/** If-None-Match: weak comparison, any of a list, or "*" (RFC 9110 §13.1.2). */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/** If-Range: a strong ETag equal to ours, or exactly our Last-Modified date (§13.1.5). */
function ifRangeHolds(header: string | null, etag: string, lastModified: string): boolean {
  if (header === null) return true;
  const v = header.trim();
  if (v.startsWith('"')) return v === etag;
  if (v.startsWith('W/')) return false;
  return v === lastModified;
}

export interface ServeFileOptions {
  /** The library root the file must stay inside once links are resolved. */
  root: string;
  stats?: FileServeStats;
  extraHeaders?: Record<string, string>;
  /** The version the URL names (`v=`), and whether the recording is finished: see fileCaching. */
  version?: { asked: string | null; finished: boolean };
}

export async function serveFile(request: Request, file: string, opts: ServeFileOptions): Promise<Response> {
  // Opened and checked now, at every request: a file swapped for a link out of the library is refused.
  const opened = await openContained(opts.root, file);
  const fh = opened.handle;
  let handedOver = false;
  try {
    // The size comes from the open file, not the index: recordings grow.
    const size = opened.size;
    const etag = etagOf(size, opened.mtimeMs);
    const lastModified = new Date(Math.floor(opened.mtimeMs / 1000) * 1000).toUTCString();
    const headers = new Headers({
      'Accept-Ranges': 'bytes',
      'Content-Type': mimeOf(file),
      ETag: etag,
      'Last-Modified': lastModified,
      'Cache-Control': fileCaching(opts.version?.asked ?? null, fileVersion({ size, mtimeMs: opened.mtimeMs }), opts.version?.finished ?? false),
      ...opts.extraHeaders,
    });
    const inm = request.headers.get('if-none-match');
    const ims = request.headers.get('if-modified-since');
    if ((inm !== null && noneMatch(inm, etag)) || (inm === null && ims !== null && Date.parse(ims) >= Date.parse(lastModified))) {
      return new Response(null, { status: 304, headers });
    }

    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = ifRangeHolds(request.headers.get('if-range'), etag, lastModified) ? parseRange(request.headers.get('range'), size) : { kind: 'none' as const };
    if (range.kind === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    if (range.kind === 'single') {
      ({ start, end } = range);
      status = 206;
      headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    }
    const length = Math.max(0, end - start + 1);
    headers.set('Content-Length', String(length));
    if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });

    handedOver = true;
    return new Response(fileStream(fh, start, length, opts.stats), { status, headers });
  } finally {
    if (!handedOver) await opened.close();
  }
}

/** Pull-driven: a read happens only when the consumer asks, so a gone client stops the reading. */
function fileStream(fh: fs.FileHandle, start: number, length: number, stats?: FileServeStats): ReadableStream<Uint8Array> {
  let pos = start;
  const endPos = start + length;
  let closed = false;
  if (stats) stats.open++;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (stats) stats.open--;
    await fh.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const want = Math.min(READ_CHUNK, endPos - pos);
      const buf = new Uint8Array(want);
      let got: number;
      try {
        ({ bytesRead: got } = await inTime(fh.read(buf, 0, want, pos)));
      } catch (err) {
        await close();
        controller.error(err);
        return;
      }
      if (stats) stats.bytesRead += got;
      if (got === 0) {
        // Shorter than it was at open (truncated while served): end where the file ends.
        await close();
        controller.close();
        return;
      }
      pos += got;
      controller.enqueue(got === want ? buf : buf.subarray(0, got));
      if (pos >= endPos) {
        await close();
        controller.close();
      }
    },
    async cancel() {
      await close();
    },
  }, { highWaterMark: 0 });
}
