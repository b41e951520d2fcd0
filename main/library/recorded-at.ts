// Recording start times from file names. Recorders write wall-clock time, so the fields are read
// in the root's zone of names (contract/zone-time.ts: this computer's by default), by that day's rules.
//
// Accepted (separators optional, but consistent within the date and within the time):
//   20261120_143000   2026-11-20T14-30-00   2026-11-20 14.30.00   20261120143000
import { LOCAL_ZONE, wallClockInstants, type NameZone, type StampFields } from '../../contract/zone-time.js';

export type { StampFields };

const STAMP = /(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})[T _.-]?(\d{2})([-_.:]?)(\d{2})\6(\d{2})(?!\d)/;

/** The first valid timestamp in a name, as fields; null when there is none. */
export function findTimestamp(name: string): StampFields | null {
  const m = STAMP.exec(name);
  if (!m) return null;
  const year = +m[1]!, month = +m[3]!, day = +m[4]!, hour = +m[5]!, minute = +m[7]!, second = +m[8]!;
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

/**
 * Local wall-clock fields to epoch ms. In a spring-forward gap (02:30 that never happened) the
 * clock is read as if it had not jumped yet, which lands an hour later; in a fall-back overlap
 * (01:30 twice) the earlier instant wins. Both follow ECMAScript's rules for local time.
 */
export function localToEpochMs(f: StampFields): number {
  return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second).getTime();
}

/** Recording start from a file name (the earlier instant of a fall-back hour), or null so the caller falls back to mtime. */
export function recordedAtFromName(name: string, zone: NameZone = LOCAL_ZONE): number | null {
  return nameInstants(name, zone)[0] ?? null;
}

/** Every instant the name's timestamp may mean: none, one, or two in a fall-back hour. */
export function nameInstants(name: string, zone: NameZone = LOCAL_ZONE): number[] {
  const f = findTimestamp(name);
  if (!f) return [];
  return zone === LOCAL_ZONE && !MAY_BE_AMBIGUOUS(f) ? [localToEpochMs(f)] : wallClockInstants(f, zone);
}

/** Local clocks turn back only at night: any other hour has one instant, read fast. */
const MAY_BE_AMBIGUOUS = (f: StampFields): boolean => f.hour <= 4;
