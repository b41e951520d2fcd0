// Over the share, an interval on several cameras downloads as one clip per recording part: which
// parts of each camera's recordings fall in [from, to), and, for a camera with none, why. As the
// desktop's export does (clip-intervals.ts), a recording overlapped by the one before it (a sub
// stream) is not cut twice. A recording whose length is not known (its probe failed, or has not
// run yet) cannot be cut: it is named, never dropped in silence. Pure.
import type { TimelineGroup, TimelineSpan } from '../../../contract/api.js';
import { isSpan } from '../sync/lane-spans.js';

export interface DownloadPart {
  id: string;
  /** Seconds on the file's timeline. */
  from: number;
  to: number;
  /** Epoch ms of `from` and `to`. */
  startMs: number;
  endMs: number;
}

export interface CameraDownloads {
  camera: string;
  parts: DownloadPart[];
  /** Recordings in the interval whose length is unknown (not cut). */
  unreadable: TimelineSpan[];
}

interface LaneLike { camera: string; spans: ReadonlyArray<TimelineSpan | TimelineGroup> }

export function intervalDownloads(lane: LaneLike, from: number, to: number): CameraDownloads {
  const out: CameraDownloads = { camera: lane.camera, parts: [], unreadable: [] };
  const spans = lane.spans.filter(isSpan).filter((s) => s.start < to && (s.end > from || s.unknownLength)).sort((a, b) => a.start - b.start);
  let cursor = from;
  for (const s of spans) {
    if (s.unknownLength) { if (s.start >= from) out.unreadable.push(s); continue; }
    if (s.end <= cursor) continue;
    const start = Math.max(s.start, cursor), end = Math.min(s.end, to);
    out.parts.push({ id: s.id, from: (start - s.start) / 1000, to: (end - s.start) / 1000, startMs: start, endMs: end });
    cursor = s.end;
  }
  return out;
}

/** The ids worth probing before the downloads are listed: recordings in the interval of unknown length. */
export function unknownLengthIds(lanes: readonly LaneLike[], from: number, to: number): string[] {
  return lanes.flatMap((l) => intervalDownloads(l, from, to).unreadable.map((s) => s.id));
}
