// Each lane's activity as a strip over its bars (issue 31 §2), at every zoom from a month to a
// minute: one small canvas per lane, laid over the timeline's own, carrying the lane's key as
// `data-activity-lane` (the contract's name). Drawn in the same animation frame as the bars, from
// columns (activity/strip-columns.ts): a fling costs one pass over the steps in view per lane.
import { useEffect, useRef } from 'react';
import { useApi } from '../api-context.js';
import { stripColumns, runsOf } from '../activity/strip-columns.js';
import { drawStrip } from '../activity/strip-draw.js';
import { useActivity, type ActivityData } from '../activity/use-activity.js';
import { LANE_H, type Row } from './timeline-draw.js';
import '../activity/activity.css';

/** The strip covers the bars' box (timeline-draw.ts draws bars 6 px in from the lane's edges). */
const INSET = 6;
const STRIP_H = LANE_H - 2 * INSET;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

type LaneRow = Extract<Row, { kind: 'lane' }>;

export function ActivityStrips({ rows, win, width }: { rows: Row[]; win: { from: number; to: number }; width: number }) {
  const { api } = useApi();
  const lanes = rows.filter((r): r is LaneRow => r.kind === 'lane');
  const keys = lanes.map((r) => r.lane.key);
  const data = useActivity(api, keys, win, width);
  const canvases = useRef(new Map<string, HTMLCanvasElement>());

  useEffect(() => {
    const raf = requestAnimationFrame(() => drawAll(canvases.current, lanes, data, win, width));
    return () => cancelAnimationFrame(raf);
  });

  // A layer of its own beside the timeline's canvas (over it, by CSS), not inside it.
  return (
    <div className="activity-layer" style={{ width }}>
      {lanes.map((r) => {
        const a = data?.lanes.get(r.lane.key);
        return (
          <canvas key={r.lane.key} className="activity-strip" data-activity-lane={r.lane.key}
            data-pending={a ? a.pending.toFixed(2) : undefined} data-events={a?.events.length}
            role="img" aria-label={`${r.lane.camera}: activity${a ? `, ${a.events.length} bursts${a.pending > 0 ? `, ${Math.round(a.pending * 100)} % not analysed yet` : ''}` : ''}`}
            style={{ top: r.y + INSET, width, height: STRIP_H }}
            ref={(c) => { if (c) canvases.current.set(r.lane.key, c); else canvases.current.delete(r.lane.key); }} />
        );
      })}
    </div>
  );
}

function drawAll(
  canvases: Map<string, HTMLCanvasElement>, lanes: LaneRow[], data: ActivityData | null, win: { from: number; to: number }, width: number,
): void {
  const dpr = globalThis.devicePixelRatio || 1;
  const colors = { ink: cssVar('--activity-ink', '10, 22, 64'), pending: cssVar('--activity-pending', 'rgba(255, 255, 255, 0.85)') };
  for (const r of lanes) {
    const c = canvases.get(r.lane.key);
    if (!c) continue;
    const w = Math.round(width * dpr), h = Math.round(STRIP_H * dpr);
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!data || r.offline) continue;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Only what was fetched: past its edge a pan shows bars alone until the answer comes, rather
    // than "not analysed" everywhere.
    const recorded = r.lane.spans.filter((s) => !('unknownLength' in s && s.unknownLength))
      .map((s) => ({ start: Math.max(s.start, data.from), end: Math.min(s.end, data.to) }));
    const cols = stripColumns(data.lanes.get(r.lane.key) ?? null, recorded, win.from, win.to, width);
    drawStrip(ctx, runsOf(cols), 0, STRIP_H, colors);
  }
}
