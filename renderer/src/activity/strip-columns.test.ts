import { describe, expect, it } from 'vitest';
import { NONE, runsOf, stripColumns, UNKNOWN } from './strip-columns.js';

describe('a lane strip in pixel columns', () => {
  it('takes the most activity per column, tells gaps from unanalysed recordings, and marks the pixel pass', () => {
    // Window 0–100 over 10 columns; steps of 5 from 0; recorded 0–60 and 80–100.
    const levels: (number | null)[] = [0, 0.2, 0.9, 0.1, null, null, 0, 0, null, null, null, null, null, null, null, null, 0.5, 0.5, 0, 0];
    const source = levels.map((_, i) => (i < 4 ? 'pixels' : 'sizes') as 'pixels' | 'sizes');
    const c = stripColumns({ from: 0, stepMs: 5, levels, source }, [{ start: 0, end: 60 }, { start: 80, end: 100 }], 0, 100, 10);
    expect([...c.level].map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 0.9, UNKNOWN, 0, UNKNOWN, UNKNOWN, NONE, NONE, 0.5, 0]);
    expect([...c.pixels]).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('spreads a step wider than a column over the columns it covers', () => {
    const c = stripColumns({ from: 0, stepMs: 50, levels: [1, 0], source: ['pixels', 'pixels'] }, [{ start: 0, end: 100 }], 0, 100, 4);
    expect([...c.level]).toEqual([1, 1, 0, 0]);
  });
  it('draws nothing but "not analysed" before any answer, and nothing at all outside recordings', () => {
    const c = stripColumns(null, [{ start: 50, end: 75 }], 0, 100, 4);
    expect([...c.level]).toEqual([NONE, NONE, UNKNOWN, NONE]);
  });
  it('groups columns into runs of one kind', () => {
    const steps = { from: 0, stepMs: 10, levels: [0.5, 0.5, 0.5, 1, null], source: ['pixels', 'pixels', 'sizes', 'sizes', 'sizes'] as const };
    const c = stripColumns(steps, [{ start: 0, end: 50 }], 0, 60, 6);
    expect(runsOf(c)).toEqual([
      { x: 0, w: 2, bucket: 4, pixels: true }, { x: 2, w: 1, bucket: 4, pixels: false },
      { x: 3, w: 1, bucket: 8, pixels: false }, { x: 4, w: 1, bucket: UNKNOWN, pixels: false },
    ]);
  });
});
