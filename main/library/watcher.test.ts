import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tmpDir, writeTree } from '../test-support/tmp.js';
import { Library } from './library.js';
import { NativeWatchUnavailable, watchNative, type WatchBackend, type WatchSink } from './watch-backends.js';
import { LibraryWatcher, type RootState } from './watcher.js';

const STABLE = 400;

async function setup(files: Record<string, string> = {}, opts: { network?: boolean; stabilityMs?: number } = {}) {
  const root = tmpDir();
  writeTree(root, files);
  const lib = await Library.open(tmpDir('rv-data-'));
  await lib.scan([root]);
  const events: Array<{ at: number; ids: string[] }> = [];
  lib.on('changed', (ids) => events.push({ at: Date.now(), ids }));
  const states: Array<[string, RootState]> = [];
  const back: string[] = [];
  // The native backend, with a way to raise the errors it would report.
  const sinks: WatchSink[] = [];
  const native: WatchBackend = (r, sink, o) => { sinks.push(sink); return watchNative(r, sink, o); };
  const raise = (err: NodeJS.ErrnoException) => sinks.at(-1)!.error(err);
  const watcher = new LibraryWatcher(lib, {
    batchMs: 250, pollIntervalMs: 100, offlineCheckMs: 200, onRootState: (r, s) => states.push([r, s]), onRootBack: (r) => back.push(r), native,
  });
  await watcher.addRoot(root, { stabilityMs: STABLE, ...opts });
  const entry = (name: string) => lib.query({ limit: 5000 }).items.find((e) => e.filename === name);
  return { root, lib, events, states, back, watcher, entry, raise };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  await vi.waitFor(() => { if (!cond()) throw new Error('timed out waiting'); }, { timeout: ms, interval: 20 });
}

/**
 * Until a poller has taken its first look at `dir`: a file created before that look is part of
 * what it starts from and raises no event (the scan finds those), so new files are written, one
 * each try, until one of them is listed.
 */
async function pollerLooking(dir: string, listed: (name: string) => boolean): Promise<void> {
  let n = 0;
  await vi.waitFor(() => {
    for (let k = 0; k < n; k++) if (listed(`look${k}.mp4`)) return;
    fs.writeFileSync(path.join(dir, `look${n++}.mp4`), 'l');
    throw new Error('the poller has not looked yet');
  }, { timeout: 15_000, interval: 200 });
}

describe('LibraryWatcher', () => {
  it('lists a new file at once as recording, then as a finished file once it is still', async () => {
    const t = await setup({ 'cam/old.mp4': 'x' });
    try {
      fs.writeFileSync(path.join(t.root, 'cam/new.mp4'), 'abc');
      await until(() => t.entry('new.mp4') !== undefined);
      expect(t.entry('new.mp4')).toMatchObject({ status: 'recording', camera: 'cam', size: 3 });
      await until(() => t.entry('new.mp4')?.status === 'ok');
    } finally { await t.watcher.close(); }
  });

  it('keeps a growing file as recording until it stops, follows a truncation, and gives it the scan\'s id', async () => {
    // A long window, so a busy machine's timer delays cannot make the file look finished.
    const t = await setup({}, { stabilityMs: 2000 });
    try {
      const f = path.join(t.root, 'cam1/rec.avi');
      fs.mkdirSync(path.dirname(f));
      fs.appendFileSync(f, Buffer.alloc(1000, 9));
      await until(() => t.entry('rec.avi') !== undefined);
      for (let i = 0; i < 5; i++) {
        fs.appendFileSync(f, Buffer.alloc(1000, i));
        // Seen grown, and still a recording: each write starts its stability window again.
        await until(() => t.entry('rec.avi')?.size === 1000 * (i + 2));
        expect(t.entry('rec.avi')?.status).toBe('recording');
      }
      fs.truncateSync(f, 500);
      await until(() => t.entry('rec.avi')?.status === 'ok' && t.entry('rec.avi')?.size === 500);
      await t.lib.scan([t.root]);
      expect(t.lib.query({}).items.map((e) => e.filename)).toEqual(['rec.avi']); // same id: no duplicate
    } finally { await t.watcher.close(); }
  });

  it('follows renames into and out of the root, and deletions', async () => {
    const t = await setup({ 'cam/a.mp4': 'a', 'cam/b.mp4': 'b' });
    const outside = tmpDir();
    try {
      fs.writeFileSync(path.join(outside, 'in.mp4'), 'in');
      fs.renameSync(path.join(outside, 'in.mp4'), path.join(t.root, 'cam/in.mp4'));
      fs.renameSync(path.join(t.root, 'cam/a.mp4'), path.join(outside, 'a.mp4'));
      fs.rmSync(path.join(t.root, 'cam/b.mp4'));
      await until(() => t.entry('in.mp4')?.status === 'ok' && !t.entry('a.mp4') && !t.entry('b.mp4'));
    } finally { await t.watcher.close(); }
  });

  it('finds the files of a folder moved in whole, or written right after the folder was made', async () => {
    const t = await setup({ 'cam/seed.mp4': 's' });
    const outside = tmpDir();
    try {
      writeTree(outside, { 'day/x.mp4': 'x', 'day/deeper/y.avi': 'y' });
      fs.renameSync(path.join(outside, 'day'), path.join(t.root, 'cam/day'));
      fs.mkdirSync(path.join(t.root, 'cam/fresh'));
      fs.writeFileSync(path.join(t.root, 'cam/fresh/z.mkv'), 'z');
      await until(() => ['x.mp4', 'y.avi', 'z.mkv'].every((n) => t.entry(n)?.status === 'ok'));
    } finally { await t.watcher.close(); }
  });

  it('drops every file of a folder that is deleted or moved away as a whole', async () => {
    const t = await setup({ 'cam/2026-11-20/a.mp4': 'a', 'cam/2026-11-20/b.mp4': 'b', 'cam/2026-11-21/c.mp4': 'c', 'other/d.mp4': 'd' });
    const outside = tmpDir();
    try {
      fs.rmSync(path.join(t.root, 'cam/2026-11-20'), { recursive: true });
      fs.renameSync(path.join(t.root, 'cam/2026-11-21'), path.join(outside, 'moved'));
      await until(() => t.lib.query({}).items.map((e) => e.filename).join() === 'd.mp4');
    } finally { await t.watcher.close(); }
  });

  it('indexes a burst of files in batches, not one change event per file', async () => {
    const t = await setup({ 'cam/seed.mp4': 's' });
    try {
      for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(t.root, 'cam', `f${i}.mp4`), 'x');
      await until(() => t.lib.query({ status: ['ok'], limit: 0 }).total === 301, 10_000);
      // Each file changes twice (listed as recording, then finished): one event per file would be
      // 600. Batches of 250 ms give a handful; the bound leaves room for a slow machine, where
      // the burst itself spans many batches. (The time between events is not asserted: a slow
      // journal write can delay one event and bring it close to the next.)
      expect(t.events.length).toBeLessThanOrEqual(60);
      expect(new Set(t.events.flatMap((e) => e.ids)).size).toBe(300);
    } finally { await t.watcher.close(); }
  });

  it('never deletes the entries of a root whose drive goes away (an empty mount point stays)', async () => {
    const t = await setup({ 'cam/a.mp4': 'a', 'cam/b.mp4': 'b' });
    const aside = `${t.root}-unmounted`;
    // The fewest entries the library ever had, whenever it changed: a deletion at any moment shows.
    let fewest = t.lib.query({}).total;
    t.lib.on('changed', () => { fewest = Math.min(fewest, t.lib.query({}).total); });
    try {
      fs.renameSync(path.join(t.root, 'cam'), path.join(aside));
      await until(() => t.states.some(([, s]) => s.mode === 'offline'));
      expect(t.lib.query({}).total).toBe(2);
      // Back again: the caller is told, so it can rescan and reconcile.
      fs.renameSync(aside, path.join(t.root, 'cam'));
      await until(() => t.back.length === 1);
      expect(t.back).toEqual([t.root]);
      fs.writeFileSync(path.join(t.root, 'cam/after.mp4'), 'x');
      await until(() => t.entry('after.mp4')?.status === 'ok');
      expect(fewest).toBe(2);
    } finally {
      if (fs.existsSync(aside)) fs.renameSync(aside, path.join(t.root, 'cam'));
      await t.watcher.close();
    }
  });

  it('polls a network root, and falls back to polling when the watch limit is reached', async () => {
    const net = await setup({}, { network: true });
    try {
      expect(net.watcher.isPolling(net.root)).toBe(true);
      expect(net.states[0]![1]).toMatchObject({ mode: 'polling', reason: expect.stringMatching(/network/) });
      await pollerLooking(net.root, (n) => net.entry(n) !== undefined);
      fs.writeFileSync(path.join(net.root, 'n.mp4'), 'n');
      await until(() => net.entry('n.mp4')?.status === 'ok').catch((e) => { throw new Error(`network: ${e.message}`); });
    } finally { await net.watcher.close(); }
    const t = await setup();
    try {
      expect(t.watcher.isPolling(t.root)).toBe(false);
      t.raise(Object.assign(new Error('watch limit'), { code: 'ENOSPC' }));
      await until(() => t.watcher.isPolling(t.root));
      expect(t.states.at(-1)![1]).toMatchObject({ mode: 'polling', reason: expect.stringMatching(/watch limit/) });
      await pollerLooking(t.root, (n) => t.entry(n) !== undefined);
      fs.writeFileSync(path.join(t.root, 'p.mp4'), 'p');
      await until(() => t.entry('p.mp4')?.status === 'ok');
    } finally { await t.watcher.close(); }
  });

  it('ignores hidden files and non-videos, and stops watching a removed root', async () => {
    const t = await setup();
    const other = tmpDir();
    try {
      fs.writeFileSync(path.join(t.root, '.hidden.mp4'), 'h');
      fs.writeFileSync(path.join(t.root, 'notes.txt'), 't');
      // A video written after them, finished: by then the two were seen too, and left out.
      fs.writeFileSync(path.join(t.root, 'after.mp4'), 'a');
      await until(() => t.entry('after.mp4')?.status === 'ok');
      expect(t.lib.query({}).items.map((e) => e.filename)).toEqual(['after.mp4']);
      await t.watcher.removeRoot(t.root);
      await t.watcher.addRoot(other, { stabilityMs: STABLE });
      fs.writeFileSync(path.join(t.root, 'late.mp4'), 'l');
      // Written after it in a root still watched, and finished: the removed root's file, had it
      // been seen, would be listed by now (as a recording, at once).
      fs.writeFileSync(path.join(other, 'marker.mp4'), 'm');
      await until(() => t.entry('marker.mp4')?.status === 'ok');
      expect(t.entry('late.mp4')).toBeUndefined();
    } finally { await t.watcher.close(); }
  });

  it('polls a root where the native watcher cannot load, and says why', async () => {
    const root = tmpDir();
    const lib = await Library.open(tmpDir('rv-data-'));
    const states: Array<[string, RootState]> = [];
    const watcher = new LibraryWatcher(lib, {
      batchMs: 100, pollIntervalMs: 100, onRootState: (r, s) => states.push([r, s]),
      native: async () => { throw new NativeWatchUnavailable('native file watching is unavailable (no prebuild for this system)'); },
    });
    await watcher.addRoot(root, { stabilityMs: 200 });
    expect(states.at(-1)).toEqual([root, { mode: 'polling', reason: 'native file watching is unavailable (no prebuild for this system): checked on an interval' }]);
    const listed = (name: string) => lib.query({ limit: 100 }).items.find((e) => e.filename === name);
    await pollerLooking(root, (n) => listed(n) !== undefined);
    fs.writeFileSync(path.join(root, 'clip.mp4'), 'x');
    await until(() => listed('clip.mp4')?.status === 'ok', 15_000);
    await watcher.close();
  }, 20_000); // (two cores shared with the whole suite: the polls can come late)
});
