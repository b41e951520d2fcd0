// The timeline's time axis: where ticks go and what they say, in the zone of the computer that
// holds the library. Ticks are wall-clock boundaries (midnight, the hour) found in that zone, so
// the 23-hour and 25-hour days of daylight-saving changes are drawn as long as they were. Pure.
import { wallClockAt, wallClockInstants, type NameZone, type StampFields } from '../../../contract/zone-time.js';
import { wallClockLabel, wallDayLabel, wallMonthLabel } from '../shared/time-format.js';

// Labels come from the one time format (shared/time-format.ts), in the system locale.
export { clockLabel, momentLabel } from '../shared/time-format.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Steps in wall-clock units, finest first. */
const STEPS: Array<{ unit: 'minute' | 'hour' | 'day' | 'month'; n: number; approxMs: number }> = [
  { unit: 'minute', n: 1, approxMs: MIN },
  { unit: 'minute', n: 5, approxMs: 5 * MIN },
  { unit: 'minute', n: 15, approxMs: 15 * MIN },
  { unit: 'minute', n: 30, approxMs: 30 * MIN },
  { unit: 'hour', n: 1, approxMs: HOUR },
  { unit: 'hour', n: 3, approxMs: 3 * HOUR },
  { unit: 'hour', n: 6, approxMs: 6 * HOUR },
  { unit: 'hour', n: 12, approxMs: 12 * HOUR },
  { unit: 'day', n: 1, approxMs: DAY },
  { unit: 'day', n: 7, approxMs: 7 * DAY },
  { unit: 'month', n: 1, approxMs: 30 * DAY },
];

export interface Tick {
  t: number;
  label: string;
  /** A day (or month) boundary: drawn stronger, labelled with the date. */
  major: boolean;
}

/** The first instant the zone's clock shows these fields (the spring-forward gap: just after it). */
function instantOf(f: StampFields, zone: NameZone): number {
  return wallClockInstants(f, zone)[0]!;
}

function floorTo(f: StampFields, unit: string, n: number): StampFields {
  const g = { ...f, second: 0 };
  if (unit === 'minute') g.minute -= g.minute % n;
  else g.minute = 0;
  if (unit === 'hour') g.hour -= g.hour % n;
  else if (unit !== 'minute') g.hour = 0;
  if (unit === 'month') g.day = 1;
  return g;
}

/** Adds n units to wall-clock fields, normalising through Date.UTC (no zone involved). */
function addWall(f: StampFields, unit: string, n: number): StampFields {
  const d = new Date(Date.UTC(f.year, f.month - 1 + (unit === 'month' ? n : 0), f.day + (unit === 'day' ? n : 0),
    f.hour + (unit === 'hour' ? n : 0), f.minute + (unit === 'minute' ? n : 0), f.second));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0 };
}

export function dateLabel(f: StampFields, locale?: string): string {
  return wallDayLabel(f, locale);
}

/** Ticks for [from, to) on an axis `widthPx` wide, at least `minGapPx` apart. */
export function axisTicks(from: number, to: number, widthPx: number, zone: NameZone, minGapPx = 70, locale?: string): Tick[] {
  const msPerPx = (to - from) / Math.max(1, widthPx);
  const step = STEPS.find((s) => s.approxMs / msPerPx >= minGapPx) ?? STEPS[STEPS.length - 1]!;
  const ticks: Tick[] = [];
  let f = floorTo(wallClockAt(zone, from), step.unit, step.n);
  if (step.unit === 'day' && step.n === 7) f = addWall(f, 'day', -((new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7)); // weeks start on Monday
  for (let guard = 0; guard < 2000; guard++) {
    const t = instantOf(f, zone);
    if (t >= to) break;
    // A wall time the clock skipped (02:00 on a spring-forward night) gets no tick.
    const skipped = wallClockAt(zone, t).hour !== f.hour;
    if (t >= from && !skipped) {
      const major = step.unit === 'month' || step.unit === 'day' || (f.hour === 0 && f.minute === 0);
      const label = step.unit === 'month' ? wallMonthLabel(f, locale)
        : major ? dateLabel(f, locale) : wallClockLabel(f, locale);
      if (!ticks.length || ticks[ticks.length - 1]!.t !== t) ticks.push({ t, label, major });
    }
    f = addWall(f, step.unit, step.n);
  }
  return ticks;
}
