import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpDir, writeTree } from '../test-support/tmp.js';
import { fileId, isVideoName } from './naming.mjs';
import { emptyResult, mayRead, readableName, walkUnit, type WalkContext } from './walk.mjs';

describe('isVideoName', () => {
  it.each(['a.mp4', 'A.MP4', 'b.Avi', 'x.m2ts', 'y.MTS', 'z.3gp', 'w.ogv', 'v.webm', 'u.WMV', 'q.asf', 'p.mpeg', 'o.ts', 'n.flv', 'm.m4v', 'l.mov', 'k.mkv', 'j.mpg'])('%s is a video', (n) => {
    expect(isVideoName(n)).toBe(true);
  });
  it.each(['a.txt', 'mp4', '.mp4', 'a.mp4.part', 'a.jpg', 'a.'])('%s is not', (n) => {
    expect(isVideoName(n)).toBe(false);
  });
});

describe('fileId', () => {
  it('is stable, opaque and keyed', () => {
    const a = fileId('k1', '/media', 'cam-1/clip.mp4');
    expect(a).toBe(fileId('k1', '/media', 'cam-1/clip.mp4'));
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toContain('clip');
    expect(fileId('k2', '/media', 'cam-1/clip.mp4')).not.toBe(a);
    expect(fileId('k1', '/other', 'cam-1/clip.mp4')).not.toBe(a);
    // Raw bytes and their string form give the same id.
    expect(fileId('k1', '/media', Buffer.from('cam-1/clip.mp4'))).toBe(a);
  });
});

describe('readableName', () => {
  it.each([
    [Buffer.from('plain.mp4'), 'plain.mp4'],
    [Buffer.from('caméra ✓.mp4'), 'caméra ✓.mp4'],
    [Buffer.from([0x63, 0xff, 0x2e, 0x61, 0x76, 0x69]), 'c\\xff.avi'],
    [Buffer.from([0xc3, 0x28, 0x2e, 0x74, 0x73]), '\\xc3(.ts'], // a lead byte without its continuation
    [Buffer.from([0xe2, 0x82]), '\\xe2\\x82'], // cut short
    [Buffer.from([0xed, 0xa0, 0x80]), '\\xed\\xa0\\x80'], // a UTF-16 surrogate is not valid UTF-8
  ])('%o reads as %s', (buf, want) => {
    expect(readableName(buf)).toBe(want);
  });
});

describe('mayRead', () => {
  const st = (mode: number, uid = 1000, gid = 1000) => ({ mode, uid, gid });
  it.each([
    [st(0o600), 1000, [1000], true],
    [st(0o000), 1000, [1000], false],
    [st(0o040), 1001, [1000], true],
    [st(0o400), 1001, [1000], false],
    [st(0o004), 1001, [2000], true],
    [st(0o000), 0, [0], true], // root reads everything
  ])('mode %o', (s, uid, gids, want) => {
    expect(mayRead(s, uid, gids)).toBe(want);
  });
});

describe('walkUnit', () => {
  const ctxFor = (root: string): WalkContext => ({ secret: 's', roots: [{ root, real: fs.realpathSync(root), excluded: [] }], uid: 0, gids: [] });

  it('reports a file that vanishes between listing and stat, and lists the rest', () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a', 'cam/b.mp4': 'b' });
    const real = fs.realpathSync(root);
    const racing = {
      ...fs,
      statSync: ((p: fs.PathLike, ...rest: never[]) => {
        if (String(p).endsWith('a.mp4')) fs.rmSync(p);
        return (fs.statSync as (...a: unknown[]) => fs.Stats)(p, ...rest);
      }) as typeof fs.statSync,
    } as typeof fs;
    const out = walkUnit({ rootIndex: 0, dir: real, rel: '', recursive: true }, ctxFor(root), emptyResult(), undefined, racing);
    expect(out.rel).toEqual(['cam/b.mp4']);
    expect(out.skipped).toEqual([{ rootIndex: 0, rel: 'cam/a.mp4', reason: 'file vanished during the scan' }]);
  });

  it('turns EACCES on a folder and on a stat into reasons, and keeps going', () => {
    const root = tmpDir();
    writeTree(root, { 'locked/x.mp4': 'x', 'open/y.mp4': 'y', 'open/z.mp4': 'z' });
    const real = fs.realpathSync(root);
    const denied = (p: fs.PathLike) => Object.assign(new Error(`EACCES: ${String(p)}`), { code: 'EACCES' });
    const injected = {
      ...fs,
      readdirSync: ((p: fs.PathLike, o?: unknown) => {
        if (String(p).endsWith('/locked')) throw denied(p);
        return (fs.readdirSync as (...a: unknown[]) => unknown)(p, o);
      }) as typeof fs.readdirSync,
      statSync: ((p: fs.PathLike) => {
        if (String(p).endsWith('z.mp4')) throw denied(p);
        return fs.statSync(p);
      }) as typeof fs.statSync,
    } as typeof fs;
    const out = walkUnit({ rootIndex: 0, dir: real, rel: '', recursive: true }, ctxFor(root), emptyResult(), undefined, injected);
    expect(out.skipped).toEqual([{ rootIndex: 0, rel: 'locked', reason: 'folder permission denied' }]);
    const rows = out.rel.map((r, i) => [r, out.problem[i]]).sort();
    expect(rows).toEqual([['open/y.mp4', null], ['open/z.mp4', 'permission denied']]);
  });

  it('walks only its own files when not recursive', () => {
    const root = tmpDir();
    writeTree(root, { 'top.mp4': 't', 'cam/deep.mp4': 'd' });
    const out = walkUnit({ rootIndex: 0, dir: fs.realpathSync(root), rel: '', recursive: false }, ctxFor(root), emptyResult());
    expect(out.rel).toEqual(['top.mp4']);
  });
});
