import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, makeHash, parseHash, toQuery, type Filters } from './filters.js';

describe('filters in the URL', () => {
  it('round-trips filters and routes through the hash', () => {
    const f: Filters = { cameras: [{ root: '/media/rec & co', name: 'cam 1' }, { root: 'D:\\rec', name: 'gate' }], from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 2), text: 'xvid night', sort: 'name' };
    for (const route of [{ view: 'grid' as const }, { view: 'settings' as const }, { view: 'play' as const, id: 'A'.repeat(22), t: 12.5 }]) {
      const back = parseHash(makeHash(route, f));
      expect(back.filters).toEqual(f);
      expect(back.route).toEqual(route);
    }
    expect(makeHash({ view: 'grid' }, EMPTY_FILTERS)).toBe('#/');
  });

  it('keeps the timeline\'s window and lanes, and the sync view\'s moment, in the hash', () => {
    const f: Filters = { ...EMPTY_FILTERS, cameras: [{ root: 'r'.repeat(12), name: 'gate' }], text: 'night' };
    const k1 = 'AbCdEfGhIjKlY2FtLTE', k2 = 'AbCdEfGhIjKlY2FtLTI';
    const timeline = { view: 'timeline' as const, from: 1_790_000_000_000, to: 1_790_086_400_000, lanes: [k1, k2] };
    const h = makeHash(timeline, f);
    expect(h).toContain(`lanes=${k1},${k2}`);
    expect(h).toMatch(/^#\/timeline\?.*from=1790000000000&to=1790086400000/);
    expect(parseHash(h)).toEqual({ route: timeline, filters: f });
    const sync = { view: 'sync' as const, lanes: [k1, k2], t: 1_790_000_123_000 };
    expect(makeHash(sync, EMPTY_FILTERS)).toBe(`#/sync?t=1790000123000&lanes=${k1},${k2}`);
    expect(parseHash(`#/sync?lanes=${k1},${k2}&t=1790000123000`).route).toEqual(sync);
    expect(parseHash('#/timeline?lanes=x,../..,%00').route).toEqual({ view: 'timeline', lanes: [] });
  });

  it('ignores what it cannot read instead of failing', () => {
    const { route, filters } = parseHash('#/play/../../etc?sort=sideways&from=yesterday&cam=nonewline&q=' + 'x'.repeat(900));
    expect(route).toEqual({ view: 'grid' });
    expect(filters.sort).toBe('recorded-desc');
    expect(filters.from).toBeUndefined();
    expect(filters.cameras).toEqual([]);
    expect(filters.text).toHaveLength(500);
  });

  it('makes the contract query, leaving out what is not set', () => {
    expect(toQuery({ ...EMPTY_FILTERS, text: '  ' })).toEqual({ sort: 'recorded-desc' });
    expect(toQuery({ ...EMPTY_FILTERS, from: 5, text: ' cam ' })).toEqual({ sort: 'recorded-desc', from: 5, text: 'cam' });
  });
});
