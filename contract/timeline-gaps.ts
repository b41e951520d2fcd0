// Where a camera recorded nothing in an interval: the gaps between its spans (epoch ms). The
// export dialog lists them before a multi-camera export; the exporter names them in the job.
import type { TimelineGroup, TimelineSpan } from './library-types.js';

/** Shorter than this, a gap is the seam between two files, not missing recording. */
export const SEAM_MS = 1500;

export function gapsIn(spans: ReadonlyArray<TimelineSpan | TimelineGroup>, from: number, to: number): Array<{ start: number; end: number }> {
  const gaps: Array<{ start: number; end: number }> = [];
  let cursor = from;
  const sorted = spans.filter((s) => !('unknownLength' in s && s.unknownLength)).slice().sort((a, b) => a.start - b.start);
  for (const s of sorted) {
    if (s.end <= cursor) continue;
    if (s.start - cursor > SEAM_MS) gaps.push({ start: cursor, end: Math.min(s.start, to) });
    cursor = Math.max(cursor, s.end);
    if (cursor >= to) break;
  }
  if (to - cursor > SEAM_MS && sorted.length) gaps.push({ start: cursor, end: to });
  return gaps.filter((g) => g.end > g.start);
}
