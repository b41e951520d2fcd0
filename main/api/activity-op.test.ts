// Proof of issue 31 §4 through the contract: the ground-truth scene in six codecs, one camera each,
// asked of the `activity` operation over the LAN share's HTTP API. With the pixel pass held, sizes
// alone already find the events in MPEG-4, H.264 VBR, HEVC and MPEG-2 (and say nothing in the
// blind two); once `pending` is 0, every codec's events meet recall ≥ 95 % and false events
// ≤ 10 % of the quiet time. The `activity` event tells of each lane's change.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityChange, ActivityLane, ReelvaultApi } from '../../contract/api.js';
import { ipcHarness, shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { makeScene, SCENE_CODECS, scoreEvents, type SceneCodec } from '../test-support/activity-scene.js';
import { fileTmpDir } from '../test-support/tmp.js';

const SECONDS = 40;
const MOVERS = [{ from: 8, to: 11 }, { from: 25, to: 29 }];
const SIZES_SEE: SceneCodec[] = ['mpeg4', 'h264-vbr', 'hevc', 'mpeg2'];
const TRUTH = MOVERS;

let h: ShareHarness;
let release: () => void;
const heard: ActivityChange[] = [];
let off: () => void = () => undefined;
/** Per codec: its lane key and the epoch ms its recording starts at. */
const lanes = new Map<SceneCodec, { key: string; start: number }>();

beforeAll(async () => {
  const root = fileTmpDir('rv-act-lib-');
  // One camera per codec; the name's timestamp places each recording on the timeline.
  await Promise.all(SCENE_CODECS.map(async (codec) => {
    const dir = path.join(root, `cam-${codec}`);
    fs.mkdirSync(dir);
    await makeScene(dir, '20261120_143000', { codec, seconds: SECONDS, movers: MOVERS });
  }));
  h = await shareHarness(root);
  release = h.core.activity.holdPixels();
  off = h.api.onActivity((c) => heard.push(c));
  const tl = await h.api.timeline({ from: 0, to: 4e12 });
  if (!tl.ok) throw new Error(tl.message);
  for (const lane of tl.value.lanes) {
    const codec = lane.camera.replace(/^cam-/, '') as SceneCodec;
    lanes.set(codec, { key: lane.key, start: lane.spans[0]!.start });
  }
}, 240_000);

afterAll(async () => {
  release?.();
  off();
  await h?.close();
});

async function laneOf(api: ReelvaultApi, codec: SceneCodec): Promise<ActivityLane> {
  const { key, start } = lanes.get(codec)!;
  const r = await api.activity({ lanes: [key], from: start, to: start + SECONDS * 1000, stepMs: 1000 });
  if (!r.ok) throw new Error(r.message);
  return r.value.lanes[0]!;
}

/** Events in seconds from the recording's start, scored against the truth. */
function score(codec: SceneCodec, lane: ActivityLane): ReturnType<typeof scoreEvents> {
  const { start } = lanes.get(codec)!;
  return scoreEvents(TRUTH, lane.events.map((e) => ({ from: (e.from - start) / 1000, to: (e.to - start) / 1000 })), SECONDS);
}

describe('activity operation on the ground truth', () => {
  it('refuses what is not a question', async () => {
    const bad = await h.api.activity({ lanes: ['../etc'], from: 0, to: 1000, stepMs: 1000 });
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
    const backwards = await h.api.activity({ lanes: [lanes.get('mpeg4')!.key], from: 1000, to: 0, stepMs: 1000 });
    expect(backwards).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('answers at most 10,000 steps a lane, saying the step it used', async () => {
    const { key, start } = lanes.get('mpeg4')!;
    const r = await h.api.activity({ lanes: [key], from: start - 86400_000, to: start + 86400_000, stepMs: 1 });
    expect(r.ok).toBe(true);
    const lane = r.ok ? r.value.lanes[0]! : null;
    expect(lane!.stepMs).toBe(Math.ceil(2 * 86400_000 / 10_000));
    expect(lane!.levels.length).toBe(10_000);
    expect(lane!.source.length).toBe(10_000);
  });

  it('from sizes alone: finds the events where the codec lets it, and claims none where it is blind', async () => {
    for (const codec of SIZES_SEE) {
      // The sizes pass has run once some step has a level.
      await expect.poll(async () => (await laneOf(h.api, codec)).levels.some((l) => l !== null), { timeout: 120_000 }).toBe(true);
      const lane = await laneOf(h.api, codec);
      expect(lane.pending).toBe(1);
      expect(lane.source.every((s) => s === 'sizes')).toBe(true);
      const s = score(codec, lane);
      expect({ codec, ...s, ok: s.recall >= 0.95 && s.falseShare <= 0.1 }).toEqual({ codec, ...s, ok: true });
    }
    for (const codec of ['h264-cbr', 'mjpeg'] as const) {
      const entry = h.library.query({ limit: 20 }).items.find((e) => e.camera === `cam-${codec}`)!;
      // Asking is what queues a recording nobody looked at yet (the background fill is off here).
      const blind = async (): Promise<string | null | undefined> => {
        await laneOf(h.api, codec);
        return h.core.activity.store.read(h.core.activity.versionOf(entry))?.blind;
      };
      await expect.poll(blind, { timeout: 120_000 })
        .toBe(codec === 'mjpeg' ? 'intra-only' : 'constant-bitrate');
      const lane = await laneOf(h.api, codec);
      expect(lane.events).toEqual([]);
      expect(lane.pending).toBe(1);
    }
  }, 240_000);

  it('once pending is 0, pixels find every event in all six codecs', async () => {
    release();
    for (const codec of SCENE_CODECS) {
      await expect.poll(async () => (await laneOf(h.api, codec)).pending, { timeout: 180_000 }).toBe(0);
      const lane = await laneOf(h.api, codec);
      expect(lane.source.filter((s) => s === 'pixels').length).toBeGreaterThan(SECONDS * 0.9);
      const s = score(codec, lane);
      expect({ codec, ...s, ok: s.recall >= 0.95 && s.falseShare <= 0.1 }).toEqual({ codec, ...s, ok: true });
    }
    // At coarse steps (a day at 1 min) each recording is read at a glance: the same events.
    const { key, start } = lanes.get('mpeg4')!;
    const day = await h.api.activity({ lanes: [key], from: start - 43200_000, to: start + 43200_000, stepMs: 60_000 });
    const coarse = day.ok ? day.value.lanes[0]! : null;
    const fine = await laneOf(h.api, 'mpeg4');
    expect(coarse!.events).toEqual(fine.events);
    expect(coarse!.levels.filter((l) => l !== null).length).toBe(1);
    expect(coarse!.source[720]).toBe('pixels');
    // Each lane's change was told on the event stream.
    await expect.poll(() => new Set(heard.flatMap((c) => c.lanes.map((l) => l.key))).size, { timeout: 30_000 }).toBe(SCENE_CODECS.length);
    // Over the time the recording covers (its length as the analysis read it, unprobed or not).
    const told = heard.flatMap((c) => c.lanes).filter((l) => l.key === key);
    expect(told.some((l) => l.from === start && l.to - l.from >= (SECONDS - 1) * 1000)).toBe(true);
  }, 240_000);

  it('a camera mask keeps its cells out: masking the whole picture leaves no event', async () => {
    const { key } = lanes.get('mpeg4')!;
    // Over the share the tuning is read, never set.
    expect(await h.api.activityTuning(key)).toEqual({ ok: true, value: { lane: key, maskCells: [], sensitivity: 1 } });
    expect(await h.api.setActivityTuning({ lane: key, maskCells: [0], sensitivity: 1 })).toMatchObject({ ok: false, code: 'unavailable' });
    h.core.activity.store.setTuning(key, { mask: (1n << 144n) - 1n, sensitivity: 1 });
    const lane = await laneOf(h.api, 'mpeg4');
    expect(lane.events).toEqual([]);
    expect(Math.max(...lane.levels.map((l) => l ?? 0))).toBe(0);
    h.core.activity.store.setTuning(key, { mask: 0n, sensitivity: 1 });
    expect((await laneOf(h.api, 'mpeg4')).events.length).toBeGreaterThan(0);
  });

  it('answers over IPC too, where the desktop sets a mask', async () => {
    const ipc = await ipcHarness(h.root);
    try {
      const tl = await ipc.api.timeline({ from: 0, to: 4e12 });
      const lane = tl.ok ? tl.value.lanes.find((l) => l.camera === 'cam-mpeg4')! : null;
      const start = lane!.spans[0]!.start;
      const ask = () => ipc.api.activity({ lanes: [lane!.key], from: start, to: start + SECONDS * 1000, stepMs: 500 });
      await expect.poll(async () => { const r = await ask(); return r.ok ? r.value.lanes[0]!.pending : -1; }, { timeout: 180_000 }).toBe(0);
      const r = await ask();
      expect(r.ok && r.value.lanes[0]!.levels.length).toBe(SECONDS * 2);
      const set = await ipc.api.setActivityTuning({ lane: lane!.key, maskCells: [0, 143], sensitivity: 2 });
      expect(set).toEqual({ ok: true, value: { lane: lane!.key, maskCells: [0, 143], sensitivity: 2 } });
    } finally {
      await ipc.close();
    }
  }, 240_000);
});
