import { describe, expect, it } from 'vitest';
import { batchesOf } from './tile-batches.js';

const H = 3600_000;

describe('tile activity batches', () => {
  it.each([
    ['one camera, recordings back to back: one call over them all', [
      { key: 'a', from: 0, to: H, stepMs: 36_000 }, { key: 'a', from: H, to: 2 * H, stepMs: 36_000 },
    ], [{ key: 'a', from: 0, to: 2 * H, stepMs: 36_000 }]],
    ['two cameras: one call each', [
      { key: 'a', from: 0, to: 60_000, stepMs: 1000 }, { key: 'b', from: 0, to: 60_000, stepMs: 1000 },
    ], [{ key: 'a', from: 0, to: 60_000, stepMs: 1000 }, { key: 'b', from: 0, to: 60_000, stepMs: 1000 }]],
    ['a month apart at 1 s: split (one call would pass 10,000 steps)', [
      { key: 'a', from: 0, to: 60_000, stepMs: 1000 }, { key: 'a', from: 720 * H, to: 720 * H + 60_000, stepMs: 1000 },
    ], [{ key: 'a', from: 0, to: 60_000, stepMs: 1000 }, { key: 'a', from: 720 * H, to: 720 * H + 60_000, stepMs: 1000 }]],
    ['the finest step of those merged', [
      { key: 'a', from: 0, to: 60_000, stepMs: 1000 }, { key: 'a', from: 60_000, to: 60_000 + H, stepMs: 36_000 },
    ], [{ key: 'a', from: 0, to: 60_000 + H, stepMs: 1000 }]],
    ['a tile of no length asks nothing', [{ key: 'a', from: 5, to: 5, stepMs: 1000 }], []],
  ])('%s', (_, asks, want) => {
    expect(batchesOf(asks)).toEqual(want);
  });
});
