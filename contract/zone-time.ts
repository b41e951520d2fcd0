// Wall-clock time in a zone, both ways: this computer's ('local'), 'UTC', or an IANA zone. The
// library reads file-name times with it (a headless box in UTC serving cameras that stamp local
// time); the timeline draws its axis with it, in the zone of the computer holding the library.
// A wall time that never happened (the spring-forward hour) or happened twice (the fall-back
// hour) is resolved here. Pure, Intl only: runs in Node and in the page.

/** 'local', 'UTC', or an IANA zone such as 'America/New_York'. */
export type NameZone = string;

export const LOCAL_ZONE = 'local';

/** Calendar fields of a wall clock (month 1–12). */
export interface StampFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant t, in ms (New York in winter: −5 h). */
export function zoneOffsetMs(zone: NameZone, t: number): number {
  if (zone === LOCAL_ZONE) return -new Date(t).getTimezoneOffset() * 60_000;
  if (zone === 'UTC') return 0;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(t / 1000) * 1000;
}

/** The zone's wall-clock fields at instant t. */
export function wallClockAt(zone: NameZone, t: number): StampFields {
  const d = new Date(t + zoneOffsetMs(zone, t));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

/**
 * Every instant at which the zone's clock showed these fields: one, or two in the fall-back
 * hour (earlier first). In the spring-forward gap the clock is read as if it had not jumped
 * yet, which lands an hour later (ECMAScript's rule for local time).
 */
export function wallClockInstants(f: StampFields, zone: NameZone): number[] {
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  if (zone === 'UTC') return [wall];
  const before = zoneOffsetMs(zone, wall - 24 * HOUR);
  const after = zoneOffsetMs(zone, wall + 24 * HOUR);
  const found: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const t = wall - off;
    if (zoneOffsetMs(zone, t) === off) found.push(t);
  }
  if (found.length === 0) return [wall - before];
  return found.sort((a, b) => a - b);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "14:32:05" (or "14:32") on the zone's wall clock: the axis, the dialogs and the export notes say times alike. */
export function clockLabel(t: number, zone: NameZone, seconds = true): string {
  const f = wallClockAt(zone, t);
  return `${pad2(f.hour)}:${pad2(f.minute)}${seconds ? `:${pad2(f.second)}` : ''}`;
}
