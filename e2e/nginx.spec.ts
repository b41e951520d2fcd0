// Debian's nginx in front of `reelvault serve --trust-proxy`, with the README's configuration
// (docs/nginx-reelvault.conf, only its addresses and cache folder changed): thumbnails come from
// nginx's cache the second time, byte ranges stay byte-exact across its 1 MB slices, and the
// share still checks the credential of every request, cached or not.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileVersion } from '../contract/media-url.js';
import type { LibraryEntry } from '../contract/api.js';
import { freePort } from '../main/test-support/api-harness.js';
import { E2E_TOKEN, startServe, type Served } from './support/serve.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
if (!NGINX) console.log('nginx e2e skipped: no nginx here (Debian: apt install nginx; .ci/run installs it)');

/** The README's configuration, made to run here: each replaced text must occur exactly once. */
function nginxConfig(dir: string, sharePort: number, port: number): string {
  let conf = fs.readFileSync(path.resolve('docs', 'nginx-reelvault.conf'), 'utf8');
  for (const [from, to] of [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${sharePort};`],
    ['listen 80;', `listen 127.0.0.1:${port};`],
    ['/var/cache/nginx/reelvault', path.join(dir, 'cache')],
  ] as const) {
    if (conf.split(from).length !== 2) throw new Error(`docs/nginx-reelvault.conf: expected "${from}" once`);
    conf = conf.replace(from, to);
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(dir, t)};`).join('\n  ');
  return `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
error_log ${path.join(dir, 'error.log')} warn;
pid ${path.join(dir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
${conf}
}
`;
}

describe('the README\'s nginx configuration', () => {
  it('is docs/nginx-reelvault.conf, word for word (the file this test runs)', () => {
    expect(fs.readFileSync('README.md', 'utf8')).toContain('```nginx\n' + fs.readFileSync(path.resolve('docs', 'nginx-reelvault.conf'), 'utf8') + '```');
  });
});

describe.skipIf(!NGINX)('nginx in front of a share (docs/nginx-reelvault.conf)', () => {
  let dir: string;
  let served: Served;
  let nginx: ChildProcess;
  let base: string;
  let big: LibraryEntry;
  let bytes: Buffer;
  const auth = { Authorization: `Bearer ${E2E_TOKEN}` };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-nginx-'));
    // A recording of a few MB, so its ranges cross nginx's 1 MB slices.
    const library = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-nginx-lib-'));
    fs.mkdirSync(path.join(library, 'gate'));
    const file = path.join(library, 'gate', 'big.mp4');
    const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=960x540:rate=25', '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', file]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    bytes = fs.readFileSync(file);
    served = await startServe(library, ['--trust-proxy', '127.0.0.1/32']);
    const port = await freePort();
    const confFile = path.join(dir, 'nginx.conf');
    fs.writeFileSync(confFile, nginxConfig(dir, Number(new URL(served.base).port), port));
    const test = spawnSync(NGINX!, ['-t', '-p', dir, '-c', confFile]);
    expect(test.status, test.stderr.toString()).toBe(0); // nginx itself accepts the configuration
    nginx = spawn(NGINX!, ['-p', dir, '-c', confFile, '-g', 'daemon off;'], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    await vi.waitFor(async () => {
      if (!await fetch(`${base}/health`).then((x) => x.ok, () => false)) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
    }, { timeout: 15_000, interval: 100 });
    await vi.waitFor(async () => {
      const q = await fetch(`${served.base}/api/query`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '[{}]' });
      big = ((await q.json()) as { value: { items: LibraryEntry[] } }).value.items.find((e) => e.filename === 'big.mp4' && e.status === 'ok')!;
      if (!big) throw new Error('the recording was not indexed');
    }, { timeout: 15_000, interval: 100 });
    expect(bytes.length).toBeGreaterThan(2.5 * 1024 * 1024);
  }, 90_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const gone = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGQUIT');
      await gone;
    }
    await served?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a thumbnail from its cache the second time, and only to a request the share accepts', async () => {
    const url = `${base}/media/thumb/${big.id}?w=160&v=${fileVersion(big)}`;
    const first = await fetch(url, { headers: auth });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    const body = Buffer.from(await first.arrayBuffer());
    const second = await fetch(url, { headers: auth });
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(Buffer.from(await second.arrayBuffer()).equals(body)).toBe(true);
    // Cached, yet refused without a credential, or with a wrong one.
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    // A thumbnail whose URL names no version is not kept.
    const plain = `${base}/media/thumb/${big.id}?w=160`;
    await (await fetch(plain, { headers: auth })).arrayBuffer();
    expect((await fetch(plain, { headers: auth })).headers.get('x-cache-status')).toBe('MISS');
  });

  it('keeps byte ranges byte-exact across its 1 MB slices, from the cache too', async () => {
    const MB = 1024 * 1024;
    const url = `${base}/media/file/${big.id}?v=${fileVersion(big)}`;
    const ranges: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      [`bytes=${MB - 10}-${MB + 10}`, MB - 10, MB + 10],
      [`bytes=${MB / 2}-${2 * MB + 5}`, MB / 2, 2 * MB + 5],
      ['bytes=-500', bytes.length - 500, bytes.length - 1],
      [`bytes=${2 * MB}-`, 2 * MB, bytes.length - 1],
    ];
    for (const pass of ['first', 'cached']) {
      for (const [range, start, end] of ranges) {
        const res = await fetch(url, { headers: { ...auth, Range: range } });
        expect(res.status, `${pass} ${range}`).toBe(206);
        expect(res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${bytes.length}`);
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1)), `${pass} ${range}`).toBe(true);
        if (pass === 'cached') expect(res.headers.get('x-cache-status'), range).toBe('HIT');
      }
    }
    const whole = await fetch(url, { headers: auth });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(url, { headers: { Range: 'bytes=0-99' } })).status).toBe(401);
  });

  it('passes the API through uncached, with the share\'s own checks', async () => {
    const q = () => fetch(`${base}/api/query`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '[{}]' });
    const a = await q();
    expect(a.status).toBe(200);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(((await a.json()) as { value: { total: number } }).value.total).toBe(1);
    expect((await fetch(`${base}/api/query`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[{}]' })).status).toBe(401);
    // The old dashboard's ?token= still works through the proxy (the check sees the original address).
    expect((await fetch(`${base}/videos/?token=${E2E_TOKEN}`)).status).toBe(200);
    expect((await fetch(`${base}/videos/`)).status).toBe(401);
  });
});
