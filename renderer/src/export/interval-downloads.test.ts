import { describe, expect, it } from 'vitest';
import type { TimelineGroup, TimelineSpan } from '../../../contract/api.js';
import { intervalDownloads, unknownLengthIds } from './interval-downloads.js';

const span = (id: string, start: number, end: number, extra: Partial<TimelineSpan> = {}): TimelineSpan => ({ id, start, end, inProgress: false, ...extra });
const lane = (spans: Array<TimelineSpan | TimelineGroup>) => ({ camera: 'gate', spans });

describe('intervalDownloads', () => {
  it('cuts each recording to the interval, in seconds of its file', () => {
    const d = intervalDownloads(lane([span('a', 0, 10_000), span('b', 12_000, 30_000)]), 4000, 20_000);
    expect(d.parts).toEqual([
      { id: 'a', from: 4, to: 10, startMs: 4000, endMs: 10_000 },
      { id: 'b', from: 0, to: 8, startMs: 12_000, endMs: 20_000 },
    ]);
    expect(d.unreadable).toEqual([]);
  });

  it('does not cut a recording overlapped by the one before it twice (a sub stream)', () => {
    const d = intervalDownloads(lane([span('sub', 0, 20_000), span('main', 0, 20_000)]), 5000, 15_000);
    expect(d.parts.map((p) => p.id)).toEqual(['sub']);
  });

  it('names a recording of unknown length in the interval instead of dropping it in silence', () => {
    const broken = span('x', 6000, 6000, { unknownLength: true });
    const d = intervalDownloads(lane([broken, span('b', 12_000, 30_000)]), 4000, 20_000);
    expect(d.parts.map((p) => p.id)).toEqual(['b']);
    expect(d.unreadable).toEqual([broken]);
    expect(unknownLengthIds([lane([broken])], 4000, 20_000)).toEqual(['x']);
    // Before the interval: not ours to name.
    expect(unknownLengthIds([lane([span('y', 1000, 1000, { unknownLength: true })])], 4000, 20_000)).toEqual([]);
  });

  it('has nothing for a camera with no recording in the interval, and skips merged groups', () => {
    const group: TimelineGroup = { start: 0, end: 50_000, count: 3, firstId: 'a', inProgress: false };
    expect(intervalDownloads(lane([span('a', 0, 1000), group]), 4000, 20_000)).toEqual({ camera: 'gate', parts: [], unreadable: [] });
  });
});
