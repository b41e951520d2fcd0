import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../contract/api.js';
import { makeEntry } from './entries.js';
import { tempIndex } from '../test-support/temp-index.js';
import type { SqlIndex } from './sql-index.js';
import { spansIn } from './timeline-index.js';

const H = 3_600_000;
const media = (durationSec: number) => ({ durationSec, videoCodec: 'h264', width: 320, height: 240, audioCodecs: [] });
const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

function e(id: string, root: string, rel: string, hour: number, size = 100, extra: Partial<LibraryEntry> = {}): LibraryEntry {
  return { ...makeEntry(id, root, rel, size, T0 + hour * H, null), recordedAt: T0 + hour * H, ...extra };
}

function index(): SqlIndex {
  return tempIndex([
    e('n1', '/s1', 'north/clip 2.mp4', 1, 500, { probe: 'probed', media: media(30) }),
    e('n2', '/s1', 'north/clip 10.mp4', 5, 200, { probe: 'probed', media: media(60) }),
    e('n3', '/s1', 'north/Door.avi', 9, 300),
    e('s1', '/s1', 'south/yard.mkv', 2, 50, { probe: 'probed', media: media(5) }),
    e('s2', '/s1', 'south/yard-night.mkv', 22, 0, { status: 'empty' }),
    e('x1', '/s2', 'north/other-site.mp4', 3, 700),
    e('r1', '/s2', 'loose.mp4', 4, 10),
  ]);
}

const ids = (r: { items: LibraryEntry[] }) => r.items.map((i) => i.id);

describe('SqlIndex.query', () => {
  it('sorts by recording time by default, newest first', () => {
    expect(ids(index().query({}))).toEqual(['s2', 'n3', 'n2', 'r1', 'x1', 's1', 'n1']);
    expect(ids(index().query({ sort: 'recorded-asc' }))).toEqual(['n1', 's1', 'x1', 'r1', 'n2', 'n3', 's2']);
  });

  it('sorts names naturally, sizes largest first, durations longest first with unprobed last', () => {
    expect(index().query({ sort: 'name' }).items.map((i) => i.filename)).toEqual(
      ['clip 2.mp4', 'clip 10.mp4', 'Door.avi', 'loose.mp4', 'other-site.mp4', 'yard-night.mkv', 'yard.mkv']);
    expect(ids(index().query({ sort: 'size' }))).toEqual(['x1', 'n1', 'n3', 'n2', 's1', 'r1', 's2']);
    expect(ids(index().query({ sort: 'duration' }))).toEqual(['n2', 'n1', 's1', 's2', 'n3', 'r1', 'x1']);
  });

  it('filters by camera per root: a camera of the same name under another root is another camera', () => {
    const r = index().query({ cameras: [{ root: '/s1', name: 'north' }] });
    expect(ids(r)).toEqual(['n3', 'n2', 'n1']);
    expect(r.total).toBe(3);
  });

  it('filters by date range, from inclusive and to exclusive', () => {
    expect(ids(index().query({ from: T0 + 2 * H, to: T0 + 5 * H, sort: 'recorded-asc' }))).toEqual(['s1', 'x1', 'r1']);
  });

  it('filters by text (every word, any case, anywhere in the path) and by status', () => {
    expect(ids(index().query({ text: 'YARD' })).sort()).toEqual(['s1', 's2']);
    expect(ids(index().query({ text: 'north clip' })).sort()).toEqual(['n1', 'n2']);
    expect(ids(index().query({ text: 'nothing-like-this' }))).toEqual([]);
    expect(ids(index().query({ status: ['empty'] }))).toEqual(['s2']);
    expect(ids(index().query({ probe: ['probed'], sort: 'duration' }))).toEqual(['n2', 'n1', 's1']);
  });

  it('pages with offset and limit, and counts the total', () => {
    const r = index().query({ sort: 'recorded-asc', offset: 2, limit: 3 });
    expect(ids(r)).toEqual(['x1', 'r1', 'n2']);
    expect(r.total).toBe(7);
    expect(index().query({ offset: 100 }).items).toEqual([]);
  });

  it('counts each facet under every filter except its own', () => {
    const r = index().query({ cameras: [{ root: '/s1', name: 'north' }], from: T0 + 2 * H, to: T0 + 23 * H });
    expect(ids(r)).toEqual(['n3', 'n2']);
    // Camera counts ignore the camera filter but honour the dates.
    expect(r.facets.cameras).toEqual([
      { root: '/s1', name: 'north', count: 2 },
      { root: '/s1', name: 'south', count: 2 },
      { root: '/s2', name: '(root)', count: 1 },
      { root: '/s2', name: 'north', count: 1 },
    ]);
    // The date range ignores the dates but honours the camera.
    expect(r.facets.recordedRange).toEqual({ min: T0 + 1 * H, max: T0 + 9 * H });
    expect(index().query({ text: 'zzz' }).facets.recordedRange).toBeNull();
  });

  it('gives the same page without facets, by slicing the order when nothing filters', () => {
    const ix = index();
    for (const q of [{}, { offset: 2, limit: 3 }, { sort: 'name' as const, limit: 4 }, { text: 'yard' }]) {
      const plain = ix.query(q, { facets: false });
      const full = ix.query(q);
      expect(plain.items).toEqual(full.items);
      expect(plain.total).toBe(full.total);
    }
    expect(ix.cameraList().map((c) => c.name).sort()).toEqual(['(root)', 'north', 'north', 'south']);
    expect(ix.hasFolder('/s1', 'north')).toBe(true);
    expect(ix.hasFolder('/s2', 'south')).toBe(false);
    expect(ix.hasFolder('/s1', 'nor')).toBe(false);
    ix.write([e('deep', '/s2', 'south/2026/11/20/x.mp4', 1)], []);
    expect(ix.hasFolder('/s2', 'south/2026/11')).toBe(true);
  });

  it('follows puts and deletes', () => {
    const ix = index();
    ix.query({ sort: 'size' }); // cache an order
    ix.write([e('big', '/s1', 'south/huge.mp4', 7, 10_000)], []);
    ix.write([], ['x1']);
    expect(ids(ix.query({ sort: 'size', limit: 2 }))).toEqual(['big', 'n1']);
    expect(ix.query({}).facets.cameras.map((c) => `${c.root}:${c.name}`)).toEqual(['/s1:north', '/s1:south', '/s2:(root)']);
  });
});

describe('timeline lanes kept with the index', () => {
  const spansOf = (ix: SqlIndex, key: string) => {
    const lane = ix.timelineLanes().get(key);
    return lane ? lane.rows(-Infinity, Infinity).map((x) => [x.id, x.start, x.end]) : null;
  };

  it('follows the entries of each camera, and drops a lane whose last file went', () => {
    const ix = index();
    expect(spansOf(ix, '/s1\0north')!.map((s) => s[0])).toEqual(['n1', 'n2', 'n3']);
    // A probe lands on north's n3: its span gains a length; south's lane is the same object still.
    const n3 = ix.get('n3')!;
    ix.write([{ ...n3, probe: 'probed', media: media(90) }], []);
    expect(spansOf(ix, '/s1\0north')![2]).toEqual(['n3', n3.startedAt, n3.startedAt + 90_000]);
    // A file moves camera (a new camera level), and the last file of a camera goes.
    ix.write([{ ...ix.get('n1')!, camera: 'south' }], []);
    expect(spansOf(ix, '/s1\0south')!.map((s) => s[0])).toEqual(['n1', 's1']);
    ix.write([], ['x1']);
    expect(spansOf(ix, '/s2\0north')).toBeNull();
    // The same lanes as a build from nothing.
    const fresh = tempIndex([...ix.entries()]);
    for (const key of ['/s1\0north', '/s1\0south', '/s2\0(root)']) expect(spansOf(ix, key)).toEqual(spansOf(fresh, key));
  });
});

describe('text search and its trigram index', () => {
  const names = ['north/Gate_0800.mp4', 'north/gate-night.mkv', 'south/yard.mp4', 'south/parking/GATE 2.avi', 'été/porte.mp4'];
  const search = (ix: SqlIndex, text: string) => ids(ix.query({ text, limit: 100 }, { facets: false })).sort();

  it('finds the same entries before the index is built, while it is behind, and after', () => {
    const ix = tempIndex(names.map((n, i) => e(`t${i}`, '/s', n, i)));
    const queries = ['gate', 'GATE north', 'ga', 'été', 'park gate', 'ate_08', 'nothing'];
    const before = queries.map((q) => search(ix, q));
    expect(before).toEqual([['t0', 't1', 't3'], ['t0', 't1'], ['t0', 't1', 't3'], ['t4'], ['t3'], ['t0'], []]);
    expect(ix.text.ready).toBe(false);
    ix.text.finish();
    expect(ix.text.ready).toBe(true);
    expect(queries.map((q) => search(ix, q))).toEqual(before);
    // New rows the index has not reached yet are still found.
    ix.write([e('t9', '/s', 'west/gate_new.mp4', 9)], ['t1']);
    expect(ix.text.ready).toBe(false);
    expect(search(ix, 'gate')).toEqual(['t0', 't3', 't9']);
    ix.text.finish();
    expect(search(ix, 'gate')).toEqual(['t0', 't3', 't9']);
    // A renamed entry is searched by its new path.
    ix.write([{ ...ix.get('t0')!, relPath: 'north/door.mp4', filename: 'door.mp4' }], []);
    expect(search(ix, 'gate')).toEqual(['t3', 't9']);
    expect(search(ix, 'door')).toEqual(['t0']);
  });
});

describe('timeline spans from packed lane columns', () => {
  it('merge as the rows do, at every zoom, and follow changes to the camera', () => {
    const list: LibraryEntry[] = [];
    for (let i = 0; i < 200; i++) {
      const x = e(`c${i}`, '/s1', `gate/clip ${i}.mp4`, i * 0.2, 10);
      list.push(i % 3 ? { ...x, probe: 'probed', media: media(60 + (i % 7) * 300) } : x);
    }
    const ix = tempIndex(list);
    const compare = () => {
      const lane = ix.timelineLanes().get('/s1\0gate')!;
      for (const minSpanMs of [0, 1000, 60_000, 3_600_000, 86_400_000]) {
        for (const [from, to] of [[T0, T0 + 40 * H], [T0 + 5 * H, T0 + 6 * H], [T0 - H, T0]]) {
          expect(spansIn(lane, from!, to!, minSpanMs)).toEqual(spansIn(lane, from!, to!, minSpanMs, () => true));
        }
      }
      return spansIn(lane, T0, T0 + 40 * H, 0).length;
    };
    expect(compare()).toBe(200);
    ix.write([{ ...ix.get('c5')!, probe: 'probed', media: media(7200) }], ['c6', 'c7']);
    expect(compare()).toBe(198);
  });
});
