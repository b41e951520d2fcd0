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
}

/**
 * The lane's spans that meet [from, to), consecutive ones less than minSpanMs apart merged into
 * groups (so a lane holds at most (to − from) / minSpanMs of them). `match` filters recordings.
 */
export function spansIn(
  lane: Lane, from: number, to: number, minSpanMs: number, match?: (e: { relPath: string }) => boolean,
): Array<TimelineSpan | TimelineGroup> {
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
