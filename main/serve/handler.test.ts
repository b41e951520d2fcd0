import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../service/core.js';
import { fixture } from '../test-support/fixtures.js';
import { getThenDrop, serveOnLoopback } from '../test-support/http.js';
import { imageSize } from '../test-support/image-size.js';
import { tmpDir } from '../test-support/tmp.js';
import { runningProcesses } from '../media/ffmpeg.js';
import { parseFirstFragment } from '../media/fmp4.js';
import { READ_CHUNK } from './file-response.js';

async function setup(files: Record<string, string | Buffer>, limits = {}) {
  const root = tmpDir();
  for (const [rel, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    if (typeof src === 'string') fs.copyFileSync(fixture(src), path.join(root, rel));
    else fs.writeFileSync(path.join(root, rel), src);
  }
  const core: Core = await createCore({ dataDir: tmpDir('rv-data-'), local: false, limits });
  await core.library.scan([root]);
  const id = (name: string) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id;
  const base = await serveOnLoopback(core.handler);
  const inProcess = (p: string, init?: RequestInit) => core.handler(new Request(`http://app${p}`, init));
  return { root, core, id, base, inProcess };
}

const bytes = (root: string, rel: string) => fs.readFileSync(path.join(root, rel));

describe('file route: byte ranges as RFC 9110 says', () => {
  it('serves the whole file, HEAD, validators and the MIME type', async () => {
    const { root, id, base } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/b.avi': 'cam-legacy/mpeg4.avi' });
    const r = await fetch(`${base}/media/file/${id('a.mp4')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(r.headers.get('last-modified')).toMatch(/GMT$/);
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes(root, 'cam/a.mp4'))).toBe(true);
    const head = await fetch(`${base}/media/file/${id('b.avi')}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('video/x-msvideo');
    expect(Number(head.headers.get('content-length'))).toBe(bytes(root, 'cam/b.avi').length);
  });

  it('answers single, suffix and open ranges with exact bytes, several ranges with the whole file, and 416', async () => {
    const { root, id, base } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const all = bytes(root, 'cam/a.mp4');
    const url = `${base}/media/file/${id('a.mp4')}`;
    const get = (range: string, extra: Record<string, string> = {}) => fetch(url, { headers: { Range: range, ...extra } });
    for (const [range, start, end] of [['bytes=0-99', 0, 99], ['bytes=-500', all.length - 500, all.length - 1], ['bytes=1000-', 1000, all.length - 1], ['bytes=5-5', 5, 5]] as const) {
      const r = await get(range);
      expect(r.status).toBe(206);
      expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${all.length}`);
      expect(Buffer.from(await r.arrayBuffer()).equals(all.subarray(start, end + 1))).toBe(true);
    }
    const multi = await get('bytes=0-9,20-29');
    expect(multi.status).toBe(200);
    expect((await multi.arrayBuffer()).byteLength).toBe(all.length);
    const bad = await get(`bytes=${all.length}-`);
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${all.length}`);
    for (const junk of ['bytes=abc', 'bytes=5-1', 'items=0-5', 'bytes=1-2-3']) {
      const r = await get(junk);
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    }
  });

  it('honours If-None-Match (304) and If-Range (range only while the file is unchanged)', async () => {
    const { root, id, base } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const url = `${base}/media/file/${id('a.mp4')}`;
    const first = await fetch(url, { method: 'HEAD' });
    const etag = first.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'If-None-Match': `"other", ${etag}` } })).status).toBe(304);
    const same = await fetch(url, { headers: { Range: 'bytes=0-9', 'If-Range': etag } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const stale = await fetch(url, { headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(bytes(root, 'cam/a.mp4').length);
  });

  it('takes the size from the open file, so a growing recording serves what exists now', async () => {
    const { root, id, base } = await setup({ 'cam/rec.mp4': 'cam-modern/h264_aac.mp4' });
    fs.appendFileSync(path.join(root, 'cam/rec.mp4'), Buffer.alloc(1000, 7));
    const r = await fetch(`${base}/media/file/${id('rec.mp4')}`, { headers: { Range: 'bytes=-1000' } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer()).equals(Buffer.alloc(1000, 7))).toBe(true);
  });

  it('stops reading when the client goes away, and closes the file', async () => {
    const { core, id, base } = await setup({ 'cam/big.mp4': Buffer.alloc(48 * 1024 * 1024, 1) });
    const r = await getThenDrop(`${base}/media/file/${id('big.mp4')}`, 1024 * 1024);
    expect(r.status).toBe(200);
    // Once the file is closed nothing more can be read from it: then count.
    await expect.poll(() => core.stats.open, { timeout: 5000 }).toBe(0);
    expect(core.stats.bytesRead - r.got).toBeLessThan(2 * READ_CHUNK);
  });
});

describe('only indexed files, by id', () => {
  it.each([
    '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%252e%252e%252fetc', '%2Fetc%2Fpasswd', 'abc%00def', '..%5C..%5Cwindows',
    'AAAAAAAAAAAAAAAAAAAAAA', 'short', `${'x'.repeat(300)}`,
  ])('404 for %s on every route', async (hostile) => {
    const { inProcess } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    for (const route of ['file', 'transcode', 'thumb', 'sprite']) {
      const r = await inProcess(`/media/${route}/${hostile}`);
      expect(r.status).toBe(404);
      expect(await r.json()).toMatchObject({ ok: false, code: 'not-found' });
    }
    expect((await inProcess('/media/file/../../etc/passwd')).status).toBe(404);
    expect((await inProcess('/etc/passwd')).status).toBe(404);
  });

  it('says a file deleted since indexing no longer exists, and the index forgets it', async () => {
    const { root, core, id, inProcess } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/b.avi': 'cam-legacy/mpeg4.avi' });
    const b = id('b.avi');
    fs.rmSync(path.join(root, 'cam/b.avi'));
    const tr = await inProcess(`/media/transcode/${b}`);
    expect(tr.status).toBe(404);
    expect(await tr.json()).toMatchObject({ code: 'gone', message: 'file no longer exists' });
    const gone = id('a.mp4');
    fs.rmSync(path.join(root, 'cam/a.mp4'));
    const r = await inProcess(`/media/file/${gone}`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: 'gone', message: 'file no longer exists' });
    await expect.poll(() => core.library.get(gone), { timeout: 5000 }).toBeUndefined();
  });

  it('refuses a file swapped for a link out of the library after indexing', async () => {
    const { root, id, inProcess } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const target = id('a.mp4');
    fs.rmSync(path.join(root, 'cam/a.mp4'));
    fs.symlinkSync('/etc/hostname', path.join(root, 'cam/a.mp4'));
    const r = await inProcess(`/media/file/${target}`);
    expect(r.status).toBe(403);
  });
});

describe('transcode route', () => {
  it('streams fragmented MP4 once the first fragment exists, with its true start', async () => {
    const { id, base } = await setup({ 'cam/x.avi': 'cam-legacy/xvid.avi', 'cam/l.mp4': 'cam-modern/long_gop.mp4' });
    const r = await fetch(`${base}/media/transcode/${id('x.avi')}?start=0.5&viewer=t1`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(r.headers.get('accept-ranges')).toBe('none');
    expect(r.headers.get('content-length')).toBeNull();
    // Its real first frame: the first at or after 0.5 s (at 25 fps, 0.52 s).
    expect(r.headers.get('x-reelvault-start')).toBe('0.520');
    // The stream keeps the file's timestamps; this file's start at 0 means no offset.
    expect(r.headers.get('x-reelvault-timestamp-offset')).toBe('0.000000');
    expect(r.headers.get('x-reelvault-mode')).toBe('transcode');
    expect(parseFirstFragment(new Uint8Array(await r.arrayBuffer()))).not.toBeNull();
    const remux = await fetch(`${base}/media/transcode/${id('l.mp4')}?start=11&viewer=t2`);
    expect(remux.headers.get('x-reelvault-mode')).toBe('remux');
    expect(remux.headers.get('x-reelvault-start')).toBe('10.000');
    await remux.arrayBuffer();
  });

  it('answers errors as JSON: past the end, unplayable, busy with Retry-After', async () => {
    const { id, base } = await setup({ 'cam/x.avi': 'cam-legacy/vga_10s.avi', 'cam/bad.avi': 'broken/garbage.avi' }, { maxTranscodes: 1, queueMax: 0 });
    const late = await fetch(`${base}/media/transcode/${id('x.avi')}?start=999`);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ code: 'out-of-range' });
    const bad = await fetch(`${base}/media/transcode/${id('bad.avi')}`);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toMatch(/not a playable video/);
    const ac = new AbortController();
    const first = await fetch(`${base}/media/transcode/${id('x.avi')}?viewer=a`, { signal: ac.signal });
    expect(first.status).toBe(200);
    const busy = await fetch(`${base}/media/transcode/${id('x.avi')}?viewer=b`);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(await busy.json()).toMatchObject({ ok: false, code: 'busy' });
    ac.abort();
  });

  it('kills ffmpeg at once when the client disconnects mid-stream', async () => {
    const { core, id, base } = await setup({ 'cam/x.avi': 'cam-legacy/vga_10s.avi' });
    const r = await getThenDrop(`${base}/media/transcode/${id('x.avi')}?viewer=d`, 1);
    expect(r.status).toBe(200);
    // At once: long before a session left idle would be ended (no duration asserted).
    await expect.poll(() => [core.sessions.running, runningProcesses().size], { timeout: 5000 }).toEqual([0, 0]);
  });
});

describe('thumbnail and sprite routes', () => {
  it('serves clamped thumbnails and explains missing pictures', async () => {
    const { id, base } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/bad.avi': 'broken/garbage.avi' });
    const tiny = await fetch(`${base}/media/thumb/${id('a.mp4')}?w=0&h=0`);
    expect(tiny.headers.get('content-type')).toBe('image/jpeg');
    expect(imageSize(Buffer.from(await tiny.arrayBuffer()))).toMatchObject({ width: 32 });
    const huge = await fetch(`${base}/media/thumb/${id('a.mp4')}?w=100000&h=100000&f=webp`);
    expect(huge.headers.get('content-type')).toBe('image/webp');
    expect(imageSize(Buffer.from(await huge.arrayBuffer()))).toMatchObject({ width: 1280, height: 960 });
    const bad = await fetch(`${base}/media/thumb/${id('bad.avi')}`);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toBe('the file is damaged or not a video');
  });

  it('serves a sprite sheet and its index', async () => {
    const { id, base } = await setup({ 'cam/l.mp4': 'cam-modern/long_gop.mp4' });
    const index = (await (await fetch(`${base}/media/sprite/${id("l.mp4")}?index`)).json()) as { times: number[] };
    expect(index.times).toEqual([0, 10]);
    const sheet = await fetch(`${base}/media/sprite/${id('l.mp4')}`);
    expect(imageSize(Buffer.from(await sheet.arrayBuffer())).type).toBe('jpeg');
  });
});
