// The share under hostile clients (issue 28 §2): requests that never finish, too many
// connections from one address, methods no route takes, bodies too large to read, pairing links
// cut short, and numbers in URLs that are not numbers. Raw sockets where a client would hide it.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../service/core.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { setLogSink } from '../util/log.js';
import { DeviceStore, PAIRING_TTL_MS } from './devices.js';
import { startShare, type RunningShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

async function share(files: Record<string, string> = {}, opts: Partial<Parameters<typeof startShare>[1]> = {}) {
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
  return { core, s, get, auth, id, async close() { await s.close(); await core.close(); } };
}

interface RawAnswer {
  /** Everything the server sent until it closed the connection. */
  text: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A chunked body's data (the first answer's, up to its last chunk). */
function unchunk(body: string): string {
  let out = '';
  for (let rest = body; ;) {
    const m = /^([0-9a-f]+)\r\n/i.exec(rest);
    const n = m ? parseInt(m[1]!, 16) : 0;
    if (!m || n === 0) return out;
    out += rest.slice(m[0].length, m[0].length + n);
    rest = rest.slice(m[0].length + n + 2);
  }
}

/** A raw connection that sends `data` (and nothing more, never ending its side); resolves once the server closes it. */
function raw(port: number, data: string | Buffer, more?: (socket: net.Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    socket.on('connect', () => { if (data.length) socket.write(data); more?.(socket); });
    socket.on('data', (c: Buffer) => got.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(got).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: headers['transfer-encoding'] === 'chunked' ? unchunk(body) : body });
    });
  });
}

/** The share's own answer: its security headers and the usual { ok: false, code, message }. */
function expectShareAnswer(a: RawAnswer, status: number, code: string): void {
  expect(a.status).toBe(status);
  expect(a.headers['x-content-type-options']).toBe('nosniff');
  expect(a.headers['referrer-policy']).toBe('no-referrer');
  expect(a.headers['x-reelvault-share']).toMatch(/^[A-Za-z0-9_-]{16,32}$/);
  expect(JSON.parse(a.body)).toMatchObject({ ok: false, code, message: expect.any(String) });
}

let logged: string[] = [];
afterEach(() => { setLogSink(null); logged = []; });

describe('the share under hostile clients', () => {
  it('answers 408 and closes a socket that sends nothing, half its headers, or a body that never ends', async () => {
    // Deadlines shortened for the test (10 s and 30 s by default); Node's own stay behind them.
    const t = await share({}, { timeouts: { headersTimeout: 300, requestTimeout: 1200 } });
    try {
      const [nothing, partial, body] = await Promise.all([
        raw(t.s.port, ''),
        raw(t.s.port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '),
        raw(t.s.port, 'POST /pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"co'),
      ]);
      expectShareAnswer(nothing, 408, 'timeout');
      expect(JSON.parse(nothing.body).message).toMatch(/headers must arrive within/);
      expectShareAnswer(partial, 408, 'timeout');
      expectShareAnswer(body, 408, 'timeout');
      expect(JSON.parse(body.body).message).toMatch(/whole request must arrive within/);
      // The share still answers others.
      expect((await t.get('/health')).status).toBe(200);
    } finally { await t.close(); }
  });

  it('a kept-alive connection gets the same deadline for its next request', async () => {
    const t = await share({}, { timeouts: { headersTimeout: 300, requestTimeout: 1200, keepAliveTimeout: 60_000 } });
    try {
      const a = await raw(t.s.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', (s) => {
        s.once('data', () => s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
      });
      expect(a.text).toMatch(/^HTTP\/1\.1 200 /);
      expect(a.text).toMatch(/HTTP\/1\.1 408 Request Timeout/);
      expect(a.text).toMatch(/"code":"timeout","message":"the request did not arrive in time: its headers/);
    } finally { await t.close(); }
  });

  it('past the connections allowed per address, answers 503 with Retry-After and Connection: close, not a reset', async () => {
    const t = await share({}, { maxConnectionsPerAddress: 4 });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const s = net.connect(t.s.port, '127.0.0.1');
        s.on('error', () => undefined);
        held.push(s);
      }
      await expect.poll(() => new Promise<number>((r) => t.s.server.getConnections((_e, n) => r(n)))).toBe(4);
      const over = await raw(t.s.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expectShareAnswer(over, 503, 'busy');
      expect(over.headers['retry-after']).toBe('5');
      expect(over.headers.connection).toBe('close');
      for (const s of held) s.destroy();
      await expect.poll(() => new Promise<number>((r) => t.s.server.getConnections((_e, n) => r(n)))).toBe(0);
      expect((await t.get('/health')).status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await t.close();
    }
  });

  it('shows an unpaired browser how to pair on every page it asks for', async () => {
    const renderer = tmpDir();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Reelvault</title>');
    const t = await share({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' }, { rendererDir: renderer });
    try {
      const html = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
      for (const p of ['/', '/index.html', '/timeline', '/player/abc', '/videos/', `/media/file/${t.id('a.mp4')}`, '/no/such/page']) {
        const r = await t.get(p, html);
        expect(r.status, p).toBe(401);
        expect(r.headers.get('content-type'), p).toMatch(/^text\/html/);
        const text = await r.text();
        expect(text, p).toMatch(/needs pairing/);
        expect(text, p).toMatch(/pairing link/);
      }
    } finally { await t.close(); }
  });

  it('says "not valid" for a pairing code never issued or cut short, and "expired" for one that was real', async () => {
    const t = await share();
    try {
      const fresh = new URL(await t.s.pairingLink()).searchParams.get('code')!;
      const expired = await DeviceStore.newPairingCode(t.core.dataDir, Date.now() - PAIRING_TTL_MS - 1000);
      const page = async (code: string) => (await t.get(`/pair?code=${code}`)).text();
      expect(await page(fresh.slice(0, 12))).toMatch(/This pairing link is not valid/);
      expect(await page('nonsense')).toMatch(/This pairing link is not valid/);
      expect(await page(expired)).toMatch(/This pairing link has expired/);
      const post = async (code: string) => (await t.get('/pair', { 'Content-Type': 'application/json' }, { method: 'POST', body: JSON.stringify({ code }) })).json() as Promise<{ message: string }>;
      expect((await post(fresh.slice(0, 12))).message).toMatch(/not valid/);
      expect((await post(expired)).message).toMatch(/has expired/);
      // The real one still pairs.
      expect((await t.get(`/pair?code=${fresh}`)).status).toBe(303);
    } finally { await t.close(); }
  });

  it('refuses a large body to /pair with 413 without reading it, and lets the connection go', async () => {
    const t = await share();
    try {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      // Declared: 400 MB; the client sends 64 KB and then waits.
      const declared = await raw(t.s.port, Buffer.concat([Buffer.from('POST /pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400000000\r\n\r\n'), chunk]));
      expectShareAnswer(declared, 413, 'bad-request');
      // In chunks, never ending: read up to the cap, no further.
      const chunked = await raw(t.s.port, Buffer.concat([Buffer.from(`POST /pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      expectShareAnswer(chunked, 413, 'bad-request');
      // A GET carries no body at all.
      const get = await raw(t.s.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n');
      expectShareAnswer(get, 413, 'bad-request');
      expect((await t.get('/health')).status).toBe(200);
    } finally { await t.close(); }
  });

  it('answers TRACE and every other method a route does not take with 405, the share\'s headers and Allow, and logs no stack', async () => {
    const t = await share({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    setLogSink((line) => logged.push(line), 'debug');
    try {
      for (const [method, p, allow] of [
        ['TRACE', '/', 'GET, HEAD, OPTIONS'], ['TRACE', '/health', 'GET, HEAD, OPTIONS'], ['PATCH', `/media/file/${t.id('a.mp4')}`, 'GET, HEAD, OPTIONS'],
        ['TRACE', '/api/query', 'POST, OPTIONS'], ['DELETE', '/pair', 'GET, HEAD, POST, OPTIONS'], ['PUT', '/videos/', 'GET, HEAD, OPTIONS'],
      ] as const) {
        const a = await raw(t.s.port, `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`);
        expectShareAnswer(a, 405, 'read-only');
        expect(a.headers.allow, `${method} ${p}`).toBe(allow);
      }
      expect(logged.filter((l) => /error|\n\s+at /.test(l))).toEqual([]);
    } finally { await t.close(); }
  });

  it('reads every number in a URL strictly: NaN, abc, Infinity and 0x10 are a 400 like -1, not 0 s or 16 s', async () => {
    const t = await share({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    try {
      const id = t.id('a.mp4');
      for (const v of ['NaN', 'abc', 'Infinity', '0x10', '1e1', '-1']) {
        const media = await t.get(`/media/transcode/${id}?start=${v}`, t.auth);
        expect(media.status, `start=${v}`).toBe(400);
        expect(await media.json()).toMatchObject({ ok: false, code: 'out-of-range' });
        const legacy = await t.get(`/videos/${id}/stream-transcoded?start_time=${v}`, t.auth);
        expect(legacy.status, `start_time=${v}`).toBe(400);
        await legacy.body?.cancel();
        for (const q of [`w=${v}`, `t=${v}`]) expect((await t.get(`/media/thumb/${id}?${q}`, t.auth)).status, q).toBe(v === '-1' ? 200 : 400);
        expect((await t.get(`/media/clip/${id}?from=${v}&to=2`, t.auth)).status, `from=${v}`).toBe(400);
      }
      const ok = await t.get(`/media/transcode/${id}?start=1`, t.auth);
      expect(ok.status).toBe(200);
      await ok.body?.cancel();
    } finally { await t.close(); }
  });
});
