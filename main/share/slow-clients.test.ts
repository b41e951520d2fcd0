// Slow clients must not hold the share: half-sent requests time out, connections are capped
// in all and per address, a stream nobody reads is let go (with its ffmpeg), and only a
// trusted reverse proxy may name the client in X-Forwarded-For.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../service/core.js';
import { runningProcesses } from '../media/ffmpeg.js';
import { tmpDir } from '../test-support/tmp.js';
import { cidrMatcher, parseCidrs } from '../util/cidr.js';
import { clientAddressOf, SERVER_TIMEOUTS, startShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

async function share(opts: Partial<Parameters<typeof startShare>[1]> = {}, makeVideo = false) {
  const root = tmpDir();
  if (makeVideo) {
    // Lossless noise (a keyframe a second): 160 MB, more than the share's buffer and the
    // socket buffers between server and client hold, so ffmpeg is still writing when it stops.
    const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=40', '-vf', 'noise=alls=80:allf=t', '-g', '25',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', path.join(root, 'noise.mkv')]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
  }
  const core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
  await core.library.scan([root]);
  const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, ...opts });
  const ids = core.library.query({ limit: 10 }).items.map((e) => e.id);
  const connections = () => new Promise<number>((resolve) => s.server.getConnections((_e, n) => resolve(n)));
  return { s, ids, connections, async close() { await s.close(); await core.close(); } };
}

/** A socket that sends half a request line and then nothing; resolves when the server closes it. */
function halfRequest(port: number): { closed: Promise<void>; isClosed: () => boolean; socket: net.Socket } {
  const socket = net.connect(port, '127.0.0.1');
  let done = false;
  socket.on('connect', () => socket.write('GET /health HT'));
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => { done = true; resolve(); }));
  return { closed, isClosed: () => done, socket };
}

const until = async (ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('slow clients', () => {
  it('Node\'s timeouts are the ones the issue names', () => {
    expect(SERVER_TIMEOUTS).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 });
  });

  it.each([
    // socket, X-Forwarded-For, trusted proxies → the address limits and trust apply to
    ['192.168.1.9', '10.0.0.5', [], '192.168.1.9'],
    ['127.0.0.1', '10.0.0.5', ['127.0.0.1/32'], '10.0.0.5'],
    ['127.0.0.1', '6.6.6.6, 10.0.0.5', ['127.0.0.1/32'], '10.0.0.5'],
    ['127.0.0.1', '10.0.0.5, 127.0.0.1', ['127.0.0.1/32'], '10.0.0.5'],
    ['127.0.0.1', 'nonsense', ['127.0.0.1/32'], '127.0.0.1'],
    ['127.0.0.1', undefined, ['127.0.0.1/32'], '127.0.0.1'],
  ])('a request from %s with X-Forwarded-For %j (proxies %j) counts as %s', (socket, xff, proxies, want) => {
    expect(clientAddressOf(socket, xff, cidrMatcher(parseCidrs(proxies)))).toBe(want);
  });

  it('closes half-sent requests once the header timeout passes, and caps connections per address', async () => {
    const t = await share({ maxConnectionsPerAddress: 8, timeouts: { headersTimeout: 800 } });
    try {
      const held = Array.from({ length: 12 }, () => halfRequest(t.s.port));
      // Past the cap the rest are closed at once, while the first eight are still waiting.
      await until(() => held.filter((h) => h.isClosed()).length >= 4);
      // Then the header timeout ends the others too.
      await Promise.all(held.map((h) => h.closed));
      const res = await fetch(`http://127.0.0.1:${t.s.port}/health`);
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('past the per-address cap a new connection is refused while the held ones wait, and works again after', async () => {
    const t = await share({ maxConnectionsPerAddress: 4 });
    try {
      const held = Array.from({ length: 4 }, () => halfRequest(t.s.port));
      await until(async () => (await t.connections()) >= 4);
      const extra = halfRequest(t.s.port);
      await extra.closed;
      expect(held.some((h) => h.isClosed())).toBe(false);
      for (const h of held) h.socket.destroy();
      await Promise.all(held.map((h) => h.closed));
      await until(async () => (await t.connections()) === 0);
      expect((await fetch(`http://127.0.0.1:${t.s.port}/health`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy: trust ranges and the wrong-token limiter use the forwarded address', async () => {
    const direct = await share({ trustedCidrs: ['10.9.0.0/16'] });
    const proxied = await share({ trustedCidrs: ['10.9.0.0/16'], trustProxy: ['127.0.0.1/32'] });
    try {
      const get = (port: number, xff: string, headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}/videos/`, { headers: { 'X-Forwarded-For': xff, ...headers } });
      // Not behind a proxy: a client cannot claim to be in a trusted range.
      expect((await get(direct.s.port, '10.9.1.2')).status).toBe(401);
      // Behind the trusted proxy: the forwarded address is trusted, another one is not.
      expect((await get(proxied.s.port, '10.9.1.2')).status).toBe(200);
      expect((await get(proxied.s.port, '192.168.7.7')).status).toBe(401);
      // Wrong tokens block the forwarded address that sent them, not every client of the proxy.
      for (let i = 0; i < 10; i++) await get(proxied.s.port, '192.168.7.7', { Authorization: 'Bearer wrong-wrong-wrong-wrong' });
      expect((await get(proxied.s.port, '192.168.7.7', { Authorization: `Bearer ${TOKEN}` })).status).toBe(429);
      expect((await get(proxied.s.port, '192.168.7.8', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it('closes a stream its client stopped reading, and its ffmpeg ends', async () => {
    const t = await share({ streamIdleMs: 700 }, true);
    try {
      const [id] = t.ids;
      let got = 0;
      let status = 0;
      const req = http.get(`http://127.0.0.1:${t.s.port}/media/transcode/${id}?start=0&mode=copy`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (c: Buffer) => { got += c.length; if (got > 64 * 1024) res.pause(); });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      await until(() => status !== 0);
      expect(status).toBe(200);
      await until(() => got > 0 && runningProcesses().size > 0);
      // The client reads no more: the server lets it go, and ends the ffmpeg feeding it. (The
      // paused client sees the end only once it reads what the kernel still holds for it.)
      await until(async () => (await t.connections()) === 0 && runningProcesses().size === 0, 20_000);
      req.destroy();
    } finally {
      await t.close();
    }
  }, 60_000);
});

