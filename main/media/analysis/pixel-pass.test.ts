// The pixel pass on generated scenes: lighting is not motion, the cells tell regions apart, and an
// abort ends ffmpeg at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScene, type SceneSpec } from '../../test-support/activity-scene.js';
import { fileTmpDir } from '../../test-support/tmp.js';
import { openContained, type ContainedFile } from '../contained-file.js';
import { runningProcesses } from '../ffmpeg.js';
import { cellsForRegion, searchRegion } from './region-cells.js';
import { pixelPass, type PixelJob } from './pixel-pass.js';

let dir = '';
const open: ContainedFile[] = [];

beforeAll(() => { dir = fileTmpDir('rv-pixels-'); });
afterAll(async () => { await Promise.all(open.map((f) => f.close())); });

async function job(name: string, spec: SceneSpec): Promise<PixelJob> {
  const scene = await makeScene(dir, name, spec);
  const file = await openContained(dir, scene.file);
  open.push(file);
  return { file, info: { codec: 'mpeg4', width: spec.width ?? 320, keyframeIntervalSec: 1, intraOnly: false } };
}

describe('pixel pass', () => {
  it('does not take lights switching on, or an IR-like contrast jump, for motion', async () => {
    const j = await job('lights', { codec: 'mpeg4', seconds: 20, movers: [], lights: [{ at: 5, brightness: 0.15 }, { at: 12, brightness: -0.1, contrast: 1.4 }] });
    const [a] = await pixelPass([j]);
    expect(a!.events).toEqual([]);
    expect(a!.lighting.flatMap((l, s) => (l ? [s] : []))).toEqual([5, 12]);
  });

  it('keeps the changed cells, so a region finds only its own mover', async () => {
    // A walks in the left half (5–12 s), B in the right half (9–16 s): both move during 9–12.
    const j = await job('two-movers', {
      codec: 'mpeg4', seconds: 20,
      movers: [{ from: 5, to: 12, x0: 0.02, x1: 0.3, y: 0.1 }, { from: 9, to: 16, x0: 0.55, x1: 0.8, y: 0.6 }],
    });
    const [a] = await pixelPass([j]);
    const seconds = a!.cells.map((cells, at) => ({ at, cells }));
    const left = searchRegion(seconds, cellsForRegion({ x0: 0, y0: 0, x1: 0.5, y1: 1 }));
    const right = searchRegion(seconds, cellsForRegion({ x0: 0.5, y0: 0, x1: 1, y1: 1 }));
    expect(left.length).toBeGreaterThanOrEqual(6);
    expect(right.length).toBeGreaterThanOrEqual(6);
    // Each region's seconds lie within its own mover's time (plus the second it vanishes in),
    // never in the other mover's time alone.
    expect(left.every((s) => s >= 5 && s <= 13)).toBe(true);
    expect(right.every((s) => s >= 9 && s <= 17)).toBe(true);
    expect(left).toEqual(expect.arrayContaining([5, 6, 7, 8]));
    expect(right).toEqual(expect.arrayContaining([14, 15, 16]));
  });

  it('stops ffmpeg at once when aborted', async () => {
    const j = await job('long', { codec: 'mpeg4', seconds: 30, movers: [] });
    const ac = new AbortController();
    const pass = pixelPass([j], { signal: ac.signal });
    const rejected = expect(pass).rejects.toThrow('user left');
    await expect.poll(() => runningProcesses().size).toBe(1);
    const child = [...runningProcesses()][0]!;
    ac.abort(new Error('user left'));
    await rejected;
    // Ended by the signal (or by ffmpeg's own SIGTERM handler, which exits with 255), not run to the end.
    const exit = await child.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 255).toBe(true);
  });
});
