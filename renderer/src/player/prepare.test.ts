import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemDetails, MediaUrlRequest, ReelvaultApi } from '../../../preload/api.js';
import { Preparer } from './prepare.js';

function box(type: string, payload: number): Buffer {
  const b = Buffer.alloc(8 + payload);
  b.writeUInt32BE(8 + payload);
  b.write(type, 4, 'latin1');
  return b;
}

/** A share stand-in: an init segment, then a fragment every 20 ms until the client goes. */
async function fakeShare() {
  const seen: { url: string; fragmentsWritten: number; closed: boolean }[] = [];
  const server = http.createServer((req, res) => {
    const s = { url: req.url!, fragmentsWritten: 0, closed: false };
    seen.push(s);
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'X-Reelvault-Mode': 'transcode' });
    res.write(Buffer.concat([box('ftyp', 16), box('moov', 64)]));
    const t = setInterval(() => { s.fragmentsWritten++; res.write(Buffer.concat([box('moof', 32), box('mdat', 64 * 1024)])); }, 20);
    res.on('close', () => { s.closed = true; clearInterval(t); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function fakeApi(base: string, calls: string[]): ReelvaultApi {
  const details = { entry: { id: 'x' }, probe: null, plan: { mode: 'transcode', videoReasons: [], audio: 'aac', audioStream: 1, sourceStart: 0 } } as unknown as ItemDetails;
  return {
    item: async (id: string) => { calls.push(`item ${id}`); return { ok: true, value: details }; },
    playerState: async () => ({ ok: true, value: { positionSec: 12.5, updatedAt: 0 } }),
    mediaUrl: (r: MediaUrlRequest) => `${base}/media/${r.kind}/${r.id}?start=${r.kind === 'transcode' ? r.start : ''}&prepare=${r.kind === 'transcode' && r.prepare ? 1 : 0}`,
  } as unknown as ReelvaultApi;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let share: Awaited<ReturnType<typeof fakeShare>> | null = null;
afterEach(async () => { await share?.close(); share = null; });

describe('Preparer', () => {
  it('after the delay, opens a prepared session at the resume position and reads it to its second fragment only', async () => {
    share = await fakeShare();
    const calls: string[] = [];
    const p = new Preparer(fakeApi(share.base, calls));
    p.allow(true);
    p.intent('x', 50);
    await wait(20);
    expect(calls).toEqual([]); // not yet
    while (!p.take('x')) await wait(10);
    expect(share.seen[0]!.url).toBe('/media/transcode/x?start=12.5&prepare=1');
    expect(calls).toEqual(['item x']);
  });

  it('holds exactly two fragments, and ends the stream when the intent moves on', async () => {
    share = await fakeShare();
    const p = new Preparer(fakeApi(share.base, []));
    p.allow(true);
    p.intent('x', 0);
    let ready = null;
    await expect.poll(() => share!.seen.length).toBe(1);
    await wait(300); // the share keeps writing; the page reads no further than two fragments
    p.intent('y', 10_000);
    await expect.poll(() => share!.seen[0]!.closed).toBe(true);
    expect(p.take('x')).toBeNull();
    p.allow(true);
    p.intent('x', 0);
    await expect.poll(() => { ready = p.take('x'); return ready !== null; }).toBe(true);
    const held = ready! as { kind: string; stream: { chunks: Uint8Array[] } };
    const bytes = held.stream.chunks.reduce((n, c) => n + c.length, 0);
    expect(bytes).toBeGreaterThanOrEqual(2 * (40 + 64 * 1024));
    expect(bytes).toBeLessThan(3 * (40 + 64 * 1024) + 88);
  });

  it('does nothing while turned off, and a pass shorter than the delay asks for nothing', async () => {
    share = await fakeShare();
    const calls: string[] = [];
    const p = new Preparer(fakeApi(share.base, calls));
    p.intent('x', 0);
    await wait(50);
    p.allow(true);
    p.intent('y', 60);
    await wait(20);
    p.leave('y');
    await wait(100);
    expect(calls).toEqual([]);
    expect(share.seen).toEqual([]);
  });
});
