import { describe, expect, it } from 'vitest';
import { stretchProblem } from './stretch.js';

describe('stretchProblem', () => {
  it.each([
    // from, to, exportable
    [0, 0, false], // I and O at the same moment (a paused player)
    [5, 2, false],
    [NaN, 3, false],
    [0, 0.04, true], // one frame
    [1_764_838_800_000, 1_764_838_802_000, true], // epoch ms, the sync view's marks
  ])('%s to %s: exportable %s', (from, to, ok) => {
    expect(stretchProblem(from, to) === null).toBe(ok);
    if (!ok) expect(stretchProblem(from, to)).not.toMatch(/argument/);
  });
});
