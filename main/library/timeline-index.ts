// Recordings as spans in time, one lane per camera: built once from the index (and again after
// a change), then any window of any zoom is answered by a binary search and one merging pass.
import type { LibraryEntry, TimelineGroup, TimelineSpan } from '../../contract/api.js';

const IN_PROGRESS = 1;
const UNKNOWN_LENGTH = 2;

/** Spans of mtime − duration starts overlapping by more than this betray copied files. */
const OVERLAP_SLACK_MS = 1000;

export interface Lane {
  root: string;
  camera: string;
  /** Sorted by start. */
  starts: Float64Array;
  ends: Float64Array;
  flags: Uint8Array;
  entries: LibraryEntry[];
  /** The longest span, so a search for a window may start that much earlier. */
  maxLength: number;
  unreliable: boolean;
}

/** Where an entry sits in time; null for what is not a recording (empty or unreadable). */
export function spanOf(e: LibraryEntry): { start: number; end: number; flags: number } | null {
  if (e.status === 'empty' || e.status === 'unreadable') return null;
  const start = e.startedAt;
  if (e.status === 'recording') return { start, end: Math.max(start, e.mtimeMs), flags: IN_PROGRESS };
  const d = e.media?.durationSec;
  if (e.probe === 'probed' && d != null && d > 0) return { start, end: start + d * 1000, flags: 0 };
  return { start, end: start, flags: UNKNOWN_LENGTH };
}

export function buildLanes(entries: Iterable<LibraryEntry>, keyOf: (root: string, camera: string) => string): Map<string, Lane> {
  const groups = new Map<string, Array<{ e: LibraryEntry; start: number; end: number; flags: number }>>();
  for (const e of entries) {
    const s = spanOf(e);
    if (!s) continue;
    const key = keyOf(e.root, e.camera);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ e, ...s });
  }
  const lanes = new Map<string, Lane>();
  for (const [key, g] of groups) {
    g.sort((a, b) => a.start - b.start || (a.e.relPath < b.e.relPath ? -1 : 1));
    const n = g.length;
    const lane: Lane = {
      root: g[0]!.e.root, camera: g[0]!.e.camera,
      starts: new Float64Array(n), ends: new Float64Array(n), flags: new Uint8Array(n), entries: new Array<LibraryEntry>(n),
      maxLength: 0, unreliable: false,
    };
    let lastCopiedEnd = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = g[i]!;
      lane.starts[i] = s.start;
      lane.ends[i] = s.end;
      lane.flags[i] = s.flags;
      lane.entries[i] = s.e;
      lane.maxLength = Math.max(lane.maxLength, s.end - s.start);
      if (s.e.recordedAtFrom === 'mtime-duration') {
        if (s.start < lastCopiedEnd - OVERLAP_SLACK_MS) lane.unreliable = true;
        lastCopiedEnd = Math.max(lastCopiedEnd, s.end);
      }
    }
    lanes.set(key, lane);
  }
  return lanes;
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

/**
 * The lane's spans that meet [from, to), consecutive ones less than minSpanMs apart merged into
 * groups (so a lane holds at most (to − from) / minSpanMs of them). `match` filters recordings.
 */
export function spansIn(
  lane: Lane, from: number, to: number, minSpanMs: number, match?: (e: LibraryEntry) => boolean,
): Array<TimelineSpan | TimelineGroup> {
  const out: Array<TimelineSpan | TimelineGroup> = [];
  let cur: { start: number; end: number; count: number; first: number; flags: number } | null = null;
  const emit = (): void => {
    if (!cur) return;
    const inProgress = (cur.flags & IN_PROGRESS) !== 0;
    if (cur.count === 1) {
      const e = lane.entries[cur.first]!;
      const span: TimelineSpan = { id: e.id, start: cur.start, end: cur.end, inProgress };
      if (cur.flags & UNKNOWN_LENGTH) span.unknownLength = true;
      if (e.media?.height) span.height = e.media.height;
      out.push(span);
    } else {
      out.push({ start: cur.start, end: cur.end, count: cur.count, firstId: lane.entries[cur.first]!.id, inProgress });
    }
  };
  for (let i = firstAtOrAfter(lane.starts, from - lane.maxLength); i < lane.starts.length; i++) {
    const start = lane.starts[i]!, end = lane.ends[i]!;
    if (start >= to) break;
    if (end < from || (end === from && start < from)) continue;
    if (match && !match(lane.entries[i]!)) continue;
    // minSpanMs 0: every recording on its own, overlapping ones too (a main and a sub stream).
    if (cur && minSpanMs > 0 && start - cur.end < minSpanMs) {
      cur.end = Math.max(cur.end, end);
      cur.count++;
      cur.flags |= lane.flags[i]!;
    } else {
      emit();
      cur = { start, end, count: 1, first: i, flags: lane.flags[i]! };
    }
  }
  emit();
  return out;
}
