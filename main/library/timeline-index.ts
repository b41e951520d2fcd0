// Recordings as spans in time, one lane per camera: the index reads a window's rows from
// (lane, start), and one merging pass answers any zoom.
import type { LibraryEntry, TimelineGroup, TimelineSpan } from '../../contract/api.js';

const IN_PROGRESS = 1;
const UNKNOWN_LENGTH = 2;

/** Where an entry sits in time; null for what is not a recording (empty or unreadable). */
export function spanOf(e: LibraryEntry): { start: number; end: number; flags: number } | null {
  if (e.status === 'empty' || e.status === 'unreadable') return null;
  const start = e.startedAt;
  if (e.status === 'recording') return { start, end: Math.max(start, e.mtimeMs), flags: IN_PROGRESS };
  const d = e.media?.durationSec;
  if (e.probe === 'probed' && d != null && d > 0) return { start, end: start + d * 1000, flags: 0 };
  return { start, end: start, flags: UNKNOWN_LENGTH };
}

export interface LaneRow {
  id: string;
  rel: string;
  start: number;
  end: number;
  flags: number;
  height: number | null;
}

/** One camera's recordings on the timeline; sql-index.ts reads its rows from (lane, start). */
export interface Lane {
  root: string;
  camera: string;
  /** Copied files whose guessed times overlap: the lane's times are not to be trusted. */
  readonly unreliable: boolean;
  /** Rows that may meet [from, to) (from an index on start, reaching back by the longest span), sorted by start. */
  rows(from: number, to: number): LaneRow[];
  /**
   * The whole lane as columns (read once from the (lane, start) index, again after the camera
   * changes): a month at coarse zoom is hundreds of thousands of spans merged into a few, which
   * only a pass over packed numbers does in milliseconds.
   */
  columns?(): LaneColumns;
  /** Ids and heights of rows by rid, for the spans a window shows. */
  describe?(rids: readonly number[]): Map<number, { id: string; height: number | null }>;
}

export interface LaneColumns {
  starts: Float64Array;
  ends: Float64Array;
  flags: Uint8Array;
  rids: Float64Array;
  maxLength: number;
}

function firstAtOrAfter(a: Float64Array, t: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** spansIn over packed columns: the same merging, ids looked up only for what is shown. */
function spansInColumns(lane: Lane, c: LaneColumns, from: number, to: number, minSpanMs: number): Array<TimelineSpan | TimelineGroup> {
  const groups: Array<{ start: number; end: number; count: number; rid: number; flags: number }> = [];
  let cur: { start: number; end: number; count: number; rid: number; flags: number } | null = null;
  for (let i = firstAtOrAfter(c.starts, from - c.maxLength); i < c.starts.length; i++) {
    const start = c.starts[i]!, end = c.ends[i]!;
    if (start >= to) break;
    if (end < from || (end === from && start < from)) continue;
    if (cur && minSpanMs > 0 && start - cur.end < minSpanMs) {
      if (end > cur.end) cur.end = end;
      cur.count++;
      cur.flags |= c.flags[i]!;
    } else {
      cur = { start, end, count: 1, rid: c.rids[i]!, flags: c.flags[i]! };
      groups.push(cur);
    }
  }
  const about = lane.describe!(groups.map((g) => g.rid));
  const out: Array<TimelineSpan | TimelineGroup> = [];
  for (const g of groups) {
    const d = about.get(g.rid);
    if (!d) continue;
    const inProgress = (g.flags & IN_PROGRESS) !== 0;
    if (g.count === 1) {
      const span: TimelineSpan = { id: d.id, start: g.start, end: g.end, inProgress };
      if (g.flags & UNKNOWN_LENGTH) span.unknownLength = true;
      if (d.height) span.height = d.height;
      out.push(span);
    } else {
      out.push({ start: g.start, end: g.end, count: g.count, firstId: d.id, inProgress });
    }
  }
  return out;
}

/**
 * The lane's spans that meet [from, to), consecutive ones less than minSpanMs apart merged into
 * groups (so a lane holds at most (to − from) / minSpanMs of them). `match` filters recordings.
 */
export function spansIn(
  lane: Lane, from: number, to: number, minSpanMs: number, match?: (e: { relPath: string }) => boolean,
): Array<TimelineSpan | TimelineGroup> {
  if (!match && lane.columns && lane.describe) return spansInColumns(lane, lane.columns(), from, to, minSpanMs);
  const out: Array<TimelineSpan | TimelineGroup> = [];
  let cur: { start: number; end: number; count: number; first: LaneRow; flags: number } | null = null;
  const emit = (): void => {
    if (!cur) return;
    const inProgress = (cur.flags & IN_PROGRESS) !== 0;
    if (cur.count === 1) {
      const e = cur.first;
      const span: TimelineSpan = { id: e.id, start: cur.start, end: cur.end, inProgress };
      if (cur.flags & UNKNOWN_LENGTH) span.unknownLength = true;
      if (e.height) span.height = e.height;
      out.push(span);
    } else {
      out.push({ start: cur.start, end: cur.end, count: cur.count, firstId: cur.first.id, inProgress });
    }
  };
  for (const r of lane.rows(from, to)) {
    const { start, end } = r;
    if (start >= to) break;
    if (end < from || (end === from && start < from)) continue;
    if (match && !match({ relPath: r.rel })) continue;
    // minSpanMs 0: every recording on its own, overlapping ones too (a main and a sub stream).
    if (cur && minSpanMs > 0 && start - cur.end < minSpanMs) {
      cur.end = Math.max(cur.end, end);
      cur.count++;
      cur.flags |= r.flags;
    } else {
      emit();
      cur = { start, end, count: 1, first: r, flags: r.flags };
    }
  }
  emit();
  return out;
}
