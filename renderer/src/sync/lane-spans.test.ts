import { describe, expect, it } from 'vitest';
import type { TimelineSpan } from '../../../contract/api.js';
import { continuationOf, gapOfAll, nextStart, recordingAt } from './lane-spans.js';

const span = (id: string, start: number, end: number, height?: number): TimelineSpan => ({ id, start, end, inProgress: false, ...(height ? { height } : {}) });

describe('lane spans', () => {
  const spans = [span('a', 0, 600_000, 1080), span('sub', 0, 600_000, 360), span('b', 601_000, 1_200_000), span('c', 1_900_000, 2_000_000)];

  it('finds the recording at a moment, nearest the tile size among a main and a sub stream', () => {
    expect(recordingAt(spans, 1000, 300)!.id).toBe('sub');
    expect(recordingAt(spans, 1000, 1000)!.id).toBe('a');
    expect(recordingAt(spans, 600_500)).toBeNull();
    expect(nextStart(spans, 600_500)!.id).toBe('b');
    expect(recordingAt([{ start: 0, end: 10, count: 2, firstId: 'g', inProgress: false }], 5)).toBeNull();
  });

  it('plays on within 2 s (5 s for mtime times), at the overlap when the two overlap, and names a longer gap', () => {
    expect(continuationOf(spans, spans[0]!, false)).toMatchObject({ next: { id: 'b' }, gapMs: 1000, offsetSec: 0, contiguous: true });
    expect(continuationOf(spans, spans[2]!, false)).toMatchObject({ next: { id: 'c' }, gapMs: 700_000, contiguous: false });
    const overlapping = [span('x', 0, 10_000), span('y', 9_000, 20_000)];
    expect(continuationOf(overlapping, overlapping[0]!, false)).toMatchObject({ next: { id: 'y' }, offsetSec: 1, contiguous: true });
    const loose = [span('x', 0, 10_000), span('y', 14_000, 20_000)];
    expect(continuationOf(loose, loose[0]!, false)!.contiguous).toBe(false);
    expect(continuationOf(loose, loose[0]!, true)!.contiguous).toBe(true);
    expect(continuationOf(spans, spans[3]!, false)).toBeNull();
  });

  it('finds the gap when every camera is between recordings, and when the first records again', () => {
    const a = [span('a1', 0, 20_000), span('a2', 20_000 + 52 * 60_000, 30 * 3600_000)];
    const b = [span('b1', 0, 15_000)];
    // One still records: no gap.
    expect(gapOfAll([a, b], 18_000)).toBeNull();
    expect(gapOfAll([a, b], 21_000)).toEqual({ at: 20_000 + 52 * 60_000, ms: 52 * 60_000 });
    // Nothing after: nothing to offer.
    expect(gapOfAll([b], 16_000)).toBeNull();
    // A seam between two files is no gap.
    expect(gapOfAll([[span('x', 0, 10_000), span('y', 11_000, 20_000)]], 10_500)).toBeNull();
    // Before any recording: from t.
    expect(gapOfAll([b], -120_000)).toEqual({ at: 0, ms: 120_000 });
  });
});
