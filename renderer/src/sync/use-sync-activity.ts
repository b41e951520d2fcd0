// The sync view's part of activity (issue 31 §2): every shown camera's activity, A / Shift+A to
// the next or previous burst on any camera, and Skip quiet driving the shared clock. A moment is
// quiet only when it is quiet on every camera (a camera with no recording then counts as quiet).
import { useCallback, useMemo, type RefObject } from 'react';
import type { ReelvaultApi, TimelineLane } from '../../../contract/api.js';
import { burstTarget } from '../activity/bursts.js';
import { busyStretches, LEAD_MS, MIN_QUIET_MS, unknownStretches, type Interval } from '../activity/skip-quiet.js';
import { useActivity, type LaneActivity } from '../activity/use-activity.js';
import { useSkipQuiet, type SkipClock } from '../activity/use-skip-quiet.js';
import { useSkipPreference } from '../activity/SkipQuietSwitch.js';
import { isSpan } from './lane-spans.js';
import type { SyncClock } from './sync-clock.js';

export interface SyncActivity {
  /** For the seek bar's strip, parallel arrays. */
  lanes: LaneActivity[];
  recorded: Array<Array<{ start: number; end: number }>>;
  skip: boolean;
  setSkip(on: boolean): void;
  fast: boolean;
  pending: boolean;
  /** Where A (1) or Shift+A (−1) goes from t (epoch ms), or null. */
  burst(t: number, dir: 1 | -1): number | null;
}

function clockOf(clock: SyncClock, playing: RefObject<boolean>, jump: (t: number) => void, onRate: (r: number) => void): SkipClock {
  return {
    time: () => clock.time(),
    // The user's play, not the clock's: a clock held for a loading tile does not move anyway.
    running: () => playing.current,
    // The tiles change speed at once: the view's 250 ms loop would show 4 s of a burst at 16×.
    setRate: (r) => { if (clock.speed !== r) { clock.setSpeed(r); onRate(r); } },
    seek: jump,
  };
}

export function useSyncActivity(
  api: ReelvaultApi, lanes: TimelineLane[] | null, range: { lo: number; hi: number }, clock: SyncClock, playing: RefObject<boolean>,
  chosen: number, jump: (t: number) => void, seekEpoch: number, onRate: (r: number) => void,
): SyncActivity {
  const keys = useMemo(() => (lanes ?? []).map((l) => l.key), [lanes]);
  const win = useMemo(() => ({ from: range.lo, to: range.hi }), [range.lo, range.hi]);
  const data = useActivity(api, keys, win, 1000, 0);
  const [skip, setSkip] = useSkipPreference();
  const derived = useMemo(() => {
    const list: LaneActivity[] = [], recorded: Array<Array<{ start: number; end: number }>> = [], cams: Array<{ events: Interval[]; unknown: Interval[] }> = [];
    for (const l of lanes ?? []) {
      const a = data?.lanes.get(l.key);
      const spans = l.spans.filter(isSpan).filter((s) => !s.unknownLength).map((s) => ({ start: s.start, end: s.end }));
      const within = spans.map((s) => ({ from: Math.max(s.start, data?.from ?? s.start), to: Math.min(s.end, data?.to ?? s.end) }));
      if (a) { list.push(a); recorded.push(spans); }
      cams.push({ events: a?.events ?? [], unknown: a ? unknownStretches(a.levels, a.from, a.stepMs, within) : within });
    }
    const busy = data ? busyStretches(cams, LEAD_MS, MIN_QUIET_MS) : null;
    return { list, recorded, busy, events: cams.flatMap((c) => c.events), pending: list.some((a) => a.pending > 0) };
  }, [lanes, data]);
  const skipClock = useMemo(() => clockOf(clock, playing, jump, onRate), [clock, playing, jump, onRate]);
  const fast = useSkipQuiet(skipClock, derived.busy, chosen, skip, seekEpoch, 1);
  const burst = useCallback((t: number, dir: 1 | -1) => burstTarget(derived.events, t, dir, LEAD_MS), [derived.events]);
  return { lanes: derived.list, recorded: derived.recorded, skip, setSkip, fast, pending: derived.pending, burst };
}
