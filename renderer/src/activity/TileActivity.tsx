// A thin activity strip along the bottom of a tile's picture (issue 31 §2), when the grid shows them.
import { useEffect, useRef, useState } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { stripColumns, runsOf } from './strip-columns.js';
import { drawStrip } from './strip-draw.js';
import { tileActivity } from './tile-activity.js';
import type { LaneActivity } from './use-activity.js';
import './activity.css';

const W = 120, H = 4;

export function TileActivity({ api, entry }: { api: ReelvaultApi; entry: LibraryEntry }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [lane, setLane] = useState<LaneActivity | null>(null);
  useEffect(() => {
    let live = true;
    void tileActivity(api, entry).then((a) => { if (live) setLane(a); });
    return () => { live = false; };
  }, [api, entry]);
  const from = entry.startedAt, to = from + (entry.media?.durationSec ?? 0) * 1000;
  useEffect(() => {
    const c = ref.current!;
    c.width = W;
    c.height = H;
    const ctx = c.getContext('2d')!;
    ctx.clearRect(0, 0, W, H);
    if (!(to > from)) return;
    const ink = getComputedStyle(document.documentElement).getPropertyValue('--activity-ink').trim() || '10, 22, 64';
    drawStrip(ctx, runsOf(stripColumns(lane, [{ start: from, end: to }], from, to, W)), 0, H, { ink, pending: 'rgba(128, 128, 128, 0.8)' });
  }, [lane, from, to]);
  return <canvas ref={ref} className="tile-activity" data-activity-lane={lane?.key} data-events={lane?.events.length} aria-hidden="true" />;
}
