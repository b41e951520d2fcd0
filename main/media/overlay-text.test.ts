// The overlay's words and its segments: the fixed evidence form, and the splits at a
// daylight-saving change and at midnight (Europe/Berlin, 29 March 2026: 02:00 CET → 03:00 CEST).
import { describe, expect, it } from 'vitest';
import { drawtextTimeText, evidenceTime, offsetLabel, timeSegments } from './overlay-text.js';
import { timecodeSrt } from './timecode-srt.js';

const BERLIN = 'Europe/Berlin';
const springForward = Date.UTC(2026, 2, 29, 1, 0, 0); // 02:00 CET = 03:00 CEST

describe('evidence time', () => {
  it.each([
    [Date.UTC(2026, 2, 8, 13, 32, 7, 480), BERLIN, '2026-03-08 14:32:07.480 +01:00'],
    [springForward - 1, BERLIN, '2026-03-29 01:59:59.999 +01:00'],
    [springForward, BERLIN, '2026-03-29 03:00:00.000 +02:00'],
    [Date.UTC(2026, 2, 8, 7, 0, 0), 'America/New_York', '2026-03-08 03:00:00.000 -04:00'],
    [Date.UTC(2026, 0, 1, 0, 0, 0, 5), 'Asia/Kolkata', '2026-01-01 05:30:00.005 +05:30'],
  ])('%s in %s reads %s', (t, zone, text) => {
    expect(evidenceTime(t, zone)).toBe(text);
  });

  it('says offsets with sign, hours and minutes', () => {
    expect(offsetLabel(0)).toBe('+00:00');
    expect(offsetLabel(-3.5 * 3600_000)).toBe('-03:30');
  });
});

describe('segments', () => {
  it('split where the offset changes', () => {
    const segs = timeSegments(springForward - 5000, springForward + 5000, BERLIN);
    expect(segs.map((s) => [s.start - springForward, s.end - springForward, s.offset, s.date])).toEqual([
      [-5000, 0, '+01:00', '2026-03-29'], [0, 5000, '+02:00', '2026-03-29'],
    ]);
    expect(segs[0]!.dayMsAtStart).toBe((1 * 3600 + 59 * 60 + 55) * 1000);
    expect(segs[1]!.dayMsAtStart).toBe(3 * 3600 * 1000);
  });

  it('split at midnight, and not elsewhere', () => {
    const midnight = Date.UTC(2026, 5, 1, 22, 0, 0); // 00:00 CEST on 2 June
    const segs = timeSegments(midnight - 90_000, midnight + 90_000, BERLIN);
    expect(segs.map((s) => [s.date, s.end - s.start])).toEqual([['2026-06-01', 90_000], ['2026-06-02', 90_000]]);
    expect(timeSegments(midnight + 1000, midnight + 3600_000, BERLIN)).toHaveLength(1);
  });

  it('a whole day across the autumn change is two segments, the first 3 h longer than its wall time says', () => {
    const day = Date.UTC(2026, 9, 24, 22, 0, 0); // 00:00 CEST on 25 October
    const segs = timeSegments(day, day + 25 * 3600_000, BERLIN);
    expect(segs.map((s) => [s.offset, (s.end - s.start) / 3600_000])).toEqual([['+02:00', 3], ['+01:00', 22]]);
  });

  it('drawtext text: date, time fields from t, offset and the source frame', () => {
    const [seg] = timeSegments(springForward - 5000, springForward - 1000, BERLIN);
    const text = drawtextTimeText(seg!, springForward - 5000, 4, 25);
    expect(text.startsWith('2026-03-29 %{eif:floor(round(t*1000+7195000)/3600000):d:2}:')).toBe(true);
    expect(text).toContain(' +01:00  frame %{eif:round((t+4.000000)*25)+0:d}');
  });
});

describe('timecode subtitles', () => {
  it('one cue per wall-clock second, across the change', () => {
    const srt = timecodeSrt([{ startMs: springForward - 1500, seconds: 2.5, at: 0 }], BERLIN);
    expect(srt).toBe([
      '1\n00:00:00,000 --> 00:00:00,500\n2026-03-29 01:59:58 +01:00\n',
      '2\n00:00:00,500 --> 00:00:01,500\n2026-03-29 01:59:59 +01:00\n',
      '3\n00:00:01,500 --> 00:00:02,500\n2026-03-29 03:00:00 +02:00\n',
    ].join('\n'));
  });

  it('a second piece carries on where the first ended in the file', () => {
    const srt = timecodeSrt([{ startMs: springForward, seconds: 1, at: 0 }, { startMs: springForward + 60_000, seconds: 1, at: 1 }], BERLIN);
    expect(srt).toContain('2\n00:00:01,000 --> 00:00:02,000\n2026-03-29 03:01:00 +02:00\n');
  });
});
