import { describe, expect, it } from 'vitest';
import type { Bookmark } from '../../../contract/api.js';
import { laneKey } from '../../../contract/lane-key.js';
import { bookmarksCsv, bookmarksJson, cameraOf, ticksOn } from './bookmark-list.js';

const LANE = laneKey('AAAAAAAAAAAA', 'cam, "north"');
const mark = (over: Partial<Bookmark>): Bookmark => ({
  id: 'id0000000000000a', lane: LANE, at: Date.UTC(2026, 10, 20, 14, 30), note: '', createdAt: Date.UTC(2026, 10, 21), device: 'd', deviceLabel: 'Chrome on Linux', mine: true, ...over,
});

describe('the bookmarks list as a file', () => {
  it('writes CSV a spreadsheet reads as text, formulas included', () => {
    const csv = bookmarksCsv([mark({ note: '=HYPERLINK("x")' }), mark({ note: 'van\nat the gate' })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,camera,note,device,created,lane,at,id');
    expect(lines[1]).toContain('2026-11-20T14:30:00.000Z,"cam, ""north""","\'=HYPERLINK(""x"")",Chrome on Linux');
    expect(csv).toContain('"van\nat the gate"');
  });

  it('writes JSON with the camera named', () => {
    const [b] = JSON.parse(bookmarksJson([mark({ note: 'n' })])) as Array<Record<string, unknown>>;
    expect(b).toMatchObject({ camera: 'cam, "north"', note: 'n', time: '2026-11-20T14:30:00.000Z', device: 'Chrome on Linux' });
    expect(cameraOf('not-a-key')).toBe('not-a-key');
  });

  it('places bookmarks on a recording\'s seek bar', () => {
    const start = Date.UTC(2026, 10, 20, 14, 29);
    const ticks = ticksOn([mark({}), mark({ id: 'other', lane: laneKey('BBBBBBBBBBBB', 'x') }), mark({ id: 'late', at: start + 200_000 })], LANE, start, 120);
    expect(ticks.map((t) => [t.id, t.x])).toEqual([['id0000000000000a', 0.5]]);
    expect(ticksOn([mark({})], LANE, start, 0)).toEqual([]);
  });
});
