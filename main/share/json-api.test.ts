// The JSON API and event stream as HTTP: bad input, auth, reconnects, vanished clients, many viewers.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryChange } from '../../contract/api.js';
import { fixture } from '../test-support/fixtures.js';
import { shareHarness, TEST_TOKEN, type ShareHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { MAX_BODY } from './json-api.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(20);
  }
}

/** A raw SSE reader: collects the text, can be dropped like a closed laptop lid. */
function rawStream(base: string, cookie: string, headers: Record<string, string> = {}, localAddress?: string) {
  let text = '';
  let status = 0;
  const req = http.get(`${base}/api/events`, { headers: { Cookie: cookie, ...headers }, ...(localAddress ? { localAddress } : {}) }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', (c: string) => { text += c; });
  });
  req.on('error', () => undefined);
  return { get text() { return text; }, get status() { return status; }, drop: () => req.destroy() };
}

describe('share JSON API over HTTP', () => {
  let h: ShareHarness;
  beforeAll(async () => {
    const rendererDir = fileTmpDir('rv-web-');
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reelvault</title>');
    h = await shareHarness({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4', 'cam-1/b.avi': 'cam-legacy/mpeg4.avi' }, { heartbeatMs: 150, rendererDir });
  });
  afterAll(async () => { await h?.close(); });

  const post = (op: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${h.base}/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: h.cookie, ...headers }, body });

  it('refuses malformed input with a clear error', async () => {
    const cases: Array<[Response, number, RegExp]> = [
      [await post('query', '{not json'), 400, /not valid JSON/],
      [await post('query', '{"limit": 5}'), 400, /JSON array/],
      [await post('query', '[{"limit": "five"}]'), 400, /query: argument 0\.limit/],
      [await post('query', '[{"limit": 5, "evil": true}]'), 400, /evil|unrecognized/i],
      [await post('item', '[]'), 400, /item/],
      [await post('doTheThing', '[]'), 400, /unknown operation/],
      [await post('__proto__', '[]'), 400, /unknown operation/],
      [await post('toString', '[]'), 400, /unknown operation/],
      [await post('query', '[{}]', { 'Content-Type': 'text/plain' }), 415, /must be JSON/],
      [await post('regenerateToken', '[]'), 403, /only the owner of this Reelvault/],
      [await post('chooseFolder', '[]'), 403, /only the person at the Reelvault computer/],
      [await post('saveSnapshot', JSON.stringify([{ id: 'AAAAAAAAAAAAAAAAAAAAAA', positionSec: 1, png: [1, 2, 3] }])), 403, /only the owner of this Reelvault/],
      [await fetch(`${h.base}/api/query`, { headers: { Cookie: h.cookie } }), 400, /POST/],
    ];
    for (const [res, status, message] of cases) {
      expect(res.status).toBe(status);
      const body = await res.json() as { ok: boolean; code: string; message: string };
      expect(body.ok).toBe(false);
      expect(body.message).toMatch(message);
    }
  });

  it('refuses oversized bodies, declared or streamed, without reading them all', async () => {
    const big = Buffer.alloc(MAX_BODY + 10, 0x20);
    const declared = await post('query', big);
    expect(declared.status).toBe(413);
    // Chunked, no Content-Length: cut off once it passes the limit.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${h.base}/api/query`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: h.cookie, 'Transfer-Encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < MAX_BODY * 4) {
          sent += 64 * 1024;
          if (!req.write(Buffer.alloc(64 * 1024, 0x20))) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    }).catch(() => 413); // the server may close before the client finishes writing
    expect(status).toBe(413);
  });

  it('needs the pairing cookie, refuses foreign pages, and keeps POST off every other route', async () => {
    expect((await fetch(`${h.base}/api/query`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[{}]' })).status).toBe(401);
    expect((await fetch(`${h.base}/api/events`)).status).toBe(401);
    expect((await post('query', '[{}]', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('query', '[{}]', { Origin: h.base })).status).toBe(200);
    const legacy = await fetch(`${h.base}/videos/`, { method: 'POST', headers: { Cookie: h.cookie } });
    expect(legacy.status).toBe(405);
    const bearer = await fetch(`${h.base}/api/query`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` }, body: '[{"limit":1}]' });
    expect(((await bearer.json()) as { value: { total: number } }).value.total).toBe(2);
  });

  it('serves the web build at / with a strict CSP, and a pairing page to an unpaired browser', async () => {
    const page = await fetch(`${h.base}/`, { headers: { Cookie: h.cookie } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("media-src 'self' blob:");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const unpaired = await fetch(`${h.base}/`, { headers: { Accept: 'text/html' } });
    expect(unpaired.status).toBe(401);
    expect(await unpaired.text()).toMatch(/needs pairing/);
  });

  it('streams with a heartbeat, and forgets a client that vanished', async () => {
    const before = h.events.subscribers;
    const s = rawStream(h.base, h.cookie);
    await until(() => s.text.includes(': hb'));
    expect(s.status).toBe(200);
    expect(s.text).toMatch(/^retry: 2000\n\n/);
    expect(s.text).toMatch(/event: roots\ndata: \[/);
    expect(h.events.subscribers).toBe(before + 1);
    s.drop();
    await until(() => h.events.subscribers === before);
  });

  it('reconnects after the server drops it and resumes without losing a change', async () => {
    const api = h.transport('reconnecting-viewer');
    const changes: LibraryChange[] = [];
    const off = api.onLibraryChange((c) => changes.push(c));
    const offState = api.onRootStatus(() => undefined);
    await until(() => h.events.subscribers > 0);
    const subs = h.events.subscribers;
    // Every open connection is cut (as by a restarting router); a change happens meanwhile.
    h.share.server.closeAllConnections();
    h.events.libraryChanged(['missed-while-away'], []);
    await until(() => changes.some((c) => c.updated.includes('missed-while-away')), 15_000).catch(() => { throw new Error(`changes ${JSON.stringify(changes)}`); });
    expect(changes.some((c) => c.reset)).toBe(false); // resumed, not reset
    await until(() => h.events.subscribers === subs).catch(() => { throw new Error(`subscribers ${h.events.subscribers} vs ${subs}`); });
    off();
    offState();
    await until(() => h.events.subscribers === subs - 1);
  }, 20_000);

  it('reconnects when the stream goes silent (a dead link sends no error)', async () => {
    const states: string[] = [];
    const api = (await import('../../renderer/src/transport/http-transport.js')).createHttpTransport({
      base: h.base, viewer: 'silent', headers: () => ({ Cookie: h.cookie }), silenceMs: 400, onConnection: (s) => states.push(s),
    });
    // Heartbeats every 150 ms keep it open…
    const off = api.onScanProgress(() => undefined);
    await tick(1000); // a second of heartbeats, longer than the 400 ms of silence: the case under test
    expect(states.filter((s) => s === 'reconnecting')).toHaveLength(0);
    off();
    // …a server that sends nothing does not.
    const quiet = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/event-stream' }); res.write('retry: 50\n\n'); });
    await new Promise<void>((r) => quiet.listen(0, '127.0.0.1', r));
    const states2: string[] = [];
    const api2 = (await import('../../renderer/src/transport/http-transport.js')).createHttpTransport({
      base: `http://127.0.0.1:${(quiet.address() as { port: number }).port}`, viewer: 'q', silenceMs: 200, onConnection: (s) => states2.push(s),
    });
    const off2 = api2.onScanProgress(() => undefined);
    await until(() => states2.filter((s) => s === 'reconnecting').length >= 2, 5000);
    off2();
    quiet.closeAllConnections();
    await new Promise((r) => quiet.close(r));
  });

  it('carries 200 viewers at once, then lets them all go', async () => {
    const before = h.events.subscribers;
    // Each from its own address (all of 127/8 is this machine): one address holds at most 64.
    const streams = Array.from({ length: 200 }, (_, i) => rawStream(h.base, h.cookie, {}, `127.0.1.${i + 1}`));
    await until(() => h.events.subscribers === before + 200, 20_000);
    h.events.libraryChanged(['for-everyone'], []);
    await until(() => streams.every((s) => s.text.includes('for-everyone')), 10_000);
    for (const s of streams) s.drop();
    await until(() => h.events.subscribers === before, 10_000);
  }, 40_000);

  it('sends a copied-in burst of files as a few events ≥ 250 ms apart carrying every id', async () => {
    const api = h.transport('burst');
    const got: Array<{ at: number; c: LibraryChange }> = [];
    const before = h.events.subscribers;
    const off = api.onLibraryChange((c) => got.push({ at: Date.now(), c }));
    await until(() => h.events.subscribers > before); // listening before the files come
    const dir = path.join(h.root, 'burst');
    fs.mkdirSync(dir);
    const src = fs.readFileSync(fixture('cam-modern/h264_aac.mp4'));
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `f${i}.mp4`), src);
    const inBurst = () => h.library.query({ text: 'burst', status: ['ok'], limit: 0 }).total;
    await until(() => inBurst() === 200, 20_000);
    const received = () => new Set(got.flatMap((g) => g.c.updated));
    await until(() => h.library.query({ text: 'burst', limit: 1000 }).items.every((e) => received().has(e.id)), 10_000).catch(() => undefined);
    off();
    const ids = received();
    const missing = h.library.query({ text: 'burst', limit: 1000 }).items.filter((e) => !ids.has(e.id));
    expect(missing.map((e) => e.filename), `events: ${got.map((g) => g.c.updated.length).join(',')}`).toEqual([]);
    for (let i = 1; i < got.length; i++) expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(200);
  }, 30_000);
});
