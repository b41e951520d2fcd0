// One lane's answer to the `activity` operation (issue 31 §3), from its recordings' stored
// analysis: the most activity per step, how each step was found, the events (merged across gaps
// under 2 s), and the share of recorded time the pixel pass has still to reach. The camera's mask
// and sensitivity apply here, on the stored cells, so changing them needs no new analysis. Pure.
import type { ActivityEvent, ActivityLane, ActivityQuery } from '../../../contract/api.js';
import { FULL_CELLS } from './cell-grid.js';
import type { CameraTuning, FileSummary, StoredActivity } from './activity-store.js';
import { PIXEL_EVENT_LEVEL } from './pixel-levels.js';
import { SIZE_EVENT_LEVEL } from './size-levels.js';
import { MERGE_GAP_SEC, stretchesOf } from './stretches.js';

export const MAX_STEPS = 10_000;
/** Stored levels are bytes: a level a rounding below a threshold still meets it. */
const BYTE_SLACK = 0.5 / 255;

/** The step used for a query: the one asked, widened until the range fits MAX_STEPS. */
export function stepFor(q: Pick<ActivityQuery, 'from' | 'to' | 'stepMs'>): { stepMs: number; steps: number } {
  const span = q.to - q.from;
  const stepMs = Math.max(Math.ceil(q.stepMs), Math.ceil(span / MAX_STEPS), 1);
  return { stepMs, steps: Math.max(1, Math.ceil(span / stepMs)) };
}

export interface RecordedFile {
  /** Epoch ms of its first frame. */
  start: number;
  /** Epoch ms of its end, when known (else the analysis's length is used). */
  end: number | null;
  /** Its analysis, or undefined before anything ran. */
  activity: StoredActivity | undefined;
  /** Instead of `activity`, at coarse steps: the file at a glance (its peak fills the steps it covers). */
  summary?: FileSummary | undefined;
}

function popcount(x: bigint): number {
  let n = 0;
  for (; x; x &= x - 1n) n++;
  return n;
}

/** A file's levels per second and whether they came from pixels; null when nothing usable is known. */
export function secondsOf(a: StoredActivity | undefined, tuning: CameraTuning): { levels: Array<number | null>; pixels: boolean } | null {
  if (!a) return null;
  const sens = tuning.sensitivity;
  const scale = (l: number): number => Math.min(1, l * sens);
  if (a.pixels === 'done' && a.pixelLevels && a.cells) {
    const keep = ~tuning.mask;
    const cells = tuning.mask ? a.cells() : [];
    const levels = Array.from(a.pixelLevels, (l, k) => {
      if (!tuning.mask) return scale(l);
      const c = cells[k]!;
      return c ? scale(Math.min(1, popcount(c & keep) / FULL_CELLS)) : 0;
    });
    return { levels, pixels: true };
  }
  if (a.sizeLevels && !a.blind) return { levels: Array.from(a.sizeLevels, scale), pixels: false };
  return null;
}

export function laneActivity(key: string, q: ActivityQuery, files: readonly RecordedFile[], tuning: CameraTuning): ActivityLane {
  const { stepMs, steps } = stepFor(q);
  const levels: Array<number | null> = new Array<number | null>(steps).fill(null);
  const byPixels = new Uint8Array(steps);
  const found: ActivityEvent[] = [];
  let recorded = 0, pending = 0;
  for (const f of files) {
    if (f.summary !== undefined || (f.activity === undefined && 'summary' in f)) {
      const sm = f.summary;
      const end = f.end !== null && f.end > f.start ? f.end : f.start + (sm?.seconds ?? 0) * 1000;
      const overlap = Math.max(0, Math.min(end, q.to) - Math.max(f.start, q.from));
      const weight = overlap > 0 ? overlap : f.start >= q.from && f.start < q.to ? 1000 : 0;
      recorded += weight;
      if (!sm || sm.pixels === 'none') pending += weight;
      if (!sm || sm.peak === null || overlap <= 0) continue;
      const peak = Math.min(1, sm.peak * tuning.sensitivity);
      const i0 = Math.max(0, Math.floor((Math.max(f.start, q.from) - q.from) / stepMs));
      const i1 = Math.min(steps - 1, Math.floor((Math.min(end, q.to) - 1 - q.from) / stepMs));
      for (let i = i0; i <= i1; i++) {
        const had = levels[i];
        levels[i] = had === null || had === undefined || peak > had ? peak : had;
        if (sm.pixels === 'done') byPixels[i] = 1;
      }
      for (const ev of sm.events) {
        const from = Math.max(q.from, f.start + ev.from * 1000), to = Math.min(q.to, f.start + ev.to * 1000);
        if (to > from) found.push({ from, to, peak: Math.min(1, ev.peak * tuning.sensitivity) });
      }
      continue;
    }
    const a = f.activity;
    const end = f.end !== null && f.end > f.start ? f.end : f.start + (a?.seconds ?? 0) * 1000;
    const overlap = Math.max(0, Math.min(end, q.to) - Math.max(f.start, q.from));
    // A recording of unknown length nothing has read yet still waits: it counts as a second.
    const weight = overlap > 0 ? overlap : f.start >= q.from && f.start < q.to ? 1000 : 0;
    recorded += weight;
    if (!a || a.pixels === 'none') pending += weight;
    const s = secondsOf(a, tuning);
    if (!s || overlap <= 0) continue;
    const first = Math.max(0, Math.floor((q.from - f.start) / 1000));
    const last = Math.min(s.levels.length, Math.ceil((Math.min(end, q.to) - f.start) / 1000));
    for (let k = first; k < last; k++) {
      const l = s.levels[k];
      if (l === null || l === undefined) continue;
      const t = f.start + k * 1000;
      const i0 = Math.max(0, Math.floor((t - q.from) / stepMs));
      const i1 = Math.min(steps - 1, Math.floor((Math.min(t + 1000, q.to) - 1 - q.from) / stepMs));
      for (let i = i0; i <= i1; i++) {
        const had = levels[i];
        levels[i] = had === null || had === undefined || l > had ? l : had;
        if (s.pixels) byPixels[i] = 1;
      }
    }
    const threshold = (s.pixels ? PIXEL_EVENT_LEVEL : SIZE_EVENT_LEVEL) - BYTE_SLACK;
    for (const st of stretchesOf(s.levels, threshold)) {
      const from = Math.max(q.from, f.start + st.from * 1000), to = Math.min(q.to, f.start + st.to * 1000);
      if (to > from) found.push({ from, to, peak: st.peak });
    }
  }
  return {
    key, stepMs, levels, events: mergeEvents(found), pending: recorded > 0 ? pending / recorded : 0,
    source: Array.from(byPixels, (p) => (p ? 'pixels' : 'sizes')),
  };
}

/** Events of several files as one list: sorted, merged across gaps under 2 s (a file boundary is no gap). */
export function mergeEvents(events: readonly ActivityEvent[]): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (const e of [...events].sort((a, b) => a.from - b.from)) {
    const last = out.at(-1);
    if (last && e.from - last.to < MERGE_GAP_SEC * 1000) {
      last.to = Math.max(last.to, e.to);
      last.peak = Math.max(last.peak, e.peak);
    } else {
      out.push({ ...e });
    }
  }
  return out;
}
