// The evidence overlay's words: each frame's date and time in the library's zone with its offset
// (`2026-03-08 14:32:07.480 +01:00`), a fixed 24-hour form that reads the same everywhere (the one
// exception to the app's locale clock, issue 35). A clip is cut into segments wherever the zone's
// offset or the date changes (a daylight-saving change, midnight), so that within one segment the
// time of day is the segment's start plus the frame's position: ffmpeg's drawtext can then say it
// per frame from a constant. Pure.
import { wallClockAt, wallClockInstants, zoneOffsetMs, type NameZone } from '../../contract/zone-time.js';

const pad = (n: number, w = 2) => String(Math.trunc(n)).padStart(w, '0');

/** "+01:00", "-04:00", "+05:30". */
export function offsetLabel(offsetMs: number): string {
  const m = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(m / 60)}:${pad(m % 60)}`;
}

/** "2026-03-08" on the zone's wall clock. */
export function dateLabel(t: number, zone: NameZone): string {
  const f = wallClockAt(zone, t);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** `2026-03-08 14:32:07.480 +01:00`: the evidence form of instant t (epoch ms) in the zone. */
export function evidenceTime(t: number, zone: NameZone): string {
  const ms = Math.round(t);
  const f = wallClockAt(zone, ms);
  const milli = ((ms % 1000) + 1000) % 1000;
  return `${f.year}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}.${pad(milli, 3)} ${offsetLabel(zoneOffsetMs(zone, ms))}`;
}

/** A stretch of a clip with one date and one offset. */
export interface TimeSegment {
  /** Epoch ms, start inclusive, end exclusive. */
  start: number;
  end: number;
  /** "2026-03-08" */
  date: string;
  /** "+01:00" */
  offset: string;
  /** Milliseconds after the segment's local midnight at `start` (its wall-clock time of day). */
  dayMsAtStart: number;
}

const STEP = 15 * 60_000;

/** The first instant after t at which the zone's offset differs from its offset at t (before `limit`), or null. */
function nextOffsetChange(zone: NameZone, t: number, limit: number): number | null {
  const off = zoneOffsetMs(zone, t);
  for (let a = t; a < limit; a += STEP) {
    const b = Math.min(a + STEP, limit);
    if (zoneOffsetMs(zone, b) === off) continue;
    // Bisect to the millisecond: zones change on whole seconds.
    let lo = a, hi = b;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneOffsetMs(zone, mid) === off) lo = mid; else hi = mid;
    }
    return hi;
  }
  return null;
}

/** The next local midnight after t. */
function nextMidnight(zone: NameZone, t: number): number {
  const f = wallClockAt(zone, t);
  const next = new Date(Date.UTC(f.year, f.month - 1, f.day + 1));
  const at = wallClockInstants({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 }, zone);
  return at[0]!;
}

/** The segments of [start, end) (epoch ms) with one date and one offset each. */
export function timeSegments(start: number, end: number, zone: NameZone): TimeSegment[] {
  const out: TimeSegment[] = [];
  for (let t = start; t < end;) {
    const midnight = nextMidnight(zone, t);
    const change = nextOffsetChange(zone, t, Math.min(end, midnight));
    const stop = Math.min(end, midnight, change ?? Infinity);
    const f = wallClockAt(zone, t);
    const milli = ((Math.round(t) % 1000) + 1000) % 1000;
    out.push({
      start: t, end: stop, date: dateLabel(t, zone), offset: offsetLabel(zoneOffsetMs(zone, t)),
      dayMsAtStart: ((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + milli,
    });
    t = stop;
  }
  return out;
}

/**
 * drawtext's text for a segment: the date, the time of day from the frame's position (`t`, seconds
 * since `tZeroMs`), the offset, and the source frame number. Only eif expansions (whole numbers,
 * zero-padded), which read the same in every ffmpeg since 4; no colon inside an expression.
 * `tZeroMs` is the instant at which drawtext's t is 0; `sourceAtZero` the source's seconds there.
 */
export function drawtextTimeText(seg: TimeSegment, tZeroMs: number, sourceAtZero: number, fps: number): string {
  // M: milliseconds since the segment's midnight, for this frame.
  const base = seg.dayMsAtStart - (seg.start - tZeroMs);
  const m = `round(t*1000${base >= 0 ? '+' : ''}${Math.round(base)})`;
  const field = (expr: string, width: number) => `%{eif:${expr}:d:${width}}`;
  const time = [
    field(`floor(${m}/3600000)`, 2), ':', field(`mod(floor(${m}/60000),60)`, 2), ':', field(`mod(floor(${m}/1000),60)`, 2), '.', field(`mod(${m},1000)`, 3),
  ].join('');
  const frame = `%{eif:round((t+${sourceAtZero.toFixed(6)})*${fps})+0:d}`;
  return `${seg.date} ${time} ${seg.offset}  frame ${frame}`;
}

/** The same text, as it reads at one instant (for the reference frame a test draws, and the subtitles). */
export function overlayTimeLine(t: number, zone: NameZone, frame: number): string {
  return `${evidenceTime(t, zone)}  frame ${frame}`;
}
