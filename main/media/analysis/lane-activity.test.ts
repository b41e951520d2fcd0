// One lane's answer from stored analysis: steps, nulls where nothing was recorded, events merged
// across files and gaps under 2 s, pending, and the mask and sensitivity applied to stored cells.
import { describe, expect, it } from 'vitest';
import type { StoredActivity } from './activity-store.js';
import { laneActivity, mergeEvents, stepFor } from './lane-activity.js';

const T = 1_800_000_000_000;
const pixels = (levels: number[], cells?: bigint[]): StoredActivity => ({
  seconds: levels.length, blind: null, pixels: 'done', sizeLevels: null, pixelLevels: Float32Array.from(levels),
  cells: () => cells ?? levels.map((l) => (l ? 1n : 0n)),
});
const sizes = (levels: number[], blind: string | null = null): StoredActivity => ({
  seconds: levels.length, blind, pixels: 'none', sizeLevels: Float32Array.from(levels), pixelLevels: null, cells: null,
});
const untuned = { mask: 0n, sensitivity: 1 };

describe('lane activity', () => {
  it('widens the step past 10,000 steps and says so', () => {
    expect(stepFor({ from: 0, to: 86400_000, stepMs: 1000 })).toEqual({ stepMs: 8640, steps: 10_000 });
    expect(stepFor({ from: 0, to: 60_000, stepMs: 1000 })).toEqual({ stepMs: 1000, steps: 60 });
  });

  it('levels per step, null where nothing was recorded, source per step, pending by recorded time', () => {
    const q = { lanes: ['k'], from: T, to: T + 10_000, stepMs: 2000 };
    const lane = laneActivity('k', q, [
      { start: T, end: T + 4000, activity: pixels([0, 0.5, 0, 0.25]) },
      { start: T + 6000, end: T + 8000, activity: sizes([0.1, 0]) },
    ], untuned);
    expect(lane.levels.map((l) => (l === null ? null : Math.round(l * 100)))).toEqual([50, 25, null, 10, null]);
    expect(lane.source).toEqual(['pixels', 'pixels', 'sizes', 'sizes', 'sizes']);
    expect(lane.pending).toBeCloseTo(2 / 6);
  });

  it('merges events across gaps under 2 s, across files too', () => {
    expect(mergeEvents([{ from: 0, to: 1000, peak: 0.2 }, { from: 2500, to: 3000, peak: 0.5 }, { from: 6000, to: 7000, peak: 0.1 }]))
      .toEqual([{ from: 0, to: 3000, peak: 0.5 }, { from: 6000, to: 7000, peak: 0.1 }]);
    const q = { lanes: ['k'], from: T, to: T + 20_000, stepMs: 1000 };
    const lane = laneActivity('k', q, [
      { start: T, end: T + 5000, activity: pixels([0, 0, 0, 0, 0.5]) },
      { start: T + 5000, end: T + 10_000, activity: pixels([0.5, 0, 0, 0, 0]) },
    ], untuned);
    expect(lane.events).toEqual([{ from: T + 4000, to: T + 6000, peak: 0.5 }]);
    expect(lane.pending).toBe(0);
  });

  it('blind sizes give no level; a mask removes its cells; sensitivity scales', () => {
    const q = { lanes: ['k'], from: T, to: T + 3000, stepMs: 1000 };
    expect(laneActivity('k', q, [{ start: T, end: null, activity: sizes([0, 0, 0], 'constant-bitrate') }], untuned).levels).toEqual([null, null, null]);
    const a = pixels([0.125, 0.0625, 0], [0b11n, 0b100n, 0n]);
    const masked = laneActivity('k', q, [{ start: T, end: null, activity: a }], { mask: 0b100n, sensitivity: 2 });
    expect(masked.levels).toEqual([0.25, 0, 0]);
    expect(masked.events).toEqual([{ from: T, to: T + 1000, peak: 0.25 }]);
  });
});
