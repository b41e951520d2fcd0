import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../service/core.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { cookieValue, FailureLimiter, hostAllowed, inCidrs, originAllowed } from './access.js';
import { parseLegacyDate } from './legacy.js';
import { startShare, type RunningShare } from './server.js';
import { tokenMatches } from './token.js';
import { SettingsSchema } from '../settings/settings.js';
import { runServe } from '../cli/serve-command.js';
import { isCidr } from '../util/cidr.js';
import { runMedia } from '../media/ffmpeg.js';
import { TIMELINE_SECONDS } from '../test-support/fixture-cases.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('access checks', () => {
  it.each([
    ['192.168.1.5:8080', true], ['127.0.0.1', true], ['[::1]:8080', true], ['localhost:8080', true], ['LOCALHOST', true],
    ['recorder.lan', true], ['evil.example.com', false], ['192.168.1.5.evil.com', false], ['', false], [null, false],
  ])('Host %s → %s', (host, want) => {
    expect(hostAllowed(host, ['recorder.lan'])).toBe(want);
  });
  it.each([
    [null, true], ['http://192.168.1.5:8080', true], ['http://evil.example', false], ['http://dash:8080', true], ['null', false],
  ])('Origin %s → %s', (origin, want) => {
    expect(originAllowed(origin, '192.168.1.5:8080', ['http://dash:8080'])).toBe(want);
  });
  it.each([
    ['192.168.1.77', ['192.168.1.0/24'], true], ['::ffff:192.168.1.77', ['192.168.1.0/24'], true], ['192.168.2.1', ['192.168.1.0/24'], false],
    ['::1', ['::1/128'], true], ['10.0.0.1', ['garbage', '10.0.0.0/8'], true], ['10.0.0.1', [], false],
  ])('%s in %j → %s', (addr, cidrs, want) => {
    expect(inCidrs(addr, cidrs)).toBe(want);
  });
  it('reads cookies, compares tokens, and rate-limits failures per address', () => {
    expect(cookieValue('a=1; rv_token=xyz; b=2', 'rv_token')).toBe('xyz');
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    const l = new FailureLimiter(3, 1000);
    for (let i = 0; i < 3; i++) l.fail('a', i);
    expect(l.blocked('a', 10)).toBe(true);
    expect(l.blocked('b', 10)).toBe(false);
    expect(l.blocked('a', 2000)).toBe(false);
  });
  it('parses legacy dates: a day is local, an end day is inclusive', () => {
    expect(parseLegacyDate('2026-11-20', false)).toBe(new Date(2026, 10, 20).getTime());
    expect(parseLegacyDate('2026-11-20', true)).toBe(new Date(2026, 10, 21).getTime());
    expect(parseLegacyDate('2026-11-20T10:00:00Z', false)).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseLegacyDate('2026-11-20T10:00:00Z', true)).toBe(Date.UTC(2026, 10, 20, 10) + 1);
    for (const bad of ['yesterday', '2026-13-01', '2026-02-30', '20261120', '']) expect(parseLegacyDate(bad, false)).toBeNull();
  });
});

async function share(files: Record<string, string>, opts: Partial<Parameters<typeof startShare>[1]> = {}) {
  const root = tmpDir();
  for (const [rel, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.copyFileSync(fixture(src), path.join(root, rel));
  }
  const core: Core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
  await core.library.scan([root]);
  const s: RunningShare = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, ...opts });
  const base = `http://127.0.0.1:${s.port}`;
  const get = (p: string, headers: Record<string, string> = {}, init: RequestInit = {}) => fetch(`${base}${p}`, { ...init, headers, redirect: 'manual' });
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const id = (name: string) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id;
  return { root, core, s, base, get, auth, id, async close() { await s.close(); await core.close(); } };
}

describe('LAN share server', () => {
  it('needs the token on every route but /health: bearer, ?token= or the pairing cookie', async () => {
    const t = await share({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' });
    try {
      expect((await t.get('/health')).status).toBe(200);
      for (const p of ['/videos/', `/media/file/${t.id('a.mp4')}`, `/videos/${t.id('a.mp4')}/stream`, '/']) {
        const none = await t.get(p);
        expect(none.status).toBe(401);
        expect(none.headers.get('referrer-policy')).toBe('no-referrer');
        expect((await t.get(p, { Authorization: 'Bearer wrong' })).status).toBe(401);
        expect((await t.get(p, { Authorization: `Token ${TOKEN}` })).status).toBe(401); // misplaced
      }
      expect((await t.get('/videos/', t.auth)).status).toBe(200);
      expect((await t.get(`/videos/?token=${TOKEN}`)).status).toBe(200);
      // ?token= works on the old dashboard's routes only.
      expect((await t.get(`/media/file/${t.id('a.mp4')}?token=${TOKEN}`)).status).toBe(401);
      expect((await t.get(`/api/query?token=${TOKEN}`, {}, { method: 'POST', body: '[{}]', headers: { 'Content-Type': 'application/json' } })).status).toBe(401);
      // Pairing: the link carries a code, exchanged for this device's own credential.
      const link = await t.s.pairingLink();
      expect(link).toMatch(/\/pair\?code=[A-Za-z0-9_-]{22}$/);
      expect(link).not.toContain(TOKEN);
      const pair = await t.get(new URL(link).pathname + new URL(link).search, { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' });
      expect(pair.status).toBe(303);
      const cookie = pair.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^rv_${t.s.devices.shareId}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/`));
      expect(cookie).not.toContain(TOKEN);
      expect((await t.get('/videos/', { Cookie: cookie.split(';')[0]! })).status).toBe(200);
      expect(t.s.devices.list()).toMatchObject([{ label: 'Chrome on Linux', address: '127.0.0.1' }]);
      expect((await t.get('/pair?code=nope')).status).toBe(401);
      // An old link with the master token: told it is from an older version.
      const old = await t.get(`/pair?token=${TOKEN}`);
      expect(old.status).toBe(410);
      expect(await old.text()).toMatch(/from an older version/);
    } finally { await t.close(); }
  });

  it('refuses foreign Host names (DNS rebinding), foreign Origins, writes, and rate-limits guessing', async () => {
    const t = await share({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' }, { corsOrigins: ['http://dash:8080'] });
    try {
      const http = await import('node:http');
      const rawStatus = (headers: Record<string, string>) => new Promise<number>((resolve) => {
        http.get(`${t.base}/videos/`, { headers: { ...t.auth, ...headers } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      });
      expect(await rawStatus({ Host: 'evil.example.com' })).toBe(421);
      expect(await rawStatus({ Host: `localhost:${t.s.port}` })).toBe(200);
      expect((await t.get('/videos/', { ...t.auth, Origin: 'http://evil.example' })).status).toBe(403);
      const ok = await t.get('/videos/', { ...t.auth, Origin: 'http://dash:8080' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://dash:8080');
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await t.get('/videos/', t.auth, { method })).status).toBe(405);
      expect((await t.get('/videos/stream', {}, { method: 'OPTIONS' })).status).toBe(204);
      const link = new URL(await t.s.pairingLink());
      const device = (await t.get(link.pathname + link.search)).headers.get('set-cookie')!.split(';')[0]!;
      for (let i = 0; i < 10; i++) await t.get('/videos/', { Authorization: 'Bearer guess' });
      expect((await t.get('/videos/', t.auth)).status).toBe(429);
      expect((await t.get('/pair?code=guess')).status).toBe(429);
      // A paired device on the same address is not locked out by someone else's guessing.
      expect((await t.get('/videos/', { Cookie: device })).status).toBe(200);
    } finally { await t.close(); }
  });

  it('lets a trusted address range read without a token, and only that range', async () => {
    const t = await share({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' }, { trustedCidrs: ['127.0.0.0/8'] });
    try {
      expect((await t.get('/videos/')).status).toBe(200);
      expect((await t.get('/videos/', { Authorization: 'Bearer wrong' })).status).toBe(401);
    } finally { await t.close(); }
    const u = await share({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' }, { trustedCidrs: ['10.0.0.0/8'] });
    try {
      expect((await u.get('/videos/')).status).toBe(401);
    } finally { await u.close(); }
  });
});

describe('the share inside the app', () => {
  it('never gives LAN viewers the conversion slot kept for the person at the desktop', async () => {
    const root = tmpDir();
    fs.mkdirSync(path.join(root, 'cam'));
    fs.copyFileSync(fixture('cam-legacy/vga_10s.avi'), path.join(root, 'cam', 'a.avi'));
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: true, limits: { maxTranscodes: 2, reserveLocal: true, queueMax: 0 } });
    await core.library.scan([root]);
    const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0 });
    try {
      const id = core.library.query({}).items[0]!.id;
      const url = (v: string) => `http://127.0.0.1:${s.port}/media/transcode/${id}?viewer=${v}`;
      const ac = new AbortController();
      const first = await fetch(url('lan-1'), { headers: { Authorization: `Bearer ${TOKEN}` }, signal: ac.signal });
      expect(first.status).toBe(200);
      const second = await fetch(url('lan-2'), { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(second.status).toBe(503);
      await second.arrayBuffer();
      // …while the desktop still gets its own.
      const local = await core.handler(new Request(`reelvault://app/media/transcode/${id}?viewer=desk`));
      expect(local.status).toBe(200);
      await local.body?.cancel();
      ac.abort();
    } finally {
      await s.close();
      await core.close();
    }
  });
});

describe("the old dashboard's routes", () => {
  const files = {
    'cam-1/rec_20261120_100000.mp4': 'cam-modern/h264_aac.mp4',
    'cam-1/rec_20261121_100000.avi': 'cam-legacy/xvid.avi',
    'cam-2/rec_20261122_100000.mkv': 'cam-modern/h264_aac.mkv',
    'cam-2/with space+plus#hash%.mp4': 'cam-modern/h264_noaudio.mp4',
    'cam-2/empty.mp4': 'broken/empty.mp4',
  };

  it('lists videos with the old shape, newest first, with a real status and plan', async () => {
    const t = await share(files);
    try {
      const r = await (await t.get('/videos/?limit=3', t.auth)).json() as { videos: Array<Record<string, unknown>>; total_count: number; page: number; total_pages: number };
      expect(r).toMatchObject({ total_count: 5, page: 1, total_pages: 2 });
      expect(r.videos).toHaveLength(3);
      const byName = Object.fromEntries((await (await t.get('/videos/?limit=500', t.auth)).json() as typeof r).videos.map((v) => [v.filename, v]));
      expect(byName['rec_20261120_100000.mp4']).toEqual({
        file_id: t.id('rec_20261120_100000.mp4'), camera_name: 'cam-1', filename: 'rec_20261120_100000.mp4', file_size_bytes: fs.statSync(path.join(t.root, 'cam-1/rec_20261120_100000.mp4')).size,
        format: 'mp4', status: 'completed', created_at: Math.floor(new Date(2026, 10, 20, 10).getTime() / 1000), is_streamable: true, needs_conversion: false,
      });
      expect(byName['rec_20261121_100000.avi']).toMatchObject({ format: 'avi', is_streamable: false, needs_conversion: true });
      expect(byName['rec_20261122_100000.mkv']).toMatchObject({ is_streamable: false, needs_conversion: true });
      expect(byName['empty.mp4']).toMatchObject({ status: 'error', is_streamable: false });
    } finally { await t.close(); }
  });

  it('filters by exact camera and by dates, and validates paging', async () => {
    const t = await share(files);
    try {
      const names = async (q: string) => ((await (await t.get(`/videos/?${q}`, t.auth)).json()) as { videos: Array<{ filename: string }> }).videos.map((v) => v.filename);
      expect(await names('camera_name=cam-1')).toEqual(['rec_20261121_100000.avi', 'rec_20261120_100000.mp4']);
      expect(await names('camera_name=cam')).toEqual([]); // exact, not "contains"
      expect(await names('camera_name=cam-1&start_date=2026-11-21')).toEqual(['rec_20261121_100000.avi']);
      expect(await names('start_date=2026-11-20&end_date=2026-11-21')).toEqual(['rec_20261121_100000.avi', 'rec_20261120_100000.mp4']);
      expect(await names(`end_date=${encodeURIComponent(new Date(2026, 10, 20, 10).toISOString())}`)).toEqual(['rec_20261120_100000.mp4']);
      for (const q of ['limit=-1', 'limit=0', 'limit=501', 'limit=abc', 'page=0', 'page=-3', 'start_date=yesterday', 'end_date=2026-02-30']) {
        const r = await t.get(`/videos/?${q}`, t.auth);
        expect(r.status, q).toBe(422);
        expect(await r.json()).toHaveProperty('detail');
      }
      const far = await (await t.get('/videos/?page=1000000000', t.auth)).json() as { videos: unknown[]; total_count: number };
      expect(far).toMatchObject({ videos: [], total_count: 5 });
    } finally { await t.close(); }
  });

  it('streams, transcodes and thumbnails by our id and by the old path form, with hostile ids refused', async () => {
    const t = await share(files);
    try {
      const mp4 = t.id('rec_20261120_100000.mp4');
      const full = fs.readFileSync(path.join(t.root, 'cam-1/rec_20261120_100000.mp4'));
      const range = await t.get(`/videos/${mp4}/stream`, { ...t.auth, Range: 'bytes=0-99' });
      expect(range.status).toBe(206);
      expect(Buffer.from(await range.arrayBuffer()).equals(full.subarray(0, 100))).toBe(true);
      const q = await t.get(`/videos/stream?file_id=${mp4}`, t.auth, { method: 'HEAD' });
      expect(Number(q.headers.get('content-length'))).toBe(full.length);
      // The old service's ids: quote_plus of the path, in the URL path or the query.
      const oldId = encodeURIComponent('cam-2/with space+plus#hash%.mp4').replace(/%20/g, '+');
      const old = await t.get(`/videos/${encodeURIComponent(oldId)}/stream`, { ...t.auth, Range: 'bytes=0-9' });
      expect(old.status).toBe(206);
      await old.arrayBuffer();
      const oldQ = await t.get(`/videos/stream?file_id=${encodeURIComponent(oldId)}`, { ...t.auth, Range: 'bytes=0-9' });
      expect(oldQ.status).toBe(206);
      await oldQ.arrayBuffer();
      const thumb = await t.get(`/videos/thumbnail?file_id=${mp4}&width=160&height=90`, t.auth);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
      await thumb.arrayBuffer();
      const tr = await t.get(`/videos/${t.id('rec_20261121_100000.avi')}/stream-transcoded?start_time=0.5`, t.auth);
      expect(tr.status).toBe(200);
      expect(tr.headers.get('x-reelvault-start')).toBe('0.500');
      await tr.arrayBuffer();
      for (const hostile of ['..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', 'cam-1%2F..%2F..%2Fetc%2Fpasswd', '..', '%00']) {
        for (const action of ['stream', 'thumbnail', 'stream-transcoded']) {
          expect((await t.get(`/videos/${hostile}/${action}`, t.auth)).status).toBe(404);
          expect((await t.get(`/videos/${action}?file_id=${hostile}`, t.auth)).status).toBe(404);
        }
      }
    } finally { await t.close(); }
  });
});

describe('reelvault serve (the built command)', () => {
  const cli = fileURLToPath(new URL('../../out/main/cli/reelvault.js', import.meta.url));
  it.skipIf(!fs.existsSync(cli))('prints its URLs and pairing link, serves, and stops within 2 s on SIGTERM with no ffmpeg left', async () => {
    const root = tmpDir();
    fs.mkdirSync(path.join(root, 'cam'));
    // A name no other test uses, so looking for leftover ffmpeg by it finds only ours.
    const unique = `serve-sigterm-${process.pid}-${Date.now()}.avi`;
    fs.copyFileSync(fixture('cam-legacy/vga_10s.avi'), path.join(root, 'cam', unique));
    const child = spawn(process.execPath, [cli, 'serve', '--library', root, '--host', '127.0.0.1', '--port', '0', '--token', TOKEN, '--data-dir', tmpDir(), '--rescan', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const deadline = Date.now() + 15_000;
    while (!/Stop with Ctrl-C/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(/Sharing 1 video from /);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
    expect(out).toMatch(new RegExp(`${url.replace(/[.]/g, '\\.')}pair\\?code=[A-Za-z0-9_-]{22}\n`));
    expect(out).not.toContain(TOKEN);
    expect(out).toMatch(/Trusted without pairing: no address ranges/);
    const list = await (await fetch(`${url}videos/`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json() as { videos: Array<{ file_id: string }> };
    // A transcode in flight when the signal comes.
    const ac = new AbortController();
    const tr = await fetch(`${url}videos/${list.videos[0]!.file_id}/stream-transcoded`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: ac.signal });
    expect(tr.status).toBe(200);
    const t = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    ac.abort();
    expect(code).toBe(0);
    expect(Date.now() - t).toBeLessThan(2000);
    const left = await new Promise<string>((r) => { const p = spawn('pgrep', ['-f', unique]); let o = ''; p.stdout.on('data', (d) => { o += d; }); p.on('close', () => r(o.trim())); });
    expect(left).toBe('');
  });
});

describe('trusted ranges are parsed strictly', () => {
  it.each([
    ['10.0.0.0/', false], ['10.0.0.0/33', false], ['::1/129', false], ['garbage', false], ['', false], ['10.0.0.0/8/8', false], ['10.0.0.0/08', false],
    ['10.0.0.0/8', true], ['192.168.1.20', true], ['192.168.1.20/32', true], ['fd00::/8', true], ['0.0.0.0/0', true],
  ])('%j is %s', (text, ok) => {
    expect(isCidr(text)).toBe(ok);
  });

  it.each(['timeline/xvid_mp3.avi', 'timeline/divx5_bframes_mp3.avi', 'timeline/h264_mp2.avi', 'timeline/mpeg2_ac3.vob', 'timeline/start_offset.ts'])('stream-transcoded?start_time=3 of %s begins at 0, is 3 s shorter, with audio beside the video', async (src) => {
    const name = `rec${path.extname(src)}`;
    const t = await share({ [`cam-1/${name}`]: src });
    try {
      const res = await t.get(`/videos/${t.id(name)}/stream-transcoded?start_time=3`, t.auth);
      expect(res.status).toBe(200);
      const out = path.join(tmpDir(), 'out.mp4');
      fs.writeFileSync(out, Buffer.from(await res.arrayBuffer()));
      const times = async (stream: string) => (await runMedia('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', out], { timeoutMs: 20_000 }))
        .stdout.toString().split('\n').filter((l) => l.trim()).map(Number).sort((a, b) => a - b);
      const video = await times('v:0');
      const audio = await times('a:0');
      // The old service's contract: a timeline from 0, as long as what is left after 3 s.
      expect(video[0]).toBeLessThan(0.05);
      expect(Math.abs(video.at(-1)! - (TIMELINE_SECONDS - 3))).toBeLessThan(0.1);
      expect(Math.abs(audio[0]! - video[0]!)).toBeLessThan(0.05);
      expect(Math.abs(audio.at(-1)! - video.at(-1)!)).toBeLessThan(0.1);
      // ...and no jump: every frame follows the last by one frame's time.
      expect(video.slice(1).reduce((m, v, i) => Math.max(m, v - video[i]!), 0)).toBeLessThan(0.061);
    } finally {
      await t.close();
    }
  }, 30_000);

  it('never reads a missing prefix length as /0: "10.0.0.0/" trusts nobody', () => {
    expect(inCidrs('192.168.7.7', ['10.0.0.0/'])).toBe(false);
    expect(inCidrs('10.1.2.3', ['10.0.0.0/'])).toBe(false);
    expect(inCidrs('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(inCidrs('192.168.1.20', ['192.168.1.20'])).toBe(true);
    expect(inCidrs('192.168.1.21', ['192.168.1.20'])).toBe(false);
  });

  it('the settings schema answers a malformed range with a field error', () => {
    const r = SettingsSchema.safeParse({ share: { trustedCidrs: ['10.0.0.0/'] } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/address range like 192\.168\.1\.0\/24/);
    expect(JSON.stringify(r.error?.issues[0]?.path)).toContain('trustedCidrs');
    expect(SettingsSchema.safeParse({ share: { trustedCidrs: ['192.168.1.0/24'] } }).success).toBe(true);
  });
});

describe('reelvault serve --trust', () => {
  it.each(['10.0.0.0/', '10.0.0.0/33', 'garbage', ''])('refuses %j with exit 2 and a clear message', async (bad) => {
    let err = '';
    const code = await runServe(['--library', tmpDir(), '--data-dir', tmpDir(), '--trust', bad], { write: () => true }, { write: (s: string) => { err += s; return true; } });
    expect(code).toBe(2);
    expect(err).toMatch(/^reelvault serve: --trust: .*(address range like 192\.168\.1\.0\/24|prefix length must be 0 to 32)/);
  });
});
