// The bundle check on stand-in packaged folders (ffmpeg-static cannot install here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function standIn(parts: { ffmpeg?: boolean; ffprobe?: boolean; licence?: boolean; offer?: boolean; sqlite?: boolean }): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-bundle-'));
  const res = path.join(dist, 'linux-unpacked', 'resources');
  const mods = path.join(res, 'app.asar.unpacked', 'node_modules');
  const put = (p: string) => { fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, 'x'); };
  fs.mkdirSync(res, { recursive: true });
  if (parts.ffmpeg) put(path.join(mods, 'ffmpeg-static', 'ffmpeg'));
  if (parts.ffprobe) put(path.join(mods, '@ffprobe-installer', 'linux-x64', 'ffprobe'));
  if (parts.licence) put(path.join(res, 'ffmpeg', 'LICENSE.txt'));
  if (parts.offer) put(path.join(res, 'ffmpeg', 'SOURCE.txt'));
  if (parts.sqlite) put(path.join(mods, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  return dist;
}

const check = (dist: string) => spawnSync(process.execPath, ['scripts/check-bundle.mjs', dist], { encoding: 'utf8' });

describe('scripts/check-bundle.mjs', () => {
  it('passes a bundle with ffmpeg, ffprobe, the licence and the source offer', () => {
    const r = check(standIn({ ffmpeg: true, ffprobe: true, licence: true, offer: true, sqlite: true }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/linux-unpacked has ffmpeg, ffprobe/);
  });

  it.each([
    ['ffmpeg', { ffprobe: true, licence: true, offer: true, sqlite: true }, /lacks ffmpeg \(/],
    ['ffprobe', { ffmpeg: true, licence: true, offer: true, sqlite: true }, /lacks ffprobe/],
    ['the licence', { ffmpeg: true, ffprobe: true, offer: true, sqlite: true }, /lacks ffmpeg's licence/],
    ['the source offer', { ffmpeg: true, ffprobe: true, licence: true, sqlite: true }, /lacks ffmpeg's source offer/],
    ['the SQLite module', { ffmpeg: true, ffprobe: true, licence: true, offer: true }, /lacks better-sqlite3's native module/],
  ] as const)('fails loudly without %s', (_what, parts, said) => {
    const r = check(standIn(parts));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(said);
    expect(r.stderr).toMatch(/FAILED: this build must not be shipped/);
  });

  it('fails when there is no packaged app at all, and the repository ships the licence and offer', () => {
    expect(check(fs.mkdtempSync(path.join(os.tmpdir(), 'rv-empty-'))).status).toBe(1);
    expect(fs.readFileSync('resources/ffmpeg/LICENSE.txt', 'utf8')).toMatch(/GNU GENERAL PUBLIC LICENSE\s+Version 3/);
    expect(fs.readFileSync('resources/ffmpeg/SOURCE.txt', 'utf8')).toMatch(/Written offer/);
  });
});
