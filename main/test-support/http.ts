// A real HTTP server on loopback around a handler, closed after the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { Handler } from '../serve/handler.js';
import { toNodeListener } from '../serve/node-adapter.js';

const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

export async function serveOnLoopback(handler: Handler): Promise<string> {
  const server = http.createServer(toNodeListener(handler));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A raw GET that reads `limit` bytes of the body, then drops the connection. */
export function getThenDrop(url: string, limit: number, headers: Record<string, string> = {}): Promise<{ status: number; got: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let got = 0;
      res.on('data', (c: Buffer) => {
        got += c.length;
        if (got >= limit) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, got });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, got }));
    });
    req.on('error', (e) => { if (!req.destroyed) reject(e); });
  });
}

/** A GET's status on a fresh connection (no pooled socket a restarted server has closed). */
export function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}
