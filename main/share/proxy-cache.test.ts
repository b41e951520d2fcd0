// What lets a reverse proxy serve many viewers of one share: URLs that name a file's version are
// immutable (public, immutable, strong ETags) while every other answer stays uncached, and
// GET /auth/check tells the proxy whether a request, perhaps one it holds in its cache, may go.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileVersion } from '../../contract/media-url.js';
import { shareHarness, TEST_TOKEN, type ShareHarness } from '../test-support/api-harness.js';

describe('caching by file version, and the proxy\'s auth check', () => {
  let h: ShareHarness;
  beforeAll(async () => {
    h = await shareHarness({ 'yard/clip.mp4': 'cam-modern/h264_aac.mp4' });
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  const entry = () => h.library.get(h.idOf('clip.mp4'))!;
  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${h.base}${p}`, { headers: { Cookie: h.cookie, ...headers } });

  it('a file URL naming its version is public and immutable; without one it is revalidated, with another never stored', async () => {
    const e = entry();
    const v = fileVersion(e);
    const named = await get(`/media/file/${e.id}?v=${v}`, { Range: 'bytes=0-99' });
    expect(named.status).toBe(206);
    expect(named.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(named.headers.get('etag')).toBe(`"${v}"`);
    await named.arrayBuffer();
    const plain = await get(`/media/file/${e.id}`, { Range: 'bytes=0-99' });
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    await plain.arrayBuffer();
    const stale = await get(`/media/file/${e.id}?v=1-1`, { Range: 'bytes=0-99' });
    expect(stale.headers.get('cache-control')).toBe('no-store');
    await stale.arrayBuffer();
  });

  it('a recording still being written is never immutable, even by its current version', async () => {
    const file = path.join(h.root, 'yard', 'clip.mp4');
    const e = entry();
    // The index says the file is still being written (the watcher would, while it grows).
    const growing = { ...e, status: 'recording' as const };
    const lib = h.library as unknown as { get(id: string): unknown };
    const real = lib.get.bind(lib);
    lib.get = (id: string) => (id === e.id ? growing : real(id));
    try {
      const r = await get(`/media/file/${e.id}?v=${fileVersion(fs.statSync(file))}`, { Range: 'bytes=0-9' });
      expect(r.headers.get('cache-control')).toBe('no-store');
      await r.arrayBuffer();
    } finally {
      lib.get = real;
    }
  });

  it('thumbnails: immutable by version with a strong ETag and 304 on revalidation; private without a version', async () => {
    const e = entry();
    const url = `/media/thumb/${e.id}?w=160&v=${fileVersion(e)}`;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const body = Buffer.from(await first.arrayBuffer());
    const again = await get(url);
    expect(again.headers.get('etag')).toBe(etag);
    expect(Buffer.from(await again.arrayBuffer()).equals(body)).toBe(true);
    const revalidated = await get(url, { 'If-None-Match': etag });
    expect(revalidated.status).toBe(304);
    // Another size is another picture: another ETag.
    const other = await get(`/media/thumb/${e.id}?w=320&v=${fileVersion(e)}`);
    expect(other.headers.get('etag')).not.toBe(etag);
    await other.arrayBuffer();
    const plain = await get(`/media/thumb/${e.id}?w=160`);
    expect(plain.headers.get('cache-control')).toBe('private, max-age=86400');
    await plain.arrayBuffer();
  });

  it('nothing else is cacheable: the API, conversions and the old routes say no-store', async () => {
    const api = await fetch(`${h.base}/api/query`, { method: 'POST', headers: { Cookie: h.cookie, 'Content-Type': 'application/json' }, body: '[{}]' });
    expect(api.headers.get('cache-control')).toBe('no-store');
    await api.arrayBuffer();
    const legacy = await fetch(`${h.base}/videos/?token=${TEST_TOKEN}`);
    expect(legacy.headers.get('cache-control')).toBe('no-store');
    await legacy.arrayBuffer();
  });

  it('GET /auth/check: 204 for a paired device, the token, or an old route\'s ?token= named in X-Original-URI; 401 otherwise', async () => {
    const check = (headers: Record<string, string>) => fetch(`${h.base}/auth/check`, { headers: { Accept: 'text/html', ...headers } });
    expect((await check({ Cookie: h.cookie })).status).toBe(204);
    expect((await check({ Authorization: `Bearer ${TEST_TOKEN}` })).status).toBe(204);
    expect((await check({ 'X-Original-URI': `/videos/?token=${TEST_TOKEN}` })).status).toBe(204);
    // A token in the address counts only on the old dashboard's routes, as it does there.
    expect((await check({ 'X-Original-URI': `/media/file/x?token=${TEST_TOKEN}` })).status).toBe(401);
    const none = await check({});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/json/); // no pairing page for a proxy
    expect((await check({ Authorization: 'Bearer wrong' })).status).toBe(401);
  });
});
