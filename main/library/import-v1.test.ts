// The first start after the upgrade: an index the previous version wrote (its snapshot plus
// journal, written here by that version's own store code, kept in store.ts) comes over whole.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../contract/api.js';
import { tmpDir } from '../test-support/tmp.js';
import { makeEntry } from './entries.js';
import { V1_BACKUP } from './import-v1.js';
import { Library } from './library.js';
import { DEFAULT_NAMING, withNaming } from './recording-times.js';
import { isRemoteRoot, remoteRoot } from './sources.js';
import { LibraryStore } from './store.js';

const T = Date.UTC(2026, 10, 20, 8);
const media = { durationSec: 60, videoCodec: 'h264', width: 1280, height: 720, audioCodecs: ['aac'], createdAt: T };

function oldEntries(): LibraryEntry[] {
  const out: LibraryEntry[] = [];
  for (let i = 0; i < 2500; i++) {
    const e = makeEntry(`id${i}`, i % 3 ? '/rec/a' : '/rec/b', `cam-${i % 7}/2026-11-20/cam-${i % 7}_20261120_${String(80000 + i).padStart(6, '0')}.mp4`, 1000 + i, T + i * 60_000, i === 5 ? 'permission denied' : null);
    if (i % 4 === 1) out.push({ ...e, probe: 'probed', media });
    else if (i % 4 === 2) out.push({ ...e, probe: 'failed', probeError: 'not a playable video' });
    else out.push(e);
  }
  out.push({ ...makeEntry('top', '/rec/a', 'loose.mp4', 0, T, null) });
  out.push({
    ...makeEntry('k1.AAAAAAAAAAAAAAAAAAAAAA', remoteRoot('k1', 'r1'), 'north/x.mp4', 10, T, null),
    camera: 'north', recordedAt: T - 5, startedAt: T - 5, recordedAtFrom: 'container',
  });
  return out;
}

describe('upgrading from the snapshot and journal', () => {
  it('imports every entry in one go, keeps the old files aside until the next start, and resumes mirrors where they were', async () => {
    const dataDir = tmpDir();
    // What the previous version left: a snapshot, then a journal of later changes.
    const old = new LibraryStore(dataDir);
    await old.load();
    const base = oldEntries();
    await old.compact(base);
    await old.record([{ ...base[10]!, size: 4242 }, makeEntry('new1', '/rec/b', 'cam-9/new.mp4', 7, T, null)], ['id11'], base.length, () => base);
    fs.mkdirSync(path.join(dataDir, 'remotes'));
    fs.writeFileSync(path.join(dataDir, 'remotes', 'k1.cursor'), JSON.stringify({ cursor: 77 }));
    // What that version itself loaded from them (start times derived by the default options).
    const expected = (await new LibraryStore(dataDir).load()).entries.map((e) => (isRemoteRoot(e.root) ? e : withNaming(e, DEFAULT_NAMING)));
    expect(expected).toHaveLength(base.length + 1 - 1);

    const lib = await Library.open(dataDir);
    expect(lib.warnings).toEqual([]);
    expect(lib.index.size).toBe(expected.length);
    for (const e of expected) expect(lib.get(e.id)).toEqual(e);
    expect(lib.remoteCursor('k1')).toBe(77);
    expect(fs.readdirSync(path.join(dataDir, V1_BACKUP)).sort()).toEqual(['journal.ndjson', 'snapshot.json']);
    expect(fs.existsSync(path.join(dataDir, 'library', 'snapshot.json'))).toBe(false);
    await lib.close();

    // The next start succeeds without them: they go.
    const again = await Library.open(dataDir);
    expect(again.index.size).toBe(expected.length);
    expect(again.get('id10')!.size).toBe(4242);
    expect(fs.existsSync(path.join(dataDir, V1_BACKUP))).toBe(false);
    await again.close();
  });
});
