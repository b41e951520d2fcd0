// Every time the renderer shows, in one place: clock times and dates follow the system locale
// (Intl, with the locale's own 12- or 24-hour cycle), so a tile, the player, the timeline and
// the dialogs never mix "13:17" with "01:18:00 PM". Lengths on a recording's own timeline
// ("1:02:05") are not clock times and read the same everywhere. Pure: table-tested in Node.
//
// `zone` is where a clock time is read: 'local' (this computer), 'UTC' or an IANA zone; the
// timeline and the sync view use the zone of the computer holding the library (caps.timeZone).
// `locale` is for tests; the app leaves it out and gets the system's.
import { LOCAL_ZONE, type NameZone, type StampFields } from '../../../contract/zone-time.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, zone: NameZone | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const timeZone = zone === undefined || zone === LOCAL_ZONE ? undefined : zone;
  const key = JSON.stringify([locale ?? '', timeZone ?? '', opts]);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

// A 24-hour locale reads "09:05", a 12-hour one "9:05 AM": the hour is padded only where the
// locale's own clock pads it ('numeric' alone gives en-GB "9:05").
const cycles = new Map<string, boolean>();
function twelveHour(locale: string | undefined): boolean {
  const key = locale ?? '';
  let h12 = cycles.get(key);
  if (h12 === undefined) {
    const c = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    h12 = c === 'h12' || c === 'h11';
    cycles.set(key, h12);
  }
  return h12;
}
function clock(locale: string | undefined, seconds: boolean | undefined): Intl.DateTimeFormatOptions {
  return { hour: twelveHour(locale) ? 'numeric' : '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) };
}
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };

export interface ClockOptions {
  /** With seconds (default true for clockLabel, false for momentLabel). */
  seconds?: boolean;
  locale?: string;
}

/** "14:32:05" or "2:32:05 PM": the zone's wall clock at t, in the locale's hour cycle. */
export function clockLabel(t: number, zone: NameZone, seconds = true, locale?: string): string {
  return formatter(locale, zone, clock(locale, seconds)).format(t);
}

/**
 * A moment ahead of `now` ("joins at …"): to the minute, unless it is under a minute away. At
 * 9:00:02 a camera joining at 9:00:05 would read "joins at 9:00 AM", a time already past.
 */
export function aheadLabel(t: number, now: number, zone: NameZone, locale?: string): string {
  return clockLabel(t, zone, t - now < 60_000, locale);
}

/** "Fri 20 Nov" (en-GB), "Fri, Nov 20" (en-US): the zone's date at t. */
export function dayLabel(t: number, zone: NameZone, locale?: string): string {
  return formatter(locale, zone, DAY).format(t);
}

/** "Fri 20 Nov 14:32" (en-GB), "Fri, Nov 20, 2:32 PM" (en-US): a moment on the timeline. */
export function momentLabel(t: number, zone: NameZone, opts: ClockOptions = {}): string {
  return formatter(opts.locale, zone, { ...DAY, ...clock(opts.locale, opts.seconds) }).format(t);
}

/** When a recording was made, on this computer's clock: "20 Nov 2026, 13:18:00", "Nov 20, 2026, 1:18:00 PM". */
export function formatRecorded(ms: number, locale?: string): string {
  return formatter(locale, LOCAL_ZONE, { year: 'numeric', month: 'short', day: 'numeric', ...clock(locale, true) }).format(ms);
}

/** Wall-clock fields (no zone: already the zone's) as a clock time, for the timeline's ticks. */
export function wallClockLabel(f: Pick<StampFields, 'hour' | 'minute'>, locale?: string): string {
  return formatter(locale, 'UTC', clock(locale, false)).format(Date.UTC(2000, 0, 1, f.hour, f.minute));
}

/** Wall-clock fields as a date ("Fri 20 Nov"), for the timeline's day ticks. */
export function wallDayLabel(f: Pick<StampFields, 'year' | 'month' | 'day'>, locale?: string): string {
  return formatter(locale, 'UTC', DAY).format(Date.UTC(f.year, f.month - 1, f.day));
}

/** Wall-clock fields as a month ("Nov 2026"), for the timeline's month ticks. */
export function wallMonthLabel(f: Pick<StampFields, 'year' | 'month'>, locale?: string): string {
  return formatter(locale, 'UTC', { month: 'short', year: 'numeric' }).format(Date.UTC(f.year, f.month - 1, 1));
}

/** A length or a position on a recording's own timeline: "0:07", "1:02:05" (whole seconds). */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '';
  return formatSeconds(sec, 0);
}

/**
 * A position with `digits` decimals of a second: "0:02.62" (digits 2), "1:02:05.0" (digits 1).
 * Rounded once, as a whole, so 59.996 s reads "1:00.00" and never "0:60.00".
 */
export function formatSeconds(sec: number, digits: 0 | 1 | 2): string {
  const scale = 10 ** digits;
  const units = Math.round(Math.max(0, sec) * scale);
  const whole = Math.floor(units / scale);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  const frac = digits ? `.${String(units % scale).padStart(digits, '0')}` : '';
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}${frac}` : `${m}:${s}${frac}`;
}

/**
 * How many decimals show an interval's ends and length truthfully: none when all are whole
 * seconds, else tenths, or hundredths when tenths would still change them or the clip is short.
 */
export function clipDigits(...secs: number[]): 0 | 1 | 2 {
  const off = (x: number, scale: number) => Math.abs(Math.round(x * scale) - x * scale) > 1e-6;
  if (!secs.some((x) => off(x, 1))) return 0;
  const span = secs.length > 1 ? Math.abs(secs[1]! - secs[0]!) : Infinity;
  return secs.some((x) => off(x, 10)) || span < 10 ? 2 : 1;
}

/** An interval on a recording's timeline: "0:02.62 to 0:05.02 (0:02.40)". */
export function formatInterval(from: number, to: number): string {
  const d = clipDigits(from, to, to - from);
  return `${formatSeconds(from, d)} to ${formatSeconds(to, d)} (${formatSeconds(to - from, d)})`;
}
