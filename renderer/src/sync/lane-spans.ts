// Which recording of a camera plays at a moment, and which one follows another: the choices
// the sync view and the player's continuation make over a lane's spans. Pure.
import type { TimelineGroup, TimelineSpan } from '../../../contract/api.js';

export const isSpan = (s: TimelineSpan | TimelineGroup): s is TimelineSpan => 'id' in s;

/** Recordings that follow each other within this gap play on (5 s when times came from mtime). */
export const CONTIGUOUS_MS = 2000;
export const CONTIGUOUS_MTIME_MS = 5000;

/** The recording covering moment t; of two that do (a main and a sub stream), the one whose height is nearest `height`. */
export function recordingAt(spans: ReadonlyArray<TimelineSpan | TimelineGroup>, t: number, height?: number): TimelineSpan | null {
  let best: TimelineSpan | null = null;
  for (const s of spans) {
    if (!isSpan(s) || s.unknownLength || s.start > t || t >= s.end) continue;
    if (!best) best = s;
    else if (height !== undefined && Math.abs((s.height ?? height) - height) < Math.abs((best.height ?? height) - height)) best = s;
  }
  return best;
}

/** The first recording starting after t (where a camera with a gap joins). */
export function nextStart(spans: ReadonlyArray<TimelineSpan | TimelineGroup>, t: number): TimelineSpan | null {
  let best: TimelineSpan | null = null;
  for (const s of spans) if (isSpan(s) && !s.unknownLength && s.start > t && (!best || s.start < best.start)) best = s;
  return best;
}

export interface Continuation {
  next: TimelineSpan;
  /** Where to start in it (s): the overlap, when the two overlap. */
  offsetSec: number;
  /** Time between the end of this one and the start of the next (negative: they overlap). */
  gapMs: number;
  /** Close enough to play on without asking. */
  contiguous: boolean;
}

/** What plays after `current` ends, in the same camera's lane. */
export function continuationOf(
  spans: ReadonlyArray<TimelineSpan | TimelineGroup>, current: { id: string; start: number; end: number }, mtimeDerived: boolean,
): Continuation | null {
  let next: TimelineSpan | null = null;
  for (const s of spans) {
    if (!isSpan(s) || s.id === current.id || s.unknownLength || s.end <= current.end) continue;
    if (s.start < current.start) continue;
    if (!next || s.start < next.start) next = s;
  }
  if (!next) return null;
  const gapMs = next.start - current.end;
  return {
    next, gapMs, offsetSec: gapMs < 0 ? -gapMs / 1000 : 0,
    contiguous: gapMs <= (mtimeDerived ? CONTIGUOUS_MTIME_MS : CONTIGUOUS_MS),
  };
}

export interface AllCamerasGap {
  /** When the first camera records again (epoch ms). */
  at: number;
  /** From the end of the last recording before t to `at`. */
  ms: number;
}

/**
 * Every camera is between recordings at t, for longer than a seam: how long, and when the first
 * records again (the sync view offers to go there, as the player does at the end of a file).
 * Null when one still records at t, or none records after it.
 */
export function gapOfAll(lanes: ReadonlyArray<ReadonlyArray<TimelineSpan | TimelineGroup>>, t: number): AllCamerasGap | null {
  let at = Infinity, ended = -Infinity;
  for (const spans of lanes) {
    if (recordingAt(spans, t)) return null;
    const n = nextStart(spans, t);
    if (n) at = Math.min(at, n.start);
    for (const s of spans) if (isSpan(s) && !s.unknownLength && s.end <= t) ended = Math.max(ended, s.end);
  }
  if (at === Infinity) return null;
  const ms = at - (ended === -Infinity ? t : ended);
  return ms > CONTIGUOUS_MS ? { at, ms } : null;
}
