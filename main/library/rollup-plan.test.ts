import { describe, expect, it } from 'vitest';
import { DAY_MS } from './db-schema.js';
import { rollupPlan } from './rollup-plan.js';
import { makeEntry } from './entries.js';
import { tempIndex } from '../test-support/temp-index.js';

const H = 3_600_000;
const D0 = Date.UTC(2026, 2, 10) / DAY_MS;

/** Count of `recs` in [from, to), the way the plan counts it: days from the rollup, ranges from the rows. */
function planned(recs: number[], from: number, to: number): number {
  const p = rollupPlan(from, to);
  const inRange = (a: number, b: number) => recs.filter((r) => r >= a && r < b).length;
  let n = recs.filter((r) => Math.floor(r / DAY_MS) >= p.days[0] && Math.floor(r / DAY_MS) < p.days[1]).length;
  for (const [a, b] of p.add) n += inRange(a, b);
  for (const [a, b] of p.sub) n -= inRange(a, b);
  return n;
}

describe('rollupPlan', () => {
  it.each([
    ['whole days', 0, 3 * 24, { days: [D0, D0 + 3], add: [], sub: [] }],
    ['a week from 01:00: the first day less its first hour, the last day\'s first hour row by row', 1, 7 * 24 + 1,
      { days: [D0, D0 + 7], add: [[(D0 + 7) * DAY_MS, (D0 + 7) * DAY_MS + H]], sub: [[D0 * DAY_MS, D0 * DAY_MS + H]] }],
    ['from late in a day: the rest of it row by row', 20, 48, { days: [D0 + 1, D0 + 2], add: [[D0 * DAY_MS + 20 * H, (D0 + 1) * DAY_MS]], sub: [] }],
    ['a few hours inside one day', 3, 5, { days: [0, 0], add: [[D0 * DAY_MS + 3 * H, D0 * DAY_MS + 5 * H]], sub: [] }],
    ['most of one day', 1, 23, { days: [D0, D0 + 1], add: [], sub: [[D0 * DAY_MS, D0 * DAY_MS + H], [D0 * DAY_MS + 23 * H, (D0 + 1) * DAY_MS]] }],
    ['an empty window', 5, 5, { days: [0, 0], add: [], sub: [] }],
  ])('%s', (_name, fromH, toH, want) => {
    expect(rollupPlan(D0 * DAY_MS + fromH * H, D0 * DAY_MS + toH * H)).toEqual(want);
  });

  it('counts exactly what lies in the window, whatever its ends (no range longer than half a day)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const recs = Array.from({ length: 3000 }, () => Math.floor((D0 + rnd() * 10) * DAY_MS));
    for (let i = 0; i < 500; i++) {
      const a = Math.floor((D0 - 1 + rnd() * 12) * DAY_MS);
      const b = a + Math.floor(rnd() * 5 * DAY_MS) - (i % 10 === 0 ? DAY_MS : 0);
      expect(planned(recs, a, b)).toBe(recs.filter((r) => r >= a && r < b).length);
      for (const [x, y] of [...rollupPlan(a, b).add, ...rollupPlan(a, b).sub]) expect(y - x).toBeLessThanOrEqual(DAY_MS / 2);
    }
  });

  it("gives the index's camera facets for windows with ragged ends", () => {
    const recs = Array.from({ length: 400 }, (_, i) => D0 * DAY_MS + i * 37 * 60_000);
    const ix = tempIndex(recs.map((rec, i) => ({ ...makeEntry(`e${i}`, '/r', `cam-${i % 3}/f${i}.mp4`, 1, rec, null), recordedAt: rec })));
    const at = (day: number, hour: number) => (D0 + day) * DAY_MS + hour * H;
    const windows = [[at(0, 1), at(7, 1)], [at(0, 13), at(0, 14)], [at(1, 2), at(3, 22)]] as const;
    for (const [from, to] of windows) {
      const got = Object.fromEntries(ix.query({ from, to, limit: 0 }).facets.cameras.map((c) => [c.name, c.count]));
      const want: Record<string, number> = {};
      recs.forEach((r, i) => { want[`cam-${i % 3}`] = (want[`cam-${i % 3}`] ?? 0) + (r >= from && r < to ? 1 : 0); });
      expect(got).toEqual(want);
    }
  });
});
