import { afterEach, describe, expect, it } from 'vitest';
import type { ItemDetails, MediaUrlRequest, ReelvaultApi } from '../../../contract/api.js';
import type { HeldStream } from './mse-playback.js';
import { Preparer, type PrepareParts } from './prepare.js';

function box(type: string, payload: number): Uint8Array {
  const b = new Uint8Array(8 + payload);
  new DataView(b.buffer).setUint32(0, 8 + payload);
  b.set([...type].map((c) => c.charCodeAt(0)), 4);
  return b;
}

const FRAGMENT = 40 + 8 + 64 * 1024; // moof + mdat
const INIT = 24 + 72; // ftyp + moov

/** A share stand-in (fetch): an init segment, then fragments for as long as they are read. */
function fakeShare(status = 200) {
  const seen: { url: string; fragmentsPulled: number; closed: boolean }[] = [];
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const s = { url: String(input), fragmentsPulled: 0, closed: false };
    seen.push(s);
    let first = true;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (first) { first = false; c.enqueue(box('ftyp', 16)); c.enqueue(box('moov', 64)); return; }
        s.fragmentsPulled++;
        c.enqueue(box('moof', 32));
        c.enqueue(box('mdat', 64 * 1024));
      },
      cancel() { s.closed = true; },
    }, { highWaterMark: 0 });
    if (status !== 200) return new Response(JSON.stringify({ ok: false, code: 'busy', message: 'no slot is spare' }), { status });
    return new Response(body, { status: 200, headers: { 'X-Reelvault-Mode': 'transcode' } });
  }) as typeof fetch;
  return { base: 'http://share', seen, close: () => { globalThis.fetch = real; } };
}

function fakeApi(base: string, calls: string[]): ReelvaultApi {
  const details = { entry: { id: 'x' }, probe: null, plan: { mode: 'transcode', videoReasons: [], audio: 'aac', audioStream: 1, sourceStart: 0 } } as unknown as ItemDetails;
  return {
    item: async (id: string) => { calls.push(`item ${id}`); return { ok: true, value: details }; },
    playerState: async () => ({ ok: true, value: { positionSec: 12.5, updatedAt: 0 } }),
    mediaUrl: (r: MediaUrlRequest) => `${base}/media/${r.kind}/${r.id}?start=${r.kind === 'transcode' ? r.start : ''}&prepare=${r.kind === 'transcode' && r.prepare ? 1 : 0}`,
  } as unknown as ReelvaultApi;
}

/** Stand-ins for the page's video element and MSE playback: what they were handed. */
function standIns() {
  const started: Array<{ t: number; held: HeldStream }> = [];
  let closed = 0;
  let videos = 0;
  const parts: PrepareParts = {
    video: () => (videos++, { preload: '', muted: false, src: '', currentTime: 0, removeAttribute() {}, load() {}, remove() {} }) as unknown as HTMLVideoElement,
    playback: () => ({
      start: async (t: number, held?: HeldStream) => { started.push({ t, held: held! }); },
      adopt() {},
      suspend() {},
      close() { closed++; void started.at(-1)?.held.reader.cancel(); },
    }),
  };
  return { parts, started, closed: () => closed, videos: () => videos };
}

/**
 * A timer of the test's own, for tests of the Preparer's intent delay: timers run in the order
 * they expire, and the microtasks after each before the next, so a wait shorter than a delay set
 * before it ends before that delay's timer runs, and a longer one after it (however slow the
 * machine). It is never used to wait for work to be done: that is polled for.
 */
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let share: ReturnType<typeof fakeShare> | null = null;
afterEach(() => { share?.close(); share = null; });

describe('Preparer', () => {
  it('after the delay, opens a prepared session at the resume position and reads it to its second fragment only', async () => {
    share = fakeShare();
    const calls: string[] = [];
    const p = new Preparer(fakeApi(share.base, calls), standIns().parts);
    p.allow(true);
    p.intent('x', 50);
    await wait(20);
    expect(calls).toEqual([]); // not yet: 20 ms of the 50 have passed
    await expect.poll(() => p.take('x') !== null).toBe(true);
    expect(share.seen[0]!.url).toBe('http://share/media/transcode/x?start=12.5&prepare=1');
    expect(calls).toEqual(['item x']);
  });

  it('holds exactly two fragments, and ends the stream when the intent moves on', async () => {
    share = fakeShare();
    const made = standIns();
    const p = new Preparer(fakeApi(share.base, []), made.parts);
    p.allow(true);
    p.intent('x', 0);
    let ready = null;
    await expect.poll(() => share!.seen.length).toBe(1);
    // Its fragments held and handed to the playback: reading stopped there, at two.
    await expect.poll(() => made.started.length).toBe(1);
    expect(share.seen[0]!.fragmentsPulled).toBeLessThanOrEqual(3);
    p.intent('y', 10_000);
    await expect.poll(() => share!.seen[0]!.closed).toBe(true);
    expect(p.take('x')).toBeNull();
    p.allow(true);
    p.intent('x', 0);
    await expect.poll(() => { ready = p.take('x'); return ready !== null; }).toBe(true);
    const bytes = made.started.at(-1)!.held.chunks.reduce((n, c) => n + c.length, 0);
    expect(made.started.at(-1)!.t).toBe(12.5);
    expect(bytes).toBe(INIT + 2 * FRAGMENT);
  });

  it('does nothing while turned off, and a pass shorter than the delay asks for nothing', async () => {
    share = fakeShare();
    const calls: string[] = [];
    const p = new Preparer(fakeApi(share.base, calls), standIns().parts);
    p.intent('x', 0);
    await wait(50); // past x's delay: turned off, it set none
    p.allow(true);
    p.intent('y', 60);
    await wait(20); // a pass of 20 ms, shorter than the 60 ms delay
    p.leave('y');
    await wait(100); // past y's delay: its timer went with the pass
    expect(calls).toEqual([]);
    expect(share.seen).toEqual([]);
  });

  it('makes no element when the share has no spare slot', async () => {
    share = fakeShare(503);
    const made = standIns();
    const p = new Preparer(fakeApi(share.base, []), made.parts);
    p.allow(true);
    p.intent('x', 0);
    await expect.poll(() => share!.seen.length).toBe(1);
    // Refused: the preparer gives up on the answer, in microtasks, before any timer of ours runs.
    await wait(0);
    expect(p.take('x')).toBeNull();
    expect(made.videos()).toBe(0);
  });
});
