// A / Shift+A: the next or previous burst of activity (issue 31 §2), in the player and the sync
// view. Playback lands `lead` before the burst, as "Skip quiet" shows it, so its start is seen.
// Pure.
import { LEAD_MS, union, type Interval } from './skip-quiet.js';

/**
 * Where A (dir 1) or Shift+A (dir −1) goes from t: `lead` before the start of the next burst, or
 * of the previous one. Just after landing on a burst (within 1.5 × lead), Shift+A goes to the one
 * before it, as "previous track" does; A never lands on the burst it is at. Null when there is
 * none that way. Every argument in one unit (epoch ms in the sync view, s in the player).
 */
export function burstTarget(events: readonly Interval[], t: number, dir: 1 | -1, lead = LEAD_MS): number | null {
  const landings = union(events).map((e) => e.from - lead);
  if (dir === 1) return landings.find((l) => l > t + lead / 4) ?? null;
  let best: number | null = null;
  for (const l of landings) if (l < t - lead * 1.5) best = l;
  return best;
}
