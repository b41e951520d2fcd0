// Activity under a seek bar (issue 31 §2): the player's file, or every camera of the sync view
// (the most of any camera per column). Same drawing as the timeline's strips.
import { useEffect, useRef, useState } from 'react';
import { stripColumns, runsOf, type Columns, type LaneSteps } from './strip-columns.js';
import { drawStrip } from './strip-draw.js';
import './activity.css';

const H = 8;

export interface SeekActivityProps {
  lanes: ReadonlyArray<LaneSteps & { key: string }>;
  /** Each lane's recordings (epoch ms), to tell "not analysed yet" from a gap. */
  recorded: ReadonlyArray<ReadonlyArray<{ start: number; end: number }>>;
  from: number;
  to: number;
}

function merge(a: Columns, b: Columns): Columns {
  for (let x = 0; x < a.level.length; x++) {
    if (b.level[x]! > a.level[x]!) a.level[x] = b.level[x]!;
    a.pixels[x] = a.pixels[x]! | b.pixels[x]!;
  }
  return a;
}

export function SeekActivity({ lanes, recorded, from, to }: SeekActivityProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const c = ref.current!;
    const ro = new ResizeObserver(() => setWidth(c.clientWidth));
    ro.observe(c);
    setWidth(c.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const c = ref.current!;
    const dpr = globalThis.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(H * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, H);
    if (!width || !(to > from)) return;
    let cols: Columns | null = null;
    lanes.forEach((l, i) => {
      const next = stripColumns(l, recorded[i] ?? [], from, to, width);
      cols = cols ? merge(cols, next) : next;
    });
    const ink = getComputedStyle(document.documentElement).getPropertyValue('--activity-ink').trim() || '10, 22, 64';
    if (cols) drawStrip(ctx, runsOf(cols), 0, H, { ink, pending: 'rgba(128, 128, 128, 0.8)' });
  }, [lanes, recorded, from, to, width]);
  // For tests and tools: one lane's strip carries its key as data-activity-lane, several as data-activity-lanes.
  const keys = lanes.map((l) => l.key).join(',');
  const attr = lanes.length === 1 ? { 'data-activity-lane': keys } : { 'data-activity-lanes': keys };
  return <canvas ref={ref} className="seek-activity" {...attr} aria-hidden="true" />;
}
