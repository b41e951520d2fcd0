// Drives a playback clock by the Skip quiet schedule (skip-quiet.ts): every 40 ms while on, and
// again exactly when the next change is due. At 16× a 250 ms timeupdate is 4 s of picture, so the
// media element's own events are far too coarse; a step that still comes late (a loaded machine)
// is caught by the schedule, which sends playback back to the burst's lead.
import { useEffect, useRef, useState } from 'react';
import { LEAD_MS, skipStep, TOP_RATE, type Interval, type SkipState } from './skip-quiet.js';

/** A media element as a clock, in seconds. */
export function elementClock(get: () => HTMLVideoElement | null): SkipClock {
  return {
    time: () => get()?.currentTime ?? 0,
    running: () => { const v = get(); return !!v && !v.paused; },
    setRate: (r) => { const v = get(); if (v && v.playbackRate !== r) v.playbackRate = r; },
    seek: (t) => { const v = get(); if (v) v.currentTime = t; },
  };
}

export interface SkipClock {
  /** Where playback is, in the unit of the busy stretches. */
  time(): number;
  /** Whether it is running (a paused clock is left alone). */
  running(): boolean;
  setRate(rate: number): void;
  seek(t: number): void;
}

const TICK_MS = 40;

/**
 * While `on`: quiet plays at TOP_RATE, `busy` at `chosen`. `unitMs` is how many ms one unit of
 * time is (1 for epoch ms, 1000 for seconds). `seekEpoch` changes when the user seeks: the
 * schedule then starts afresh there instead of sending playback back. Says whether it runs fast now.
 */
export function useSkipQuiet(
  clock: SkipClock | null, busy: readonly Interval[] | null, chosen: number, on: boolean, seekEpoch: number, unitMs: number,
): boolean {
  const [fast, setFast] = useState(false);
  const prev = useRef<SkipState | null>(null);
  useEffect(() => { prev.current = null; }, [seekEpoch]);
  useEffect(() => {
    if (!clock) return;
    if (!on || !busy) {
      clock.setRate(chosen);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const step = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!clock.running()) { prev.current = null; schedule(TICK_MS); return; }
      const t = clock.time();
      const s = skipStep(busy, t, chosen, prev.current, TOP_RATE, LEAD_MS / 2 / unitMs);
      if (s.seekTo !== undefined) clock.seek(s.seekTo);
      clock.setRate(s.rate);
      prev.current = { t: s.seekTo ?? t, fast: s.fast };
      setFast(s.fast);
      // The next change, in wall ms at this rate (a little early), or the next tick if sooner.
      const due = (s.untilChange * unitMs) / s.rate;
      schedule(Math.max(4, Math.min(TICK_MS, due - 5)));
    };
    const schedule = (ms: number): void => { timer = setTimeout(step, ms); };
    step();
    return () => { if (timer) clearTimeout(timer); };
  }, [clock, busy, chosen, on, unitMs]);
  return on && !!busy && fast;
}
