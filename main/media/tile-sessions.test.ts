// Sync tiles: each camera of a sync view is its own session, a conversion scaled to the tile,
// made with ultrafast (and half-size decoding where the decoder can), taking half a slot.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { FIXTURES } from '../test-support/fixture-cases.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { planPlayback } from './playback-plan.js';
import { probeFile } from './probe.js';
import { DEFAULT_TRANSCODE, sessionArgs, slotWeight } from './session-args.js';
import { SessionManager, type SessionRequest } from './sessions.js';
import { SessionSlots } from './session-slots.js';

async function tileRequest(file: string, maxHeight: number, tile: number, extra: Partial<SessionRequest> = {}): Promise<SessionRequest> {
  const probe = await probeFile(file);
  const plan = planPlayback(probe, DEFAULT_CHROMIUM_CAPS, { ext: path.extname(file) });
  return { root: path.dirname(file), file, probe, plan: plan.mode === 'direct' ? { ...plan, mode: 'remux' } : plan, start: 0, viewer: `v#tile${tile}`, kind: 'tile', maxHeight, ...extra };
}

const CONVERTED = FIXTURES.filter((c) => c.plan === 'transcode' && c.picture && c.video);
const COPIED = FIXTURES.filter((c) => (c.plan === 'remux' || c.plan === 'direct') && c.picture && c.video);

describe('sync tile sessions', () => {
  it.each(CONVERTED.map((c) => [c.file, c] as const))('converts %s scaled to half its height', async (file) => {
    const probe = await probeFile(fixture(file));
    const maxHeight = Math.max(32, Math.floor(probe.video!.height / 2 / 2) * 2);
    const m = new SessionManager();
    const s = await m.open(await tileRequest(fixture(file), maxHeight, 0));
    expect(s.mode).toBe('transcode');
    const out = path.join(tmpDir(), 'tile.mp4');
    fs.writeFileSync(out, await buffer(s.body));
    await s.ended;
    const got = await probeFile(out);
    expect(got.video!.height).toBeLessThanOrEqual(maxHeight);
    expect(got.video!.height).toBeGreaterThan(0);
  });

  it.each(COPIED.slice(0, 4).map((c) => [c.file] as const))('never converts %s because of maxHeight', async (file) => {
    const m = new SessionManager();
    const s = await m.open(await tileRequest(fixture(file), 120, 0));
    expect(s.mode).toBe('remux');
    s.abort();
    await s.ended;
  });

  it('asks for ultrafast and half-size decoding of a legacy codec, not of H.264', async () => {
    const legacy = await tileRequest(fixture('cam-legacy/vga_10s.avi'), 240, 0);
    const args = sessionArgs({ input: 'x', probe: legacy.probe, plan: legacy.plan, start: 0, settings: DEFAULT_TRANSCODE, maxHeight: 240 });
    expect(args.slice(0, args.indexOf('-i'))).toContain('-lowres');
    expect(args[args.indexOf('-preset') + 1]).toBe('ultrafast');
    const taller = sessionArgs({ input: 'x', probe: legacy.probe, plan: legacy.plan, start: 0, settings: DEFAULT_TRANSCODE, maxHeight: 360 });
    expect(taller).not.toContain('-lowres'); // more than half the source's height: full-size decoding
    const plain = sessionArgs({ input: 'x', probe: legacy.probe, plan: legacy.plan, start: 0, settings: DEFAULT_TRANSCODE });
    expect(plain[plain.indexOf('-preset') + 1]).toBe('veryfast');
    const h264 = await tileRequest(fixture('cam-modern/hd_1280x720_25.mp4'), 240, 0);
    const forced = { ...h264.plan, mode: 'transcode' as const };
    expect(sessionArgs({ input: 'x', probe: h264.probe, plan: forced, start: 0, settings: DEFAULT_TRANSCODE, maxHeight: 240 })).not.toContain('-lowres');
    expect(slotWeight(forced, 240)).toBe(0.5);
    expect(slotWeight(forced, undefined)).toBe(1);
    expect(slotWeight(h264.plan, 240)).toBe(1);
  });

  it('counts a tile conversion as half a slot: four tiles fit in two slots, and tiles do not replace each other', async () => {
    const file = fixture('cam-legacy/vga_10s.avi');
    const reqs = await Promise.all([0, 1, 2, 3].map((i) => tileRequest(file, 240, i)));
    // Nobody may wait in line: were a tile a whole slot, the third would be refused at once.
    const strict = new SessionManager({ maxTranscodes: 2, queueMax: 0, queueWaitMs: 1 });
    const four = await Promise.all(reqs.map((r) => strict.open(r)));
    for (const t of four) t.abort();
    await Promise.all(four.map((t) => t.ended));
    // Noise converts to more than the pipes hold, so these tiles run until they are ended
    // (a short clip's conversion could finish, and its session end, before the seek below).
    const noisy = path.join(tmpDir(), 'noise.avi');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=60', '-vf', 'noise=alls=80:allf=t', '-c:v', 'mpeg4', '-q:v', '4', noisy]);
    if (made.status !== 0) throw new Error(made.stderr.toString());
    const long = await Promise.all([0, 1, 2, 3].map((i) => tileRequest(noisy, 120, i)));
    const seek = await tileRequest(noisy, 120, 1, { start: 20 });
    const m = new SessionManager({ maxTranscodes: 2 });
    const tiles = await Promise.all(long.map((r) => m.open(r)));
    // A seek in tile 1 replaces tile 1 only (the session's abort signal says who was replaced).
    const aborted = tiles.map((t) => (t as unknown as { ac: AbortController }).ac.signal);
    const again = await m.open(seek);
    expect(aborted.map((sig) => sig.aborted)).toEqual([false, true, false, false]);
    for (const t of [...tiles, again]) t.abort();
    await Promise.all([...tiles, again].map((t) => t.ended));
    expect(m.transcodesRunning).toBe(0);
  });
});

describe('slots of half a conversion', () => {
  it('fits four halves in two slots, refuses a fifth, and lets it in when one half is released', async () => {
    const slots = new SessionSlots({ maxTranscodes: 2, queueWaitMs: 50 });
    const half = { pool: 'transcode' as const, local: false, weight: 0.5 };
    const releases = await Promise.all([0, 1, 2, 3].map(() => slots.acquire(half)));
    expect(slots.inUse('transcode')).toBe(2);
    await expect(slots.acquire(half)).rejects.toMatchObject({ code: 'busy' });
    await expect(slots.acquire({ pool: 'transcode', local: false })).rejects.toMatchObject({ code: 'busy' });
    const waiting = slots.acquire({ ...half });
    releases[0]!();
    const r = await waiting;
    expect(slots.inUse('transcode')).toBe(2);
    // A whole conversion needs a whole slot: two halves released make one.
    r();
    releases[1]!();
    const whole = await slots.acquire({ pool: 'transcode', local: false });
    expect(slots.inUse('transcode')).toBe(2);
    whole();
    releases[2]!();
    releases[3]!();
    expect(slots.inUse('transcode')).toBe(0);
  });
});
