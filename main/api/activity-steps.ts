// The `activity` operation's grid: at most MAX_STEPS steps a lane, so a month asked at 1 s is
// answered at a coarser step, which the answer says (issue 31 §3).
import type { ActivityLane, ActivityQuery } from '../../contract/api.js';

export const MAX_STEPS = 10_000;

/** The step used for a query: the one asked, widened to whole ms until the range fits MAX_STEPS. */
export function stepFor(q: Pick<ActivityQuery, 'from' | 'to' | 'stepMs'>): { stepMs: number; steps: number } {
  const span = q.to - q.from;
  const stepMs = Math.max(Math.ceil(q.stepMs), Math.ceil(span / MAX_STEPS), 1);
  return { stepMs, steps: Math.max(1, Math.ceil(span / stepMs)) };
}

/** A lane with nothing known: no recording anywhere in the range. */
export function emptyLane(key: string, q: ActivityQuery): ActivityLane {
  const { stepMs, steps } = stepFor(q);
  return { key, stepMs, levels: new Array<null>(steps).fill(null), events: [], pending: 0, source: new Array<'sizes'>(steps).fill('sizes') };
}
