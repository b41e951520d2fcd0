import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../settings/settings.js';
import { tmpDir, writeTree } from '../test-support/tmp.js';
import { runScan } from './scan-command.js';

function capture() {
  let text = '';
  return { write: (s: string) => { text += s; return true; }, get text() { return text; } };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runScan(args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('reelvault scan', () => {
  it('prints a human report with counts, problems and skipped items', async () => {
    const root = tmpDir();
    const data = tmpDir();
    writeTree(root, { 'cam-1/a.mp4': 'a', 'cam-1/empty.avi': '', '.hidden/x.mp4': 'x' });
    fs.symlinkSync('/etc/hostname', path.join(root, 'cam-1/out.mp4'));
    const r = await run(['--library', root, '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Scanned 1 library folder: 2 video files in ');
    expect(r.out).toContain(`${root}: 2 files (1 ok, 1 empty)`);
    expect(r.out).toContain(`${root}/cam-1/empty.avi: file is empty (0 bytes)`);
    expect(r.out).toContain(`${root}/.hidden: hidden folder`);
    expect(r.out).toContain(`${root}/cam-1/out.mp4: link points outside the library folder`);
    expect(r.out).toContain(`Index: 2 added, 0 changed, 0 removed; kept in ${data}`);
  });

  it('prints JSON with --json, and exits 1 when a folder could not be scanned', async () => {
    const root = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a' });
    const missing = path.join(root, 'missing');
    const r = await run(['--library', root, '--library', missing, '--json', '--data-dir', tmpDir()]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.files).toBe(1);
    expect(report.roots.map((x: { status: string }) => x.status)).toEqual(['ok', 'missing']);
    expect(report.warnings).toEqual([]);
  });

  it('uses the folders in settings when none is given', async () => {
    const root = tmpDir();
    const data = tmpDir();
    writeTree(root, { 'cam/a.mp4': 'a' });
    const s = await SettingsStore.open(data);
    await s.update((x) => ({ ...x, libraryRoots: [{ path: root }] }));
    const r = await run(['--data-dir', data, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files).toBe(1);
  });

  it.each([
    [['--data-dir', '/nonexistent-but-fine'], /no library folder given/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('explains a usage error %j with exit 2', async (args, message) => {
    const r = await run(args.includes('--data-dir') ? ['--data-dir', tmpDir()] : args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
