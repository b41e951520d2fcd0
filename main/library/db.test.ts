// A database that cannot be used is set aside, never deleted, and the index starts empty (the
// scan rebuilds it); the library folders are never touched.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { makeEntry } from './entries.js';
import { DB_FILE } from './db.js';
import { Library } from './library.js';

async function withOneEntry(dataDir: string): Promise<void> {
  const lib = await Library.open(dataDir);
  await lib.applyChanges([makeEntry('a', '/r', 'cam/a.mp4', 1, 1, null)], []);
  await lib.close();
}

describe('opening the index database', () => {
  it.each([
    ['damaged', (file: string) => fs.writeFileSync(file, 'this is not a database at all, only words and more words '.repeat(200)), /damaged|not a database/],
    ['from a newer version', (file: string) => { const db = new Database(file); db.pragma('user_version = 99'); db.close(); }, /newer Reelvault/],
  ])('sets a %s file aside, says so, and starts empty', async (why, spoil, message) => {
    const dataDir = tmpDir();
    await withOneEntry(dataDir);
    const file = path.join(dataDir, 'library', DB_FILE);
    spoil(file);
    const lib = await Library.open(dataDir);
    expect(lib.warnings).toHaveLength(1);
    expect(lib.warnings[0]).toMatch(message);
    expect(lib.index.size).toBe(0);
    const aside = fs.readdirSync(path.join(dataDir, 'library')).filter((f) => f.startsWith(`${DB_FILE}.${why === 'damaged' ? 'damaged' : 'newer'}-`));
    expect(aside.length).toBeGreaterThan(0);
    await lib.applyChanges([makeEntry('b', '/r', 'cam/b.mp4', 1, 1, null)], []);
    expect(lib.get('b')).toBeDefined();
    await lib.close();
  });

  it('keeps the index where it was across a restart', async () => {
    const dataDir = tmpDir();
    await withOneEntry(dataDir);
    const lib = await Library.open(dataDir);
    expect(lib.warnings).toEqual([]);
    expect(lib.get('a')?.relPath).toBe('cam/a.mp4');
    await lib.close();
  });
});

describe('a full disk', () => {
  it('keeps the file, answers from what it holds, says so, and writes again once there is room', async () => {
    const dataDir = tmpDir();
    await withOneEntry(dataDir);
    const lib = await Library.open(dataDir);
    const states: Array<string | null> = [];
    lib.on('readOnly', (why) => states.push(why));
    // SQLite's own page limit stands in for the disk: the write fails as on a full one (SQLITE_FULL).
    const pages = lib.index.db.pragma('page_count', { simple: true }) as number;
    lib.index.db.pragma(`max_page_count = ${pages}`);
    const many = Array.from({ length: 3000 }, (_, i) => makeEntry(`n${i}`, '/r', `cam/n${i}-${'x'.repeat(100)}.mp4`, 1, 1, null));
    await lib.applyChanges(many, []);
    expect(lib.readOnlyReason).toMatch(/disk holding the library index is full/);
    expect(states).toEqual([lib.readOnlyReason]);
    expect(lib.query({}).total).toBe(1);
    expect(lib.get('a')).toBeDefined();
    lib.index.db.pragma('max_page_count = 1073741823');
    await expect.poll(() => lib.readOnlyReason, { timeout: 15_000 }).toBeNull();
    await lib.applyChanges(many, []);
    expect(lib.query({}).total).toBe(3001);
    await lib.close();
  });
});

describe('a database whose tables differ from this version', () => {
  it('is set aside like a damaged one', async () => {
    const dataDir = tmpDir();
    await withOneEntry(dataDir);
    const db = new Database(path.join(dataDir, 'library', DB_FILE));
    db.prepare("UPDATE meta SET v = 'another' WHERE k = 'shape'").run();
    db.close();
    const lib = await Library.open(dataDir);
    expect(lib.warnings[0]).toMatch(/tables are not the ones this version makes/);
    expect(lib.index.size).toBe(0);
    await lib.close();
  });
});
