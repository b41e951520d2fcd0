// Draws the timeline on a canvas: the axis, one row per lane with its spans (gaps are simply
// not drawn), hatching for untrustworthy times, markers for recordings of unknown length, the
// now-line, and the chosen moment. Everything is placed by `Layout`, which the view's pointer
// handling uses too.
import type { TimelineLane } from '../../../contract/api.js';
import type { Tick } from './axis.js';

export const AXIS_H = 28;
export const GROUP_H = 24;
export const LANE_H = 36;

export type Row = { kind: 'group'; label: string; y: number } | { kind: 'lane'; lane: TimelineLane; y: number; offline: string | null };

/** Rows top to bottom: a header per library folder (when there are several), then its lanes. */
export function layoutRows(lanes: readonly TimelineLane[], offline: ReadonlyMap<string, string>): Row[] {
  const rows: Row[] = [];
  const several = new Set(lanes.map((l) => l.rootId)).size > 1;
  let y = AXIS_H;
  let last = '';
  for (const lane of lanes) {
    if (several && lane.rootId !== last) {
      rows.push({ kind: 'group', label: lane.rootLabel, y });
      y += GROUP_H;
      last = lane.rootId;
    }
    rows.push({ kind: 'lane', lane, y, offline: offline.get(lane.rootId) ?? null });
    y += LANE_H;
  }
  return rows;
}

export interface Scene {
  width: number;
  height: number;
  from: number;
  to: number;
  rows: Row[];
  ticks: Tick[];
  now: number;
  moment: number | null;
  /** A stretch chosen for export (shift-drag). */
  range: { from: number; to: number } | null;
  hover: { x: number } | null;
  colors: { span: string; live: string; hatch: string; axis: string; grid: string; text: string; now: string; moment: string; offline: string };
}

let hatchPattern: { color: string; pattern: CanvasPattern } | null = null;

function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  if (hatchPattern?.color === color) return hatchPattern.pattern;
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d')!;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.stroke();
  const pattern = ctx.createPattern(c, 'repeat');
  if (!pattern) return color;
  hatchPattern = { color, pattern };
  return pattern;
}

export function drawTimeline(ctx: CanvasRenderingContext2D, s: Scene): void {
  const { width, height, from, to } = s;
  const xOf = (t: number) => ((t - from) / (to - from)) * width;
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  // Axis and grid.
  for (const tick of s.ticks) {
    const x = Math.round(xOf(tick.t)) + 0.5;
    ctx.strokeStyle = tick.major ? s.colors.axis : s.colors.grid;
    ctx.beginPath();
    ctx.moveTo(x, tick.major ? 0 : AXIS_H - 8);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.fillStyle = s.colors.text;
    ctx.fillText(tick.label, x + 4, AXIS_H / 2);
  }
  // Lanes.
  for (const row of s.rows) {
    if (row.kind === 'group') {
      ctx.fillStyle = s.colors.grid;
      ctx.fillRect(0, row.y + GROUP_H - 1, width, 1);
      continue;
    }
    const top = row.y + 6, h = LANE_H - 12;
    if (row.offline) {
      ctx.fillStyle = s.colors.offline;
      ctx.fillRect(0, row.y + 2, width, LANE_H - 4);
    }
    const fill = row.lane.unreliable ? hatch(ctx, s.colors.hatch) : s.colors.span;
    for (const span of row.lane.spans) {
      const live = span.inProgress;
      const end = live ? Math.max(span.end, s.now) : span.end;
      if (end < from || span.start > to) continue;
      const x0 = xOf(span.start);
      const unknown = 'unknownLength' in span && span.unknownLength;
      if (unknown) {
        ctx.fillStyle = s.colors.text;
        ctx.fillRect(Math.round(x0) - 1, top - 3, 2, h + 6); // a marker: its length is not known
        continue;
      }
      const w = Math.max(2, xOf(end) - x0);
      ctx.fillStyle = row.offline ? s.colors.axis : live ? s.colors.live : fill;
      ctx.fillRect(x0, top, w, h);
    }
  }
  const line = (t: number | null, color: string, w = 2) => {
    if (t === null || t < from || t > to) return;
    ctx.fillStyle = color;
    ctx.fillRect(Math.round(xOf(t)) - w / 2, 0, w, height);
  };
  if (s.range) {
    const x0 = Math.max(0, xOf(s.range.from)), x1 = Math.min(width, xOf(s.range.to));
    ctx.fillStyle = 'rgba(245, 158, 11, 0.25)';
    ctx.fillRect(x0, AXIS_H, Math.max(1, x1 - x0), height - AXIS_H);
  }
  line(s.now, s.colors.now);
  line(s.moment, s.colors.moment);
  if (s.hover) {
    ctx.fillStyle = s.colors.text;
    ctx.fillRect(Math.round(s.hover.x), AXIS_H, 1, height - AXIS_H);
  }
}
