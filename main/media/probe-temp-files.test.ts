// A failed probe-cache write leaves no temp file, and the ones earlier runs left are removed at
// start (a full disk left 26–48 empty *.tmp files in probes/ per run). New file beside
// probe-service.test.ts, which another change edits.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureLibrary } from '../test-support/media-library.js';
import { tmpDir } from '../test-support/tmp.js';
import { STALE_TEMP_MS } from './probe-cache.js';
import { ProbeService } from './probe-service.js';

const canMount = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
  const d = tmpDir();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d]).status === 0;
  if (ok) spawnSync('umount', [d]);
  return ok;
})();

const temps = (dir: string): string[] => execFileSync('find', [dir, '-name', '*.tmp']).toString().split('\n').filter(Boolean);

describe('probe cache temp files', () => {
  it.skipIf(!canMount)('a probe whose record cannot be written on a full disk still answers, and leaves no temp file', async () => {
    const { lib, byName } = await fixtureLibrary({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const id = byName('a.mp4').id;
    const small = tmpDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', small]);
    try {
      // The record's folder exists; then the disk fills up.
      fs.mkdirSync(path.join(small, 'probes', id.slice(0, 2)), { recursive: true });
      const fd = fs.openSync(path.join(small, 'filler'), 'w');
      try { for (;;) fs.writeSync(fd, Buffer.alloc(1024)); } catch { /* full */ } finally { fs.closeSync(fd); }
      const probes = new ProbeService(lib, small);
      const r = await probes.probe(id);
      expect('probe' in r).toBe(true);
      expect(temps(small)).toEqual([]);
      probes.stop();
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('removes the temp files earlier runs left at start, not a write that may still be going on', async () => {
    const { lib, data } = await fixtureLibrary({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const shard = path.join(data, 'probes', 'ab');
    fs.mkdirSync(shard, { recursive: true });
    const old = [path.join(shard, '.abcdefgh.json.123.1700000000000.0a0b0c0d.tmp'), path.join(shard, 'abcdefgh.json.123.tmp')];
    const fresh = path.join(shard, '.abcdefgi.json.456.1800000000000.0a0b0c0e.tmp');
    for (const f of [...old, fresh]) fs.writeFileSync(f, '');
    const past = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
    for (const f of old) fs.utimesSync(f, past, past);
    const probes = new ProbeService(lib, data);
    expect(await probes.cleaned).toBe(2);
    expect(temps(path.join(data, 'probes'))).toEqual([fresh]);
    probes.stop();
  });
});
