// The grid's tiles ask for their recordings' activity in few requests: tiles of one camera close
// in time share one `activity` call (its lane over the stretch they span), split where one call
// would pass the operation's 10,000 steps. Pure.

export interface TileAsk {
  key: string;
  from: number;
  to: number;
  /** The step this tile wants (its length over its strip's width). */
  stepMs: number;
}

export interface Batch {
  key: string;
  from: number;
  to: number;
  stepMs: number;
}

export const MAX_STEPS = 10_000;

export function batchesOf(asks: readonly TileAsk[], maxSteps = MAX_STEPS): Batch[] {
  const byLane = new Map<string, TileAsk[]>();
  for (const a of asks) {
    if (!(a.to > a.from)) continue;
    let list = byLane.get(a.key);
    if (!list) byLane.set(a.key, list = []);
    list.push(a);
  }
  const out: Batch[] = [];
  for (const [key, list] of byLane) {
    list.sort((a, b) => a.from - b.from);
    let cur: Batch | null = null;
    for (const a of list) {
      if (cur) {
        const from = Math.min(cur.from, a.from), to = Math.max(cur.to, a.to), step = Math.min(cur.stepMs, a.stepMs);
        if ((to - from) / step <= maxSteps) { cur.from = from; cur.to = to; cur.stepMs = step; continue; }
        out.push(cur);
      }
      cur = { key, from: a.from, to: a.to, stepMs: Math.max(a.stepMs, Math.ceil((a.to - a.from) / maxSteps)) };
    }
    if (cur) out.push(cur);
  }
  return out;
}
