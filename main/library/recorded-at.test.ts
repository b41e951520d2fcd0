import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTimestamp, recordedAtFromName } from './recorded-at.js';

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: s });

describe('findTimestamp', () => {
  it.each([
    ['rec_20261120_143000.avi', at(2026, 11, 20, 14, 30, 0)],
    ['2026-11-20T14-30-00.mp4', at(2026, 11, 20, 14, 30, 0)],
    ['cam 2026-11-20 14.30.00.mkv', at(2026, 11, 20, 14, 30, 0)],
    ['20261120143000.mp4', at(2026, 11, 20, 14, 30, 0)],
    ['north_2026-11-20_14-30-05_part2.avi', at(2026, 11, 20, 14, 30, 5)],
    ['2024-02-29T23-59-59.mp4', at(2024, 2, 29, 23, 59, 59)],
  ])('reads %s', (name, want) => {
    expect(findTimestamp(name)).toEqual(want);
  });

  it.each([
    'clip.mp4',
    '2026-11-20.mp4', // a date alone is not a start time
    '2026-13-01T10-00-00.mp4', // month 13
    '2025-02-29T10-00-00.mp4', // not a leap year
    '2026-11-31_10-00-00.mp4', // November has 30 days
    '20261120_246000.mp4', // hour 24
    '2026-11-20T14-30.mp4', // no seconds
    '120261120_143000.mp4', // part of a longer number
    '20261120_1430001.mp4',
    '2026-11-20T14-30_00.mp4', // mixed separators inside the time
  ])('finds nothing in %s', (name) => {
    expect(findTimestamp(name)).toBeNull();
  });
});

describe('recordedAtFromName reads local time, DST included', () => {
  const saved = process.env.TZ;
  beforeAll(() => { process.env.TZ = 'Europe/Berlin'; });
  afterAll(() => { if (saved === undefined) delete process.env.TZ; else process.env.TZ = saved; });

  it('winter is UTC+1, summer UTC+2', () => {
    expect(recordedAtFromName('20260115_120000.mp4')).toBe(Date.UTC(2026, 0, 15, 11, 0, 0));
    expect(recordedAtFromName('20260715_120000.mp4')).toBe(Date.UTC(2026, 6, 15, 10, 0, 0));
  });

  it('hours around the spring-forward change stay in order', () => {
    // 2026-03-29 02:00 local does not exist in Berlin: 01:59:59 +01:00, then 03:00:00 +02:00.
    const before = recordedAtFromName('2026-03-29T01-59-59.mp4')!;
    const after = recordedAtFromName('2026-03-29T03-00-00.mp4')!;
    expect(after - before).toBe(1000);
    // A time inside the gap lands after the jump, never before it.
    expect(recordedAtFromName('2026-03-29T02-30-00.mp4')!).toBeGreaterThan(before);
  });

  it('the repeated hour of the autumn change takes the first occurrence', () => {
    // 2026-10-25 02:30 local happens twice; the first is 00:30 UTC.
    expect(recordedAtFromName('2026-10-25T02-30-00.mp4')).toBe(Date.UTC(2026, 9, 25, 0, 30, 0));
  });
});
