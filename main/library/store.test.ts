import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../contract/api.js';
import { tmpDir } from '../test-support/tmp.js';
import { makeEntry } from './entries.js';
import { decodeSnapshot, encodeSnapshot, LibraryStore } from './store.js';

const entry = (i: number, extra: Partial<LibraryEntry> = {}): LibraryEntry => ({
  ...makeEntry(`id${i}`, i % 2 ? '/a' : '/b', `cam-${i % 3}/day/f${i}.mp4`, i, 1_700_000_000_000 + i, i === 3 ? 'permission denied' : null),
  ...extra,
});

async function opened(dataDir: string) {
  const store = new LibraryStore(dataDir);
  const loaded = await store.load();
  return { store, ...loaded };
}

describe('snapshot encoding', () => {
  it('round-trips every field', () => {
    const entries = [entry(0), entry(1, { probe: 'probed', media: { durationSec: 12.5, videoCodec: 'mpeg4', width: 640, height: 480, audioCodecs: ['mp2'] } }), entry(2, { probe: 'failed', probeError: 'not a playable video' }), entry(3), makeEntry('top', '/a', 'top.mp4', 5, 9, null)];
    expect(decodeSnapshot(encodeSnapshot(entries, 7))).toEqual({ generation: 7, entries });
  });
  it.each([
    ['cut short', (s: string) => s.slice(0, s.length / 2), /cut short/],
    ['another format', () => '{"format":"x"}', /not a Reelvault/],
    ['a newer version', (s: string) => s.replace('"version":1', '"version":99'), /version 99/],
    ['mismatched columns', (s: string) => s.replace('"count":2', '"count":3'), /entry count/],
  ])('rejects a snapshot %s', (_, damage, message) => {
    expect(() => decodeSnapshot(damage(encodeSnapshot([entry(0), entry(1)], 1)))).toThrow(message);
  });
});

describe('LibraryStore', () => {
  it('a small change appends one journal line and leaves the snapshot alone', async () => {
    const dir = tmpDir();
    const { store } = await opened(dir);
    const base = Array.from({ length: 3000 }, (_, i) => entry(i));
    await store.compact(base);
    const snap = path.join(dir, 'library', 'snapshot.json');
    const before = fs.statSync(snap);
    await store.record([entry(5, { size: 999 })], ['id7'], 3000, () => { throw new Error('must not rewrite everything'); });
    expect(fs.statSync(snap).mtimeMs).toBe(before.mtimeMs);
    const journal = fs.readFileSync(path.join(dir, 'library', 'journal.ndjson'), 'utf8').trim().split('\n');
    expect(journal).toHaveLength(2); // header + one change
    const { entries, warnings } = await opened(dir);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(2999);
    expect(entries.find((e) => e.id === 'id5')!.size).toBe(999);
    expect(entries.find((e) => e.id === 'id7')).toBeUndefined();
  });

  it('compacts when the journal outgrows a quarter of the index', async () => {
    const dir = tmpDir();
    const { store } = await opened(dir);
    const current = new Map(Array.from({ length: 4000 }, (_, i) => [`id${i}`, entry(i)]));
    await store.compact([...current.values()]);
    let compactions = 0;
    for (let round = 0; round < 12; round++) {
      const puts = Array.from({ length: 100 }, (_, i) => entry(round * 100 + i, { size: round }));
      for (const e of puts) current.set(e.id, e);
      await store.record(puts, [], current.size, () => { compactions++; return [...current.values()]; });
    }
    expect(compactions).toBe(1); // 1,200 changes > max(1000, 4000 / 4)
    const { entries } = await opened(dir);
    expect(new Map(entries.map((e) => [e.id, e]))).toEqual(current);
  });

  it('sets a damaged snapshot aside with a warning and starts empty', async () => {
    const dir = tmpDir();
    const { store } = await opened(dir);
    await store.compact([entry(1), entry(2)]);
    await store.record([entry(9)], [], 2, () => []);
    const snap = path.join(dir, 'library', 'snapshot.json');
    fs.truncateSync(snap, 100);
    const { entries, warnings } = await opened(dir);
    expect(entries).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/damaged.*rebuilds it.*kept as .*snapshot\.json\.damaged-/);
    const kept = fs.readdirSync(path.join(dir, 'library')).filter((f) => f.startsWith('snapshot.json.damaged-'));
    expect(kept).toHaveLength(1);
  });

  it('drops a damaged journal tail, keeps the lines before it, and carries on appending', async () => {
    const dir = tmpDir();
    const { store } = await opened(dir);
    await store.compact([entry(1)]);
    await store.record([entry(2)], [], 1, () => []);
    await store.record([entry(3)], [], 2, () => []);
    const journal = path.join(dir, 'library', 'journal.ndjson');
    const text = fs.readFileSync(journal, 'utf8');
    fs.writeFileSync(journal, text.slice(0, text.length - 10)); // the last line cut mid-way
    const first = await opened(dir);
    expect(first.entries.map((e) => e.id).sort()).toEqual(['id1', 'id2']);
    expect(first.warnings).toEqual(['The end of the library journal was damaged and was dropped; the scan restores what it held.']);
    await first.store.record([entry(4)], [], 2, () => []);
    const second = await opened(dir);
    expect(second.warnings).toEqual([]);
    expect(second.entries.map((e) => e.id).sort()).toEqual(['id1', 'id2', 'id4']);
  });

  it('ignores a journal from before the last compaction (a crash between the two writes)', async () => {
    const dir = tmpDir();
    const { store } = await opened(dir);
    await store.compact([entry(1)]);
    await store.record([], ['id1'], 1, () => []);
    const journal = path.join(dir, 'library', 'journal.ndjson');
    const stale = fs.readFileSync(journal, 'utf8');
    await store.compact([entry(2)]);
    fs.writeFileSync(journal, stale); // as if the process died before resetting the journal
    const { entries, warnings } = await opened(dir);
    expect(entries.map((e) => e.id)).toEqual(['id2']);
    expect(warnings).toEqual([]);
  });
});
