// Bookmarks over real HTTP, as paired browsers, the share's token and the desktop reach them: who may add,
// change and delete which, what everyone sees, and that they live in their own durable file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Bookmark, Result, SettingsView } from '../../contract/api.js';
import { laneKey } from '../../contract/lane-key.js';
import { createLiveApi } from '../api/live.js';
import { BOOKMARKS_FILE, BookmarkStore } from '../library/bookmark-store.js';
import { LibraryRunner } from '../service/library-runner.js';
import { createCore } from '../service/core.js';
import { DESKTOP } from '../media/viewers.js';
import { tmpDir } from '../test-support/tmp.js';
import { startShare } from './server.js';

const TOKEN = 'bookmark-token-0123456789abcdef';
const LANE = laneKey('AAAAAAAAAAAA', 'cam-north');
const OTHER_LANE = laneKey('AAAAAAAAAAAA', 'cam-south');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of closers.splice(0)) await c(); });

async function setup() {
  const root = tmpDir();
  const dataDir = tmpDir('rv-data-');
  const core = await createCore({ dataDir, local: true });
  const runner = new LibraryRunner(core, { watch: false, background: false });
  await runner.setRoots([{ path: root }]);
  let viewerBookmarks = true;
  const settings = (): SettingsView => ({
    libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false },
    share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true, viewerBookmarks,
  });
  const api = createLiveApi(core, runner, { settings });
  const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api });
  const base = `http://127.0.0.1:${s.port}`;
  const pair = async (): Promise<string> => (await fetch(await s.pairingLink(), { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120' } })).headers.get('set-cookie')!.split(';')[0]!;
  const as = (auth: Record<string, string>) => async <T>(op: string, ...args: unknown[]): Promise<{ status: number; body: Result<T> }> => {
    const r = await fetch(`${base}/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify(args) });
    return { status: r.status, body: (await r.json()) as Result<T> };
  };
  const desktop = <T>(op: string, ...args: unknown[]) => api.service.call({ transport: 'ipc', who: { device: DESKTOP } }, op, args) as Promise<Result<T>>;
  closers.push(async () => { api.close(); await s.close(); await runner.close(); await core.close(); });
  return { dataDir, core, base, pair, as, desktop, setViewerBookmarks: (on: boolean) => { viewerBookmarks = on; } };
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
};

describe('bookmarks over HTTP', () => {
  it('a viewer adds its own, changes and deletes only its own, and sees everyone\'s with the device that made it', async () => {
    const t = await setup();
    const alice = t.as({ Cookie: await t.pair() });
    const bob = t.as({ Cookie: await t.pair() });
    const tokenHolder = t.as({ Authorization: `Bearer ${TOKEN}` });

    const a = await alice<Bookmark>('addBookmark', { lane: LANE, at: 1_764_000_000_000, note: 'van at the gate' });
    expect(a.status).toBe(200);
    const mark = value(a.body);
    expect(mark).toMatchObject({ lane: LANE, at: 1_764_000_000_000, note: 'van at the gate', mine: true });
    expect(typeof mark.id).toBe('string');
    expect(typeof mark.createdAt).toBe('number');
    value((await bob<Bookmark>('addBookmark', { lane: OTHER_LANE, at: 1_764_000_100_000 })).body);
    value(await t.desktop<Bookmark>('addBookmark', { lane: LANE, at: 1_764_000_200_000, note: 'desk' }));

    // Bob sees all three, Alice's named by her device, and only his own as his.
    const seen = value((await bob<Bookmark[]>('bookmarks', {})).body);
    expect(seen.map((b) => b.at)).toEqual([1_764_000_000_000, 1_764_000_100_000, 1_764_000_200_000]);
    expect(seen.map((b) => b.mine)).toEqual([false, true, false]);
    expect(seen[0]!.deviceLabel).toMatch(/Chrome/);
    expect(seen[2]!.deviceLabel).toBe('This computer');

    // Filters: lanes and an inclusive range.
    expect(value((await bob<Bookmark[]>('bookmarks', { lanes: [LANE] })).body).map((b) => b.at)).toEqual([1_764_000_000_000, 1_764_000_200_000]);
    expect(value((await bob<Bookmark[]>('bookmarks', { from: 1_764_000_100_000, to: 1_764_000_200_000 })).body)).toHaveLength(2);
    expect(value((await bob<Bookmark[]>('bookmarks')).body)).toHaveLength(3);

    // Bob may neither change nor delete Alice's, nor the desktop's.
    const edit = await bob('updateBookmark', { id: mark.id, note: 'mine now' });
    expect(edit.status).toBe(403);
    expect(edit.body).toMatchObject({ ok: false, code: 'unavailable' });
    expect((await bob('removeBookmark', seen[2]!.id)).status).toBe(403);
    expect(value((await alice<Bookmark[]>('bookmarks', { lanes: [LANE] })).body)[0]!.note).toBe('van at the gate');

    // Alice may change and delete hers.
    expect(value((await alice<Bookmark>('updateBookmark', { id: mark.id, note: 'white van' })).body).note).toBe('white van');
    expect((await alice('removeBookmark', mark.id)).status).toBe(200);
    expect((await alice('removeBookmark', mark.id)).status).toBe(404);

    // The share's token is a viewer's (only an owner device or the desktop change anyone's).
    const bobs = seen[1]!;
    expect((await tokenHolder('updateBookmark', { id: bobs.id, note: 'checked' })).status).toBe(403);
    expect(value(await t.desktop<Bookmark>('updateBookmark', { id: bobs.id, note: 'checked' })).note).toBe('checked');
    value(await t.desktop('removeBookmark', bobs.id));
    expect(value(await t.desktop<Bookmark[]>('bookmarks', {})).map((b) => b.note)).toEqual(['desk']);
  });

  it('Settings can turn viewer bookmarks off: viewers still see them, the desktop still writes', async () => {
    const t = await setup();
    const viewer = t.as({ Cookie: await t.pair() });
    const own = value((await viewer<Bookmark>('addBookmark', { lane: LANE, at: 1000 })).body);
    t.setViewerBookmarks(false);
    expect((await viewer('addBookmark', { lane: LANE, at: 2000 })).status).toBe(403);
    expect((await viewer('updateBookmark', { id: own.id, note: 'x' })).status).toBe(403);
    expect((await viewer('removeBookmark', own.id)).status).toBe(403);
    expect(value((await viewer<Bookmark[]>('bookmarks', {})).body)).toHaveLength(1);
    expect((await t.as({ Authorization: `Bearer ${TOKEN}` })('addBookmark', { lane: LANE, at: 3000 })).status).toBe(403);
    expect(value(await t.desktop<Bookmark>('addBookmark', { lane: LANE, at: 3000 })).at).toBe(3000);
  });

  it('refuses hostile input with a clear error', async () => {
    const t = await setup();
    const viewer = t.as({ Cookie: await t.pair() });
    for (const [op, args] of [
      ['addBookmark', [{ lane: '../../etc', at: 1 }]],
      ['addBookmark', [{ lane: LANE, at: 'soon' }]],
      ['addBookmark', [{ lane: LANE, at: 1, note: 'x'.repeat(5000) }]],
      ['addBookmark', [{ lane: LANE, at: 1, device: 'desktop' }]],
      ['updateBookmark', [{ id: "1' OR 1=1 --", note: '' }]],
      ['removeBookmark', ['../x']],
      ['bookmarks', [{ lanes: 'all' }]],
    ] as const) {
      const r = await viewer(op, ...args);
      expect(r.status, `${op} ${JSON.stringify(args)}`).toBe(400);
      expect(r.body).toMatchObject({ ok: false, code: 'bad-request' });
    }
    const unpaired = await fetch(`${t.base}/api/bookmarks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' });
    expect(unpaired.status).toBe(401);
  });

  it('keeps them in their own file in the data folder, written with synchronous=FULL, never in the index', async () => {
    const t = await setup();
    value(await t.desktop('addBookmark', { lane: LANE, at: 5000, note: 'kept' }));
    expect(t.core.bookmarks.synchronous).toBe(2);
    const file = path.join(t.dataDir, BOOKMARKS_FILE);
    expect(fs.existsSync(file)).toBe(true);
    const index = new Database(path.join(t.dataDir, 'library', 'index.sqlite'), { readonly: true });
    try {
      const tables = (index.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(tables.some((n) => /bookmark/i.test(n))).toBe(false);
    } finally {
      index.close();
    }
    // A second opening (the next start) finds it.
    const again = BookmarkStore.open(t.dataDir);
    try {
      expect(again.list({}).map((b) => b.note)).toEqual(['kept']);
    } finally {
      again.close();
    }
  });
});
