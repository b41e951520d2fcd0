import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fingerprint, tmpDir, writeTree } from '../test-support/tmp.js';
import { Library, type ScanReport } from './library.js';

async function scanned(roots: string[], dataDir = tmpDir('rv-data-')): Promise<{ lib: Library; report: ScanReport; dataDir: string }> {
  const lib = await Library.open(dataDir);
  const report = await lib.scan(roots);
  return { lib, report, dataDir };
}

const all = (lib: Library) => lib.query({ limit: 1000, sort: 'name' }).items;
const rels = (lib: Library) => all(lib).map((e) => e.relPath).sort();
const reasons = (r: ScanReport) => Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));

describe('scanning a library folder', () => {
  it('indexes videos recursively by extension, in any case, and counts the rest', async () => {
    const root = tmpDir();
    writeTree(root, {
      'cam-1/2026-11-20/a.mp4': 'a', 'cam-1/2026-11-20/B.AVI': 'b', 'cam-1/c.MkV': 'c', 'cam-2/deep/er/d.m2ts': 'd',
      'top.mov': 't', 'cam-1/notes.txt': 'n', 'cam-2/e.mp4.part': 'p',
    });
    const { lib, report } = await scanned([root]);
    expect(rels(lib)).toEqual(['cam-1/2026-11-20/B.AVI', 'cam-1/2026-11-20/a.mp4', 'cam-1/c.MkV', 'cam-2/deep/er/d.m2ts', 'top.mov']);
    expect(report.files).toBe(5);
    expect(report.otherFiles).toBe(2);
    expect(report.roots).toEqual([{ root, status: 'ok', dev: expect.any(Number), files: 5, ok: 5, empty: 0, unreadable: 0, recording: 0 }]);
    expect(report.changes).toEqual({ added: 5, changed: 0, removed: 0 });
  });

  it('fills every entry field: camera from the first folder, recorded time from the name or mtime', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam-north/2026-11-20/rec_20261120_143000.avi': 'x', 'loose.mp4': '' });
    const mtime = new Date('2025-01-02T03:04:05Z');
    fs.utimesSync(path.join(root, 'loose.mp4'), mtime, mtime);
    const { lib } = await scanned([root]);
    const [cam, loose] = [all(lib).find((e) => e.camera === 'cam-north')!, all(lib).find((e) => e.filename === 'loose.mp4')!];
    expect(cam).toMatchObject({
      root, relPath: 'cam-north/2026-11-20/rec_20261120_143000.avi', camera: 'cam-north', filename: 'rec_20261120_143000.avi',
      size: 1, status: 'ok', recordedAtFrom: 'name', recordedAt: new Date(2026, 10, 20, 14, 30, 0).getTime(),
    });
    expect(loose).toMatchObject({ camera: '(root)', size: 0, status: 'empty', reason: 'file is empty (0 bytes)', recordedAtFrom: 'mtime', recordedAt: mtime.getTime() });
  });

  it('gives opaque ids that survive a restart and a rescan', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a' });
    const { lib, dataDir } = await scanned([root]);
    const id = all(lib)[0]!.id;
    expect(id).not.toContain('a.mp4');
    expect(Buffer.from(id, 'base64url').toString('latin1')).not.toContain('cam');
    const again = await Library.open(dataDir);
    await again.scan([root]);
    expect(all(again)[0]!.id).toBe(id);
    // Another data dir has another key, so ids are not guessable across installs.
    const other = await scanned([root]);
    expect(all(other.lib)[0]!.id).not.toBe(id);
  });

  it('skips hidden folders and files, and says so', async () => {
    const root = tmpDir();
    writeTree(root, { '.thumbnails/t.mp4': 't', 'cam/.trash/x.mp4': 'x', 'cam/._a.mp4': 'apple', 'cam/a.mp4': 'a' });
    const { lib, report } = await scanned([root]);
    expect(rels(lib)).toEqual(['cam/a.mp4']);
    expect(reasons(report)).toEqual({ '.thumbnails': 'hidden folder', 'cam/.trash': 'hidden folder', 'cam/._a.mp4': 'hidden file' });
  });

  it('handles symbolic links: inside kept, outside, broken and looping ones reported, folders never followed', async () => {
    const root = tmpDir();
    const outside = tmpDir();
    writeTree(outside, { 'secret.mp4': 's', 'dir/x.mp4': 'x' });
    writeTree(root, { 'cam/real.mp4': 'r', 'cam/sub/deep.mp4': 'd' });
    fs.symlinkSync(path.join(root, 'cam/real.mp4'), path.join(root, 'cam/latest.mp4'));
    fs.symlinkSync(path.join(outside, 'secret.mp4'), path.join(root, 'cam/escape.mp4'));
    fs.symlinkSync('/etc/passwd', path.join(root, 'cam/passwd.avi'));
    fs.symlinkSync(path.join(root, 'cam/nowhere.mp4'), path.join(root, 'cam/broken.mp4'));
    fs.symlinkSync('loop-b.mp4', path.join(root, 'cam/loop-a.mp4'));
    fs.symlinkSync('loop-a.mp4', path.join(root, 'cam/loop-b.mp4'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'cam/outdir'));
    fs.symlinkSync(path.join(root, 'cam'), path.join(root, 'cam/sub/up'));
    const { lib, report } = await scanned([root]);
    expect(rels(lib)).toEqual(['cam/latest.mp4', 'cam/real.mp4', 'cam/sub/deep.mp4']);
    expect(reasons(report)).toEqual({
      'cam/escape.mp4': 'link points outside the library folder',
      'cam/passwd.avi': 'link points outside the library folder',
      'cam/broken.mp4': 'broken symbolic link',
      'cam/loop-a.mp4': 'symbolic link loop',
      'cam/loop-b.mp4': 'symbolic link loop',
      'cam/outdir': 'link points outside the library folder',
      'cam/sub/up': 'link to a folder already in the library',
    });
  });

  it('lists awkward names as they are', async () => {
    const root = tmpDir();
    const names = ['with space.mp4', 'ünïcødé 日本.mp4', 'hash#1.mp4', 'pct%20.mp4', 'plus+1.mp4', '-leading-dash.mp4', 'q?.mp4', `${'long'.repeat(55)}.mp4`];
    writeTree(root, Object.fromEntries(names.map((n) => [`cam/${n}`, 'x'])));
    const { lib } = await scanned([root]);
    expect(all(lib).map((e) => e.filename).sort()).toEqual([...names].sort());
  });

  it('lists a name that is not valid UTF-8 under a readable form, as unreadable', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/fine.mp4': 'f' });
    const raw = Buffer.concat([Buffer.from(`${root}/cam/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.avi')]);
    fs.writeFileSync(raw, 'x');
    const { lib, report } = await scanned([root]);
    const bad = all(lib).find((e) => e.filename !== 'fine.mp4')!;
    expect(bad).toMatchObject({ relPath: 'cam/bad-\\xff\\xfe.avi', status: 'unreadable', reason: 'name is not valid UTF-8', size: 1 });
    expect(report.problems).toEqual([{ root, path: 'cam/bad-\\xff\\xfe.avi', status: 'unreadable', reason: 'name is not valid UTF-8' }]);
  });

  it('reports a root that does not exist, and a root given twice, without failing the others', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a' });
    const missing = path.join(root, 'nope');
    const { lib, report } = await scanned([root, missing, `${root}/./`]);
    expect(report.roots.map((r) => [r.root, r.status, r.reason])).toEqual([
      [root, 'ok', undefined], [missing, 'missing', 'folder not found'], [root, 'duplicate', `same folder as ${root}`],
    ]);
    expect(rels(lib)).toEqual(['cam/a.mp4']);
  });

  it('indexes a nested root once, under the inner root', async () => {
    const outer = tmpDir();
    writeTree(outer, { 'cam-a/a.mp4': 'a', 'site-2/cam-b/b.mp4': 'b' });
    const inner = path.join(outer, 'site-2');
    const { lib, report } = await scanned([outer, inner]);
    const rows = all(lib).map((e) => [e.root, e.camera, e.relPath]).sort();
    expect(rows).toEqual([[outer, 'cam-a', 'cam-a/a.mp4'], [inner, 'cam-b', 'cam-b/b.mp4']].sort());
    expect(reasons(report)).toEqual({ 'site-2': 'indexed as its own library folder' });
  });

  it('sends progress while scanning and ends with the full count', async () => {
    const root = tmpDir();
    writeTree(root, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`cam-${i % 3}/d${i % 7}/f${i}.mp4`, 'x'])));
    const lib = await Library.open(tmpDir());
    const seen: number[] = [];
    lib.on('progress', (p) => seen.push(p.files));
    await lib.scan([root]);
    expect(seen.at(-1)).toBe(300);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
  });

  it('never writes into the library folder', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a', 'cam/b.avi': '', 'x/.hidden/c.mp4': 'c' });
    const before = fingerprint(root);
    const { lib } = await scanned([root]);
    await lib.scan([root]);
    expect(fingerprint(root)).toEqual(before);
  });
});

describe('keeping the index in step with disk', () => {
  it('a rescan records added, changed and removed files, and keeps the rest', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a', 'cam/b.mp4': 'b', 'cam/c.mp4': 'c' });
    const { lib, dataDir } = await scanned([root]);
    const changedIds: string[][] = [];
    lib.on('changed', (ids) => changedIds.push(ids));
    fs.rmSync(path.join(root, 'cam/a.mp4'));
    fs.writeFileSync(path.join(root, 'cam/b.mp4'), 'bigger now');
    fs.writeFileSync(path.join(root, 'cam/d.mp4'), 'd');
    const report = await lib.scan([root]);
    expect(report.changes).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(changedIds).toHaveLength(1);
    expect(changedIds[0]).toHaveLength(3);
    expect(rels(lib)).toEqual(['cam/b.mp4', 'cam/c.mp4', 'cam/d.mp4']);
    // …and the same after a restart, from snapshot plus journal.
    const again = await Library.open(dataDir);
    expect(again.warnings).toEqual([]);
    expect(all(again)).toEqual(all(lib));
  });

  it('never wipes a root that suddenly reads as empty (an unmounted drive leaves its mount point)', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a', 'cam/b.mp4': 'b' });
    const { lib } = await scanned([root]);
    fs.renameSync(path.join(root, 'cam'), `${root}-aside`);
    try {
      const report = await lib.scan([root]);
      expect(report.roots[0]).toMatchObject({ status: 'offline', reason: expect.stringMatching(/empty now but held 2 recordings/) });
      expect(report.changes.removed).toBe(0);
      expect(rels(lib)).toEqual(['cam/a.mp4', 'cam/b.mp4']);
    } finally {
      fs.renameSync(`${root}-aside`, path.join(root, 'cam'));
    }
    fs.rmSync(path.join(root, 'cam/b.mp4'));
    const back = await lib.scan([root]);
    expect(back.roots[0]!.status).toBe('ok');
    expect(rels(lib)).toEqual(['cam/a.mp4']);
  });

  it('keeps the entries of a root that is missing, and drops those of a root no longer listed', async () => {
    const a = tmpDir();
    const b = tmpDir();
    writeTree(a, { 'cam/a.mp4': 'a' });
    writeTree(b, { 'cam/b.mp4': 'b' });
    const { lib } = await scanned([a, b]);
    fs.renameSync(a, `${a}-gone`);
    try {
      const report = await lib.scan([a, b]);
      expect(report.roots[0]).toMatchObject({ status: 'missing' });
      expect(all(lib).map((e) => e.root).sort()).toEqual([a, b].sort());
    } finally {
      fs.renameSync(`${a}-gone`, a);
    }
    await lib.scan([b]);
    expect(all(lib).map((e) => e.root)).toEqual([b]);
  });
});

describe('unreadable things, as an unprivileged user', () => {
  // Root reads everything, so permissions are tested by running the walker as "nobody".
  const canDrop = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDrop)('reports a folder and a file it may not read', () => {
    const root = tmpDir();
    fs.chmodSync(root, 0o755);
    writeTree(root, { 'cam/ok.mp4': 'o', 'cam/secret.mp4': 's', 'locked/x.mp4': 'x' });
    fs.chmodSync(path.join(root, 'cam/secret.mp4'), 0o600);
    fs.chmodSync(path.join(root, 'locked'), 0o700);
    // A copy where "nobody" can read it: the checkout itself may live in a private folder.
    // The worker's files, laid out as in the checkout (main/library/, contract/).
    const top = tmpDir();
    const copies: Array<[string, string]> = [['./walk.mjs', 'main/library/walk.mjs'], ['./naming.mjs', 'main/library/naming.mjs'], ['../../contract/ids.mjs', 'contract/ids.mjs']];
    for (const [from, to] of copies) {
      fs.mkdirSync(path.join(top, path.dirname(to)), { recursive: true });
      fs.copyFileSync(fileURLToPath(new URL(from, import.meta.url)), path.join(top, to));
      fs.chmodSync(path.join(top, to), 0o644);
    }
    for (const d of [top, path.join(top, 'main'), path.join(top, 'main/library'), path.join(top, 'contract')]) fs.chmodSync(d, 0o755);
    const walker = path.join(top, 'main/library/walk.mjs');
    const script = `
      const m = await import(${JSON.stringify(walker)});
      const real = ${JSON.stringify(fs.realpathSync(root))};
      const wc = { secret: 's', roots: [{ root: real, real, excluded: [] }], uid: process.getuid(), gids: process.getgroups() };
      const out = m.walkUnit({ rootIndex: 0, dir: real, rel: '', recursive: true }, wc, m.emptyResult());
      console.log(JSON.stringify(out));`;
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const rows = out.rel.map((rel: string, i: number) => [rel, out.problem[i]]).sort();
    expect(rows).toEqual([['cam/ok.mp4', null], ['cam/secret.mp4', 'permission denied']]);
    expect(out.skipped).toEqual([{ rootIndex: 0, rel: 'locked', reason: 'folder permission denied' }]);
  });
});

describe('a folder that stops answering', () => {
  it('gives the walk up after the stall time, keeps every entry and deletes nothing', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam-a/d1/a.mp4': 'a', 'cam-b/stuck/b.mp4': 'b', 'cam-b/d2/c.mp4': 'c' });
    const { lib } = await scanned([root]);
    fs.rmSync(path.join(root, 'cam-a/d1/a.mp4'));
    const t = Date.now();
    const report = await lib.scan([root], { stallMs: 400, testStall: { folder: '/stuck', ms: 3000 } });
    expect(Date.now() - t).toBeLessThan(2500);
    expect(report.roots[0]).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/not answering.*nothing was removed/) });
    expect(report.changes.removed).toBe(0);
    expect(rels(lib)).toEqual(['cam-a/d1/a.mp4', 'cam-b/d2/c.mp4', 'cam-b/stuck/b.mp4']);
  });
});
