// How a window [from, to) is counted per camera from the per-camera-day rollup: whole days from
// the rollup, and each ragged end from the rows of at most half a day. An end that cuts a day
// early (from at 01:00) takes that whole day from the rollup and subtracts the hour before it,
// rather than counting the 23 hours after it row by row (on 100 cameras at 100 files a day that
// was ~10,000 rows, most of a camera + week query's time).
import { DAY_MS } from './db-schema.js';

export type Span = readonly [from: number, to: number];

export interface RollupPlan {
  /** Days [first, end) summed from the rollup. */
  days: Span;
  /** Row ranges counted and added. */
  add: Span[];
  /** Row ranges counted and subtracted (inside the days above, outside the window). */
  sub: Span[];
}

/** Count = rollup(days) + Σ rows(add) − Σ rows(sub); every range lies within one day. */
export function rollupPlan(from: number, to: number): RollupPlan {
  if (!(to > from)) return { days: [0, 0], add: [], sub: [] };
  const lo = Math.floor(from / DAY_MS);
  const hi = Math.ceil(to / DAY_MS);
  // A window inside one day: its rows, or the day less the rows on either side of it.
  if (hi - lo === 1) {
    if (to - from <= DAY_MS / 2) return { days: [0, 0], add: [[from, to]], sub: [] };
    const around: Span[] = [[lo * DAY_MS, from], [to, hi * DAY_MS]];
    return { days: [lo, hi], add: [], sub: around.filter(([a, b]) => b > a) };
  }
  const plan: RollupPlan = { days: [lo, hi], add: [], sub: [] };
  const head = from - lo * DAY_MS;
  if (head > DAY_MS / 2) {
    plan.days = [lo + 1, hi];
    plan.add.push([from, (lo + 1) * DAY_MS]);
  } else if (head > 0) plan.sub.push([lo * DAY_MS, from]);
  const tail = hi * DAY_MS - to;
  if (tail > DAY_MS / 2) {
    plan.days = [plan.days[0], hi - 1];
    plan.add.push([(hi - 1) * DAY_MS, to]);
  } else if (tail > 0) plan.sub.push([to, hi * DAY_MS]);
  return plan;
}
