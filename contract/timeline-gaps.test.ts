import { describe, expect, it } from 'vitest';
import { gapsIn } from './timeline-gaps.js';

const span = (start: number, end: number) => ({ id: `s${start}`, start, end, inProgress: false });

describe('gaps in an interval', () => {
  it('names the stretches without recording, not the seams between files', () => {
    expect(gapsIn([span(0, 10_000), span(10_500, 20_000), span(30_000, 40_000)], 5_000, 50_000)).toEqual([
      { start: 20_000, end: 30_000 }, { start: 40_000, end: 50_000 },
    ]);
    expect(gapsIn([span(8_000, 12_000)], 0, 10_000)).toEqual([{ start: 0, end: 8_000 }]);
    expect(gapsIn([{ ...span(5_000, 5_000), unknownLength: true }], 0, 10_000)).toEqual([]);
    // Overlapping recordings (a main and a sub stream) leave no gap between them.
    expect(gapsIn([span(0, 10_000), span(2_000, 8_000), span(9_000, 20_000)], 0, 20_000)).toEqual([]);
  });
});
