// Another Reelvault's share, from this side: pairing with its link, and a remote that lies,
// stalls or floods being cut off with an error in words (real HTTP on loopback throughout).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { pairWithLink, parsePairingLink, RemoteStore, sourceKey } from './pair-remote.js';
import { readCapped, readEvents, remoteCall, RemoteError, remoteRequest, REMOTE_CAPS, REMOTE_ID, type RemoteTarget } from './remote-client.js';

const SHARE = 'abcdefghijklmnopqrstuv';

/** A server that answers as `handle` says, every answer naming SHARE unless told otherwise. */
async function hostile(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ target: RemoteTarget; close(): Promise<void> }> {
  const server = http.createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    target: { origin: `http://127.0.0.1:${port}`, address: '127.0.0.1', shareId: SHARE, credential: 'c' },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const kindOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof RemoteError ? `${e.kind}: ${e.message}` : String(e)));

describe('pairing with another Reelvault', () => {
  let b: ShareHarness;
  beforeAll(async () => { b = await shareHarness({ 'yard/clip.mp4': 'cam-modern/h264_aac.mp4' }); }, 60_000);
  afterAll(async () => { await b?.close(); });

  it('checks /health, pairs with the code, and its credential then answers the contract; kept by share id, mode 0600', async () => {
    const link = await b.share.pairingLink();
    const r = await pairWithLink(link, 'Room A');
    expect(r).toMatchObject({ shareId: b.share.devices.shareId, address: '127.0.0.1', key: sourceKey(b.share.devices.shareId), label: '127.0.0.1' });
    expect(b.share.devices.list().map((d) => d.label)).toContain('Room A');
    const q = await remoteCall<{ total: number }>(r, 'query', [{}]);
    expect(q).toMatchObject({ ok: true, value: { total: 1 } });
    const data = fileTmpDir('rv-a-');
    const store = await RemoteStore.open(data);
    await store.put(r);
    expect(fs.statSync(path.join(data, 'remotes.json')).mode & 0o777).toBe(0o600);
    expect((await RemoteStore.open(data)).byShare(r.shareId)?.credential).toBe(r.credential);
    // A wrong code is refused in words.
    expect(await kindOf(pairWithLink(link.replace(/code=[\w-]+/, 'code=wrongwrongwrongwrong'), 'x'))).toMatch(/^unauthorized: the other Reelvault refused: this pairing code is not valid/);
  });

  it('sends requests only to the address pinned at pairing, whatever the name in the link', async () => {
    const link = (await b.share.pairingLink()).replace('127.0.0.1', 'cameras.invalid');
    // The share refuses foreign host names (DNS rebinding), so this reaches it and is told so: the pin held.
    expect(await kindOf(pairWithLink(link, 'x', { resolve: async () => '127.0.0.1' }))).toMatch(/^not-reelvault/);
  });

  it('refuses what is not a pairing link, a server that is not a Reelvault, and another API version', async () => {
    for (const l of ['', 'ftp://1.2.3.4/pair?code=x', 'http://1.2.3.4/videos/', 'http://u:p@1.2.3.4/pair?code=x']) {
      expect(await kindOf(pairWithLink(l, 'x'))).toMatch(/that is not a pairing link/);
    }
    const plain = await hostile((_q, res) => res.end('{"status":"ok"}'));
    expect(await kindOf(pairWithLink(`${plain.target.origin}/pair?code=abc`, 'x'))).toMatch(/^not-reelvault/);
    await plain.close();
    const old = await hostile((_q, res) => { res.setHeader('X-Reelvault-Share', SHARE); res.end(JSON.stringify({ status: 'ok', app: 'reelvault', version: '0.0.9', apiVersion: 1, shareId: SHARE })); });
    expect(await kindOf(pairWithLink(`${old.target.origin}/pair?code=abc`, 'x'))).toBe('failed: That Reelvault is version 0.0.9; update it');
    await old.close();
  });
});

describe('a remote that cannot be trusted', () => {
  it('answers garbage: a clear error, not a crash', async () => {
    const h = await hostile((_q, res) => { res.setHeader('X-Reelvault-Share', SHARE); res.end('<html>hello</html>'); });
    expect(await kindOf(remoteCall(h.target, 'query', [{}]))).toMatch(/^bad-answer: .*not JSON/);
    await h.close();
  });

  it('stalls before answering, or goes silent half-way: cut off at the limits', async () => {
    const h = await hostile((req, res) => {
      if (req.url === '/half') { res.setHeader('X-Reelvault-Share', SHARE); res.write('{"ok":'); }
      // otherwise: never answer
    });
    expect(await kindOf(remoteRequest(h.target, '/api/query', { timeouts: { firstByteMs: 300 } }))).toMatch(/^timeout: .* did not answer within 0.3 s/);
    const res = await remoteRequest(h.target, '/half', { timeouts: { idleMs: 300 } });
    expect(await kindOf(readCapped(res, REMOTE_CAPS.json, 'answer'))).toMatch(/stopped sending/);
    await h.close();
  });

  it('sends 10 GB for a thumbnail: cut at 2 MB, with or without a Content-Length', async () => {
    let sent = 0;
    const h = await hostile((req, res) => {
      res.setHeader('X-Reelvault-Share', SHARE);
      if (req.url === '/declared') { res.setHeader('Content-Length', String(10 * 1024 ** 3)); }
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => { while (sent < 10 * 1024 ** 3 && res.write(chunk)) sent += chunk.length; if (!res.destroyed) res.once('drain', pump); };
      pump();
    });
    expect(await kindOf(readCapped(await remoteRequest(h.target, '/declared'), REMOTE_CAPS.thumb, 'thumbnail'))).toMatch(/^too-large: .*thumbnail larger than 2097152 bytes/);
    expect(await kindOf(readCapped(await remoteRequest(h.target, '/stream'), REMOTE_CAPS.thumb, 'thumbnail'))).toMatch(/^too-large/);
    expect(sent).toBeLessThan(64 * 1024 * 1024); // the connection was cut, not drained
    await h.close();
  });

  it('redirects, names another share, or refuses the credential: each said in words', async () => {
    const h = await hostile((req, res) => {
      if (req.url === '/redirect') { res.setHeader('X-Reelvault-Share', SHARE); res.writeHead(302, { Location: 'http://169.254.169.254/' }).end(); return; }
      if (req.url === '/other') { res.setHeader('X-Reelvault-Share', 'zzzzzzzzzzzzzzzzzzzzzz'); res.end('{}'); return; }
      res.setHeader('X-Reelvault-Share', SHARE);
      res.writeHead(401).end('{"ok":false}');
    });
    expect(await kindOf(remoteRequest(h.target, '/redirect'))).toMatch(/^bad-answer: .*redirect, which is not followed/);
    expect(await kindOf(remoteRequest(h.target, '/other'))).toMatch(/^not-reelvault/);
    expect(await kindOf(remoteRequest(h.target, '/api/query'))).toBe('unauthorized: this share no longer accepts this computer (it was unpaired there): pair again');
    await h.close();
  });

  it('is not there: offline, within the connection limit', async () => {
    const h = await hostile(() => undefined);
    await h.close();
    expect(await kindOf(remoteRequest(h.target, '/health'))).toMatch(/^offline/);
    // Never anything but the paired origin.
    expect(await kindOf(remoteRequest(h.target, 'http://127.0.0.1:1/x'))).toMatch(/outside the paired share/);
  });

  it('sends an event line over 1 MB: the stream is cut', async () => {
    const h = await hostile((_q, res) => {
      res.setHeader('X-Reelvault-Share', SHARE);
      res.write('id: 1\nevent: library\ndata: {"updated":[],"removed":[]}\n\n');
      res.write(`data: "${'x'.repeat(REMOTE_CAPS.eventLine + 10)}`);
    });
    const seen: string[] = [];
    expect(await kindOf(readEvents(await remoteRequest(h.target, '/api/events'), (e) => seen.push(e.name)))).toMatch(/^too-large: .*event line/);
    expect(seen).toEqual(['library']);
    await h.close();
  });

  it('ids: only 22 URL-safe characters', () => {
    expect(REMOTE_ID.test('abcdefghijklmnopqrstuv')).toBe(true);
    for (const id of ['../../etc/passwd', 'abc', 'abcdefghijklmnopqrst/v', 'a.bcdefghijklmnopqrstu', `${'a'.repeat(21)}%`]) expect(REMOTE_ID.test(id), id).toBe(false);
    expect(parsePairingLink('http://[::1]:8080/pair?code=abc').host).toBe('::1');
  });
});
