import { describe, expect, it } from 'vitest';
import { around, busyStretches, skipStep, TOP_RATE, union, unknownStretches, type Interval } from './skip-quiet.js';

// Seconds throughout (the functions take any one unit): lead 1, shortest quiet 2.
const L = 1, Q = 2;

describe('busy stretches: what plays at the chosen speed', () => {
  it.each<[string, Array<{ events: Interval[]; unknown: Interval[] }>, Interval[]]>([
    ['one camera, one burst: from 1 s before it', [{ events: [{ from: 20, to: 24 }], unknown: [] }], [{ from: 19, to: 24 }]],
    ['bursts 1.5 s apart stay one stretch (no hop to 16× for a moment)', [{ events: [{ from: 20, to: 24 }, { from: 26.5, to: 28 }], unknown: [] }], [{ from: 19, to: 28 }]],
    ['bursts far apart stay apart', [{ events: [{ from: 20, to: 24 }, { from: 70, to: 75 }], unknown: [] }], [{ from: 19, to: 24 }, { from: 69, to: 75 }]],
    ['quiet only when quiet on every camera', [
      { events: [{ from: 10, to: 14 }], unknown: [] },
      { events: [{ from: 30, to: 33 }], unknown: [] },
      { events: [{ from: 12, to: 16 }], unknown: [] },
    ], [{ from: 9, to: 16 }, { from: 29, to: 33 }]],
    ['not analysed yet is not known to be quiet', [{ events: [], unknown: [{ from: 40, to: 60 }] }, { events: [{ from: 5, to: 6 }], unknown: [] }],
      [{ from: 4, to: 6 }, { from: 40, to: 60 }]],
    ['no activity anywhere: everything is quiet', [{ events: [], unknown: [] }], []],
  ])('%s', (_, cams, want) => {
    expect(busyStretches(cams, L, Q)).toEqual(want);
  });
});

describe('one step of the schedule', () => {
  const busy = [{ from: 19, to: 24 }, { from: 69, to: 75 }];
  it.each<[string, number, { t: number; fast: boolean } | null, { rate: number; fast: boolean; seekTo?: number; untilChange: number }]>([
    ['quiet at the start: top speed until the lead of the first burst', 0, null, { rate: TOP_RATE, fast: true, untilChange: 19 }],
    ['inside a burst: the chosen speed to its end', 21, null, { rate: 2, fast: false, untilChange: 3 }],
    ['a fast run that just reached the lead: chosen speed, no jump', 19.5, { t: 18.9, fast: true }, { rate: 2, fast: false, untilChange: 4.5 }],
    ['a fast run past the lead by more than half of it: back to the lead', 20.2, { t: 18.5, fast: true }, { rate: 2, fast: false, seekTo: 19, untilChange: 5 }],
    ['a fast run that jumped over a whole burst: back to its lead', 30, { t: 17, fast: true }, { rate: 2, fast: false, seekTo: 19, untilChange: 5 }],
    ['after a seek into a burst: stays there (the user chose it)', 22, null, { rate: 2, fast: false, untilChange: 2 }],
    ['after a burst: fast again until the next', 30, { t: 23.9, fast: false }, { rate: TOP_RATE, fast: true, untilChange: 39 }],
    ['after the last burst: fast to the end', 80, { t: 79, fast: true }, { rate: TOP_RATE, fast: true, untilChange: Infinity }],
  ])('%s', (_, t, prev, want) => {
    expect(skipStep(busy, t, 2, prev, TOP_RATE, L / 2)).toEqual(want);
  });

  it('played through, every moment of every burst runs at the chosen speed, however coarse the steps', () => {
    const events = [{ from: 20, to: 24 }, { from: 70, to: 75 }, { from: 90, to: 90.5 }];
    const b = busyStretches([{ events, unknown: [] }], L, Q);
    for (const wallTick of [0.04, 0.25, 0.7]) {
      let t = 0, prev: { t: number; fast: boolean } | null = null;
      const seen: Array<[number, number]> = [];
      for (let guard = 0; t < 120 && guard < 100_000; guard++) {
        const s = skipStep(b, t, 1, prev, TOP_RATE, L / 2);
        if (s.seekTo !== undefined) t = s.seekTo;
        seen.push([t, s.rate]);
        prev = { t, fast: s.fast };
        t += s.rate * wallTick;
      }
      // Every sampled moment inside a true event played at 1×, and each event was sampled.
      for (const e of events) {
        const inside = seen.filter(([at]) => at >= e.from && at < e.to);
        expect(inside.length, `${e.from} at tick ${wallTick}`).toBeGreaterThan(0);
        expect(inside.every(([, r]) => r === 1)).toBe(true);
      }
      expect(seen.filter(([at]) => at > 30 && at < 60).every(([, r]) => r === TOP_RATE)).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('finds the stretch holding t and the next one', () => {
    const busy = [{ from: 1, to: 2 }, { from: 5, to: 6 }];
    expect(around(busy, 0)).toEqual({ inside: null, next: busy[0] });
    expect(around(busy, 1.5)).toEqual({ inside: busy[0], next: busy[1] });
    expect(around(busy, 3)).toEqual({ inside: null, next: busy[1] });
    expect(around(busy, 6)).toEqual({ inside: null, next: null });
  });
  it('merges intervals', () => {
    expect(union([{ from: 5, to: 6 }, { from: 1, to: 3 }, { from: 2, to: 4 }, { from: 4.5, to: 4.5 }])).toEqual([{ from: 1, to: 4 }, { from: 5, to: 6 }]);
  });
  it('finds recorded steps without a level: not analysed yet', () => {
    // Steps of 10 from 0; recordings 0–25 and 40–60.
    const levels = [0.1, null, null, null, null, 0.3];
    expect(unknownStretches(levels, 0, 10, [{ from: 0, to: 25 }, { from: 40, to: 60 }])).toEqual([{ from: 10, to: 25 }, { from: 40, to: 50 }]);
  });
});
