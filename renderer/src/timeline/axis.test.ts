import { describe, expect, it } from 'vitest';
import { wallClockInstants } from '../../../contract/zone-time.js';
import { axisTicks, momentLabel } from './axis.js';

const NY = 'America/New_York';
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => wallClockInstants({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, NY)[0]!;
const H = 3600_000;

describe('the timeline axis across daylight-saving changes (America/New_York)', () => {
  it.each([
    ['2026-03-08, 23 hours', 8, 3, 23],
    ['2026-11-01, 25 hours', 1, 11, 25],
    ['an ordinary day', 10, 11, 24],
  ] as const)('draws %s as long as it was', (_what, day, month, hours) => {
    const from = at(2026, month, day - 1), to = at(2026, month, day + 2);
    const days = axisTicks(from, to, 600, NY, 70, 'en-GB').filter((t) => t.major);
    const mid = days.find((t) => t.label.includes(`${day} ${month === 3 ? 'Mar' : month === 11 ? 'Nov' : 'Oct'}`))!;
    const next = days[days.indexOf(mid) + 1]!;
    expect((next.t - mid.t) / H).toBe(hours);
  });

  it('puts hour ticks on the zone\'s wall clock: 01:00 … 03:00 with the skipped hour missing on 2026-03-08', () => {
    const from = at(2026, 3, 8, 0), to = at(2026, 3, 8, 6);
    const ticks = axisTicks(from, to, 2000, NY, 40, 'en-GB').filter((t) => !t.major);
    const hourly = ticks.filter((t) => t.label.endsWith(':00'));
    expect(hourly.map((t) => t.label).slice(0, 4)).toEqual(['01:00', '03:00', '04:00', '05:00']);
    // A 12-hour locale labels the same ticks its own way, never cutting AM/PM.
    const us = axisTicks(from, to, 2000, NY, 40, 'en-US').filter((t) => !t.major).map((t) => t.label.replace(/\u202f/g, ' '));
    expect(us.filter((l) => l.endsWith(':00 AM')).slice(0, 4)).toEqual(['1:00 AM', '3:00 AM', '4:00 AM', '5:00 AM']);
    expect((hourly[1]!.t - hourly[0]!.t) / H).toBe(1); // 01:00 EST to 03:00 EDT is one real hour
  });

  it('labels moments in the library\'s zone, not the viewer\'s', () => {
    expect(momentLabel(Date.UTC(2026, 10, 20, 19, 32), NY, { locale: 'en-GB' })).toBe('Fri 20 Nov, 14:32');
    expect(momentLabel(Date.UTC(2026, 10, 20, 19, 32), 'UTC', { locale: 'en-GB' })).toBe('Fri 20 Nov, 19:32');
  });
});
