// Lanes' activity for a window (the `activity` operation): fetched a screen's width either side,
// at stepMs ≈ range / width (never under a second: levels are per second), one request at a time
// with the newest window winning, and again when an `activity` event names a lane over the range
// fetched (the analysis landed there). The timeline, the player's seek bar and the sync view use it.
import { useEffect, useRef, useState } from 'react';
import type { ActivityEvent, ActivityLane, ReelvaultApi } from '../../../contract/api.js';
import type { LaneSteps } from './strip-columns.js';

export interface LaneActivity extends LaneSteps {
  key: string;
  events: ActivityEvent[];
  pending: number;
}

export interface ActivityData {
  lanes: Map<string, LaneActivity>;
  from: number;
  to: number;
  /** The step asked: a window zoomed far from it is fetched again. */
  askedStepMs: number;
}

/** Levels are per second: a finer step only repeats them. */
export const MIN_STEP_MS = 1000;

export function laneActivity(l: ActivityLane, from: number): LaneActivity {
  return { key: l.key, from, stepMs: l.stepMs, levels: l.levels, source: l.source, events: l.events, pending: l.pending };
}

/**
 * Activity of `keys` around [from, to) drawn `widthPx` wide. `margin` (a fraction of the window)
 * is fetched either side, so a pan draws at once; 0 for a fixed range (a file's seek bar).
 */
export function useActivity(
  api: ReelvaultApi, keys: readonly string[], win: { from: number; to: number } | null, widthPx: number, margin = 1,
): ActivityData | null {
  const [data, setData] = useState<ActivityData | null>(null);
  const [changed, setChanged] = useState(0);
  const inFlight = useRef(false);
  const wanted = useRef<{ from: number; to: number; stepMs: number; keys: string[] } | null>(null);
  const asked = useRef<{ changed: number; keys: string }>({ changed: -1, keys: '' });
  const keyString = keys.join(',');
  const fetched = useRef<{ from: number; to: number; keys: Set<string> } | null>(null);

  // Analysis landing in what is fetched: ask again, at most once a second.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.onActivity((c) => {
      const f = fetched.current;
      if (!f || !c.lanes.some((l) => f.keys.has(l.key) && l.from < f.to && l.to > f.from)) return;
      timer ??= setTimeout(() => { timer = null; setChanged((n) => n + 1); }, 1000);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [api]);

  useEffect(() => {
    if (!win || !keyString || !(win.to > win.from)) return;
    const span = win.to - win.from;
    const stepMs = Math.max(MIN_STEP_MS, span / Math.max(50, widthPx));
    const covered = data && data.from <= win.from && data.to >= win.to && Math.abs(Math.log(data.askedStepMs / stepMs)) < Math.log(1.6);
    if (covered && asked.current.changed === changed && asked.current.keys === keyString) return;
    asked.current = { changed, keys: keyString };
    wanted.current = { from: Math.floor(win.from - span * margin), to: Math.ceil(win.to + span * margin), stepMs: Math.round(stepMs), keys: keyString.split(',') };
    const run = (): void => {
      const w = wanted.current;
      if (!w || inFlight.current) return;
      wanted.current = null;
      inFlight.current = true;
      // The operation takes at most 100 lanes at once.
      const batches: string[][] = [];
      for (let i = 0; i < w.keys.length; i += 100) batches.push(w.keys.slice(i, i + 100));
      void Promise.all(batches.map((lanes) => api.activity({ lanes, from: w.from, to: w.to, stepMs: w.stepMs }))).then((rs) => {
        inFlight.current = false;
        const lanes = new Map<string, LaneActivity>();
        for (const r of rs) if (r.ok) for (const l of r.value.lanes) lanes.set(l.key, laneActivity(l, w.from));
        if (rs.some((r) => r.ok)) {
          fetched.current = { from: w.from, to: w.to, keys: new Set(w.keys) };
          setData({ lanes, from: w.from, to: w.to, askedStepMs: w.stepMs });
        }
        run(); // the newest window asked for meanwhile
      });
    };
    run();
  }); // every render: it decides itself, from what it was given last
  return data;
}
