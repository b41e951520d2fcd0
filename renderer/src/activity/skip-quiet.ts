// "Skip quiet" (issue 31 §2): quiet stretches play at the top speed the player has, activity at
// the chosen speed from LEAD_MS before each burst. In the sync view a moment is quiet only when it
// is quiet on every shown camera; a recorded moment nothing has analysed yet is not known to be
// quiet, so it plays at the chosen speed too (skipping what we cannot see would skip events).
// Pure: the player and the sync view drive their clocks from `skipStep`; table tests in
// skip-quiet.test.ts.

/** The highest playbackRate Chromium accepts for media (16×); the watching issue may raise it. */
export const TOP_RATE = 16;
/** Activity starts playing at the chosen speed this long before each burst. */
export const LEAD_MS = 1000;
/**
 * Quiet stretches shorter than this play at the chosen speed: a hop to 16× for a moment between
 * two bursts shows nothing and makes the picture stutter.
 */
export const MIN_QUIET_MS = 2000;

export interface Interval {
  from: number;
  to: number;
}

/** What one camera says about a stretch of time (epoch ms, or seconds: any one unit throughout). */
export interface CameraActivity {
  /** Bursts of activity. */
  events: readonly Interval[];
  /** Stretches recorded but not yet analysed (null levels inside recordings). */
  unknown: readonly Interval[];
}

/** Sorted, merged union of intervals; those closer than `bridge` become one. */
export function union(list: readonly Interval[], bridge = 0): Interval[] {
  const sorted = list.filter((i) => i.to > i.from).map((i) => ({ from: i.from, to: i.to })).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.from - last.to <= bridge) last.to = Math.max(last.to, i.to);
    else out.push(i);
  }
  return out;
}

/**
 * The stretches that play at the chosen speed: any camera's bursts (each from `lead` before it)
 * and anything not analysed yet; quiet gaps shorter than `minQuiet` are kept at the chosen speed.
 */
export function busyStretches(cameras: readonly CameraActivity[], lead = LEAD_MS, minQuiet = MIN_QUIET_MS): Interval[] {
  const all: Interval[] = [];
  for (const c of cameras) {
    for (const e of c.events) all.push({ from: e.from - lead, to: e.to });
    for (const u of c.unknown) all.push(u);
  }
  return union(all, minQuiet);
}

/** The busy stretch holding t, else null; and the next one to start after t. */
export function around(busy: readonly Interval[], t: number): { inside: Interval | null; next: Interval | null } {
  // Binary search: an hour of 4 cameras has hundreds of stretches, read 25 times a second.
  let lo = 0, hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (busy[mid]!.to <= t) lo = mid + 1;
    else hi = mid;
  }
  const b = busy[lo];
  if (b && b.from <= t) return { inside: b, next: busy[lo + 1] ?? null };
  return { inside: null, next: b ?? null };
}

export interface SkipState {
  /** Where playback was at the last step, and whether it was playing a quiet stretch fast. */
  t: number;
  fast: boolean;
}

export interface SkipStep {
  rate: number;
  fast: boolean;
  /** Go back here: a fast stretch ran past the start of the next busy one (a late timer, a slow tick). */
  seekTo?: number;
  /** How long (in the unit of t) until the rate must change, at the rate returned: when to step again. */
  untilChange: number;
}

/**
 * One step of the schedule at time t. `prev` is the last step's state when playback ran on from
 * it (null after a seek or a start: then nothing is sent back). A fast stretch that overshot into
 * a busy one by more than `slack` sends playback back to that stretch's start, so every burst is
 * shown from its lead at the chosen speed, however late the step came.
 */
export function skipStep(busy: readonly Interval[], t: number, chosen: number, prev: SkipState | null, top = TOP_RATE, slack = LEAD_MS / 2): SkipStep {
  if (prev?.fast) {
    // The first busy stretch after where the fast run was: crossed by more than the slack (even
    // jumped over whole), playback goes back to its start.
    const crossed = around(busy, prev.t).next;
    if (crossed && crossed.from <= t && t - crossed.from > slack) {
      return { rate: chosen, fast: false, seekTo: crossed.from, untilChange: crossed.to - crossed.from };
    }
  }
  const { inside, next } = around(busy, t);
  if (inside) return { rate: chosen, fast: false, untilChange: inside.to - t };
  // Quiet: fast until the next busy stretch (or on to the end).
  return { rate: top, fast: true, untilChange: next ? next.from - t : Infinity };
}

/** Recorded stretches of a lane (its spans) that have no level: not analysed yet. */
export function unknownStretches(levels: readonly (number | null)[], from: number, stepMs: number, recorded: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  const rec = union(recorded);
  let k = 0;
  for (let i = 0; i < levels.length; i++) {
    if (levels[i] !== null) continue;
    const a = from + i * stepMs, b = a + stepMs;
    while (k < rec.length && rec[k]!.to <= a) k++;
    // The part of this step that lies inside recordings.
    for (let j = k; j < rec.length && rec[j]!.from < b; j++) {
      const s = Math.max(a, rec[j]!.from), e = Math.min(b, rec[j]!.to);
      if (e > s) out.push({ from: s, to: e });
    }
  }
  return union(out);
}
