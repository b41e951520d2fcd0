// The timeline's data for a window: fetched around it (a screen's width either side, so a pan
// shows spans at once), merged to about 2 px (minSpanMs), one request at a time with the latest
// window winning, and again when the library changes or a recording in progress grows.
import { useEffect, useRef, useState } from 'react';
import type { CameraRef, ReelvaultApi, TimelineLane } from '../../../contract/api.js';

export interface TimelineData {
  lanes: TimelineLane[];
  /** The range fetched, and the merge it was fetched at. */
  from: number;
  to: number;
  minSpanMs: number;
}

export function useTimeline(
  api: ReelvaultApi, win: { from: number; to: number }, widthPx: number, filters: { cameras: CameraRef[]; text: string },
): { data: TimelineData | null; error: string | null } {
  const [data, setData] = useState<TimelineData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(0);
  const inFlight = useRef(false);
  const wanted = useRef<{ from: number; to: number; minSpanMs: number } | null>(null);
  const filterKey = JSON.stringify(filters);
  const lastChanged = useRef(-1);
  const lastFilters = useRef('');

  // Library changes (new recordings, probes landing) and the growth of recordings in progress.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.onLibraryChange(() => { timer ??= setTimeout(() => { timer = null; setChanged((n) => n + 1); }, 1000); });
    const tick = setInterval(() => setChanged((n) => n + 1), 30_000);
    return () => { off(); clearInterval(tick); if (timer) clearTimeout(timer); };
  }, [api]);

  useEffect(() => {
    const span = win.to - win.from;
    const minSpanMs = (span / Math.max(100, widthPx)) * 2;
    const covered = data && data.from <= win.from && data.to >= win.to && Math.abs(Math.log(data.minSpanMs / minSpanMs)) < Math.log(1.6);
    if (covered && wanted.current && changed === lastChanged.current && filterKey === lastFilters.current) return;
    wanted.current = { from: win.from - span, to: win.to + span, minSpanMs };
    lastChanged.current = changed;
    lastFilters.current = filterKey;
    const run = (): void => {
      const w = wanted.current;
      if (!w || inFlight.current) return;
      wanted.current = null;
      inFlight.current = true;
      const f = JSON.parse(filterKey) as { cameras: CameraRef[]; text: string };
      void api.timeline({ ...w, ...(f.cameras.length ? { cameras: f.cameras } : {}), ...(f.text.trim() ? { text: f.text.trim() } : {}) }).then((r) => {
        inFlight.current = false;
        if (r.ok) { setData({ lanes: r.value.lanes, ...w }); setError(null); } else setError(r.message);
        run(); // the newest window asked for meanwhile
      });
    };
    run();
  }); // every render: it decides itself, from what it was given last
  return { data, error };
}
