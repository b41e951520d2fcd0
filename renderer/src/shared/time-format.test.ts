import { describe, expect, it } from 'vitest';
import {
  aheadLabel, clipDigits, clockLabel, dayLabel, formatDuration, formatInterval, formatRecorded, formatSeconds, momentLabel, wallClockLabel, wallDayLabel,
} from './time-format.js';

// Intl may put a narrow no-break space before AM/PM: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const AFTERNOON = Date.UTC(2026, 10, 20, 13, 17, 5);
const MORNING = Date.UTC(2026, 10, 20, 9, 5, 0);

describe('clock times follow the locale\'s hour cycle', () => {
  it.each([
    // locale, afternoon with seconds, afternoon, morning, midnight
    ['en-US', '1:17:05 PM', '1:17 PM', '9:05 AM', '12:05 AM'],
    ['en-GB', '13:17:05', '13:17', '09:05', '00:05'],
    ['de-DE', '13:17:05', '13:17', '09:05', '00:05'],
  ])('%s', (locale, withSeconds, afternoon, morning, midnight) => {
    expect(plain(clockLabel(AFTERNOON, 'UTC', true, locale))).toBe(withSeconds);
    expect(plain(clockLabel(AFTERNOON, 'UTC', false, locale))).toBe(afternoon);
    expect(plain(clockLabel(MORNING, 'UTC', false, locale))).toBe(morning);
    expect(plain(clockLabel(Date.UTC(2026, 10, 20, 0, 5), 'UTC', false, locale))).toBe(midnight);
    expect(plain(wallClockLabel({ hour: 9, minute: 5 }, locale))).toBe(morning);
  });

  it.each([
    ['en-US', 'Nov 20, 2026, 1:17:05 PM', 'Fri, Nov 20', 'Fri, Nov 20, 1:17 PM', 'Fri, Nov 20, 1:17:05 PM'],
    ['en-GB', '20 Nov 2026, 13:17:05', 'Fri 20 Nov', 'Fri 20 Nov, 13:17', 'Fri 20 Nov, 13:17:05'],
    ['de-DE', '20. Nov. 2026, 13:17:05', 'Fr., 20. Nov.', 'Fr., 20. Nov., 13:17', 'Fr., 20. Nov., 13:17:05'],
  ])('dates and moments in %s', (locale, recorded, day, moment, momentS) => {
    // formatRecorded reads this computer's zone, whatever it is.
    expect(plain(formatRecorded(new Date(2026, 10, 20, 13, 17, 5).getTime(), locale))).toBe(recorded);
    expect(plain(dayLabel(AFTERNOON, 'UTC', locale))).toBe(day);
    expect(plain(wallDayLabel({ year: 2026, month: 11, day: 20 }, locale))).toBe(day);
    expect(plain(momentLabel(AFTERNOON, 'UTC', { locale }))).toBe(moment);
    expect(plain(momentLabel(AFTERNOON, 'UTC', { locale, seconds: true }))).toBe(momentS);
  });

  it('reads the clock in the zone asked for', () => {
    expect(clockLabel(AFTERNOON, 'America/New_York', false, 'en-GB')).toBe('08:17');
    expect(clockLabel(AFTERNOON, 'Asia/Kolkata', true, 'en-GB')).toBe('18:47:05');
  });
});

describe('positions and lengths on a recording', () => {
  it.each([
    [0, 0, '0:00'], [59.6, 0, '1:00'], [3725, 0, '1:02:05'], [2.62, 2, '0:02.62'], [5.02, 1, '0:05.0'],
    [59.996, 2, '1:00.00'], [3600.05, 1, '1:00:00.1'], [-1, 0, '0:00'],
  ] as const)('%s s with %s decimals: %s', (sec, digits, text) => {
    expect(formatSeconds(sec, digits)).toBe(text);
  });

  it('says nothing of an unknown length', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
    expect(formatDuration(59.6)).toBe('1:00');
  });

  it.each([
    [[2, 5], 0],
    [[2.62, 5.02], 2],
    [[2.5, 30.5], 1],
    [[2.5, 4], 2], // short: hundredths
    [[12.25, 40], 2],
  ] as const)('shows %j with %s decimals', (secs, digits) => {
    expect(clipDigits(secs[0], secs[1], secs[1] - secs[0])).toBe(digits);
  });

  it('shows a short clip of fractional seconds as it is, not as whole seconds', () => {
    expect(formatInterval(2.62, 5.02)).toBe('0:02.62 to 0:05.02 (0:02.40)');
    expect(formatInterval(2, 5)).toBe('0:02 to 0:05 (0:03)');
    expect(formatInterval(62.5, 90.5)).toBe('1:02.5 to 1:30.5 (0:28.0)');
  });
});

describe('a moment ahead ("joins at")', () => {
  it.each([
    // seconds ahead of 09:05:00, label (en-US)
    [3_000, '9:05:03 AM'], // under a minute: to the second, or it would read as now
    [59_000, '9:05:59 AM'],
    [60_000, '9:06 AM'],
    [10 * 60_000 + 5_000, '9:15 AM'],
  ])('%s ms ahead reads %s', (ahead, label) => {
    expect(plain(aheadLabel(MORNING + ahead, MORNING, 'UTC', 'en-US'))).toBe(label);
  });
});
