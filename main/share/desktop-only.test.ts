// "Open with" on a file outside every library folder makes a temporary source for the person
// at the desktop: the LAN share never lists it, serves it, or names its folder.
import { describe, expect, it } from 'vitest';
import { createLiveApi } from '../api/live.js';
import { LibraryRunner } from '../service/library-runner.js';
import { openFile } from '../app/open-file.js';
import { createCore } from '../service/core.js';
import { copyFixtures } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { startShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('a file opened from outside the library', () => {
  it('plays on the desktop and is never listed or served on the LAN share', async () => {
    const root = copyFixtures(tmpDir(), { 'cam-1/in.mp4': 'cam-modern/h264_aac.mp4' });
    const downloads = copyFixtures(tmpDir(), { 'outside.mp4': 'cam-modern/h264_aac.mp4', 'sibling.avi': 'cam-legacy/mpeg4.avi' });
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: true, limits: { maxTranscodes: 2, reserveLocal: true } });
    const runner = new LibraryRunner(core, { watch: false, background: false });
    await runner.setRoots([{ path: root }]);
    const api = createLiveApi(core, runner, { settings: () => ({ libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true }) });
    const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api });
    const base = `http://127.0.0.1:${s.port}`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const call = async (op: string, args: unknown[]) => (await (await fetch(`${base}/api/${op}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(args) })).json()) as { ok: boolean; code?: string; value?: { items: Array<{ id: string; root: string }>; total: number; facets: { cameras: unknown[] } } };
    try {
      const opened = await openFile(`${downloads}/outside.mp4`, { library: core.library, runner });
      if (!('id' in opened)) throw new Error(opened.error);
      // The desktop has it, with its sibling, and plays it.
      expect(core.library.query({ limit: 10 }).total).toBe(3);
      expect((await core.handler(new Request(`reelvault://media/media/file/${opened.id}`))).status).toBe(200);
      const sibling = core.library.query({ text: 'sibling', limit: 1 }).items[0]!.id;

      // The LAN share: not in a listing, not by id, on no route; the old dashboard neither.
      const listed = await call('query', [{}]);
      expect(listed.value!.items.map((e) => e.id)).toEqual([core.library.query({ text: 'in.mp4', limit: 1 }).items[0]!.id]);
      expect(listed.value!.total).toBe(1);
      expect(listed.value!.facets.cameras).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain(downloads);
      for (const id of [opened.id, sibling]) {
        expect(await call('item', [id])).toMatchObject({ ok: false, code: 'not-found' });
        expect(await call('savePlayerState', [id, 30])).toMatchObject({ ok: false, code: 'not-found' });
        for (const p of [`/media/file/${id}`, `/media/transcode/${id}?start=0`, `/media/thumb/${id}?w=160`, `/media/sprite/${id}?index=1`, `/videos/${id}/stream`, `/videos/${id}/thumbnail`, `/videos/${id}/stream-transcoded`, `/videos/stream?file_id=outside.mp4`]) {
          expect([p, (await fetch(`${base}${p}`, { headers: auth })).status]).toEqual([p, 404]);
        }
      }
      const legacy = (await (await fetch(`${base}/videos/?limit=100`, { headers: auth })).json()) as { videos: Array<{ file_id: string }>; total_count: number };
      expect(legacy.total_count).toBe(1);
      expect(legacy.videos.map((v) => v.file_id)).not.toContain(opened.id);
      const byCamera = (await (await fetch(`${base}/videos/?camera_name=(root)`, { headers: auth })).json()) as { total_count: number };
      expect(byCamera.total_count).toBe(0);
    } finally {
      api.close();
      await s.close();
      await runner.close();
      await core.close();
    }
  });
});
