// The activity database: versions keep their analysis across an index rebuild, a changed file
// loses it, and the budget holds (issue 31 §1: ≤ 2 MiB a camera busy all day, ≤ 0.3 MiB quiet 90 %).
import { afterEach, describe, expect, it } from 'vitest';
import { fileTmpDir } from '../../test-support/tmp.js';
import { ActivityStore, activeRuns } from './activity-store.js';

const MiB = 1024 * 1024;
const open: ActivityStore[] = [];
afterEach(() => { for (const s of open.splice(0)) s.close(); });
const store = (dir = fileTmpDir('rv-act-')): ActivityStore => { const s = ActivityStore.open(dir); open.push(s); return s; };

/** A camera-day of one-minute files: `busy(second)` says whether something moves then. */
function day(s: ActivityStore, busy: (sec: number) => boolean): void {
  s.batch(() => {
  let seed = 7;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  for (let f = 0; f < 1440; f++) {
    const levels: number[] = [], cells: bigint[] = [];
    for (let k = 0; k < 60; k++) {
      if (!busy(f * 60 + k)) { levels.push(0); cells.push(0n); continue; }
      // A mover a few cells across, somewhere in the picture, as the pixel pass reports one.
      const col = Math.floor(rand() * 13), row = Math.floor(rand() * 7), w = 1 + Math.floor(rand() * 3), h = 1 + Math.floor(rand() * 3);
      let c = 0n;
      for (let y = row; y < row + h; y++) for (let x = col; x < col + w; x++) c |= 1n << BigInt(y * 16 + x);
      levels.push(Math.min(1, (w * h) / 16));
      cells.push(c);
    }
    s.putPixels({ path: `/cams/a/${f}.mp4`, size: 1000 + f, mtimeMs: 1e12 + f }, { levels, cells }, 60);
  }
  });
}

describe('activity store', () => {
  it('keeps only the runs of non-quiet seconds', () => {
    expect(activeRuns([0, 0, 0.5, 0, 0, 0.2, 0, 0, 0, 0, 0.1])).toEqual([[2, 6], [10, 11]]);
  });

  it('reads back what was written, by version; a changed file is analysed again', () => {
    const dir = fileTmpDir('rv-act-');
    const s = store(dir);
    const v = { path: '/cams/a/1.mp4', size: 10, mtimeMs: 5 };
    s.putSizes(v, { seconds: 5, blind: null, levels: [0, 1, 0.5, 0, null] });
    expect(s.hasSizes(v)).toBe(true);
    expect(s.hasPixels(v)).toBe(false);
    expect([...s.read(v)!.sizeLevels!].map((l) => Math.round(l * 100))).toEqual([0, 100, 50, 0, 0]);
    s.putPixels(v, { levels: [0, 0, 0.25, 0, 0], cells: [0n, 0n, 3n << 100n, 0n, 0n] });
    const r = s.read(v)!;
    expect(r.pixels).toBe('done');
    expect(r.sizeLevels).toBeNull();
    expect(r.cells!()[2]).toBe(3n << 100n);
    s.close();
    open.pop();
    // Reopened (as after an index rebuild): still there. A new version of the path replaces it.
    const again = store(dir);
    expect(again.hasPixels(v)).toBe(true);
    const changed = { ...v, size: 11 };
    expect(again.hasSizes(changed)).toBe(false);
    again.putSizes(changed, { seconds: 5, blind: 'intra-only', levels: [0, 0, 0, 0, 0] });
    expect(again.read(v)).toBeUndefined();
    expect(again.read(changed)!.blind).toBe('intra-only');
  });

  it('keeps mask and sensitivity per camera', () => {
    const s = store();
    expect(s.tuning('lane')).toEqual({ mask: 0n, sensitivity: 1 });
    s.setTuning('lane', { mask: 0xffn, sensitivity: 2 });
    expect(s.tuning('lane')).toEqual({ mask: 0xffn, sensitivity: 2 });
  });

  it('stays within budget: a camera busy all day, and one quiet 90 % of the time', () => {
    const busy = store();
    day(busy, () => true);
    const quiet = store();
    // Ten busy minutes in every hundred.
    day(quiet, (sec) => Math.floor(sec / 60) % 10 === 0);
    const b = busy.bytesUsed(), q = quiet.bytesUsed();
    console.log(`activity storage: busy camera-day ${(b / MiB).toFixed(2)} MiB (budget 2), quiet 90 % ${(q / MiB).toFixed(2)} MiB (budget 0.3)`);
    // A day's lane is read in one go (two queries): printed, never asserted (the machine is shared).
    const versions = Array.from({ length: 1440 }, (_, f) => ({ path: `/cams/a/${f}.mp4`, size: 1000 + f, mtimeMs: 1e12 + f }));
    const t = performance.now();
    const all = busy.readMany(versions);
    console.log(`read a busy camera-day (1,440 files): ${(performance.now() - t).toFixed(0)} ms`);
    expect(all.every((a) => a?.pixels === 'done' && a.seconds === 60)).toBe(true);
    const t2 = performance.now();
    const glance = busy.summaries(versions);
    console.log(`a busy camera-day at a glance (1,440 files): ${(performance.now() - t2).toFixed(0)} ms`);
    expect(glance.every((a) => a !== undefined && a.peak! > 0 && a.events.length > 0)).toBe(true);
    const t3 = performance.now();
    busy.summaries(versions);
    console.log(`again, from memory: ${(performance.now() - t3).toFixed(1)} ms`);
    expect(b).toBeLessThanOrEqual(2 * MiB);
    expect(q).toBeLessThanOrEqual(0.3 * MiB);
  });
});
