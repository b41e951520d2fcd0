// When an entry put into the index counts as a change: a scan judges this computer's files by
// what the disk says; another Reelvault's entry is taken whole.
import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../contract/api.js';
import { entryChanged, sameValue } from './entries.js';
import { remoteRoot } from './sources.js';

const local: LibraryEntry = {
  id: 'a', root: '/media/cams', relPath: 'gate/x.mp4', camera: 'gate', filename: 'x.mp4', size: 10, mtimeMs: 1e12,
  recordedAt: 1e12, startedAt: 1e12, recordedAtFrom: 'mtime', status: 'ok', probe: 'unprobed',
};
const probed: Partial<LibraryEntry> = {
  probe: 'probed', startedAt: 1e12 - 10_000, recordedAtFrom: 'mtime-duration',
  media: { durationSec: 10, videoCodec: 'h264', width: 640, height: 480, audioCodecs: ['aac'] },
};
const mirrored: LibraryEntry = { ...local, id: 'rkey.a', root: remoteRoot('key', 'root1') };

describe('entryChanged', () => {
  it.each<[string, LibraryEntry, LibraryEntry, boolean]>([
    ['a scan: the same file', local, { ...local }, false],
    ['a scan: the probe is kept, not a change', { ...local, ...probed }, local, false],
    ['a scan: a new size', local, { ...local, size: 11 }, true],
    ['a scan: a new mtime', local, { ...local, mtimeMs: 2e12 }, true],
    ['a mirror: the same entry', mirrored, { ...mirrored }, false],
    ['a mirror: their probe landed', mirrored, { ...mirrored, ...probed }, true],
    ['a mirror: only the start moved', mirrored, { ...mirrored, startedAt: 1 }, true],
    ['a mirror: only where the time came from', mirrored, { ...mirrored, recordedAtFrom: 'name' }, true],
    ['a mirror: another codec', { ...mirrored, ...probed }, { ...mirrored, ...probed, media: { ...probed.media!, videoCodec: 'hevc' } }, true],
    ['a mirror: their probe failed', mirrored, { ...mirrored, probe: 'failed', probeError: 'not a video' }, true],
  ])('%s', (_, a, b, changed) => {
    expect(entryChanged(a, b)).toBe(changed);
  });
});

describe('sameValue', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: [1, 2] }, { a: [1, 2] }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
    [{ a: null }, { a: undefined }, false],
    [[], {}, false],
    [{ b: 1, a: 2 }, { a: 2, b: 1 }, true],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
  });
});
