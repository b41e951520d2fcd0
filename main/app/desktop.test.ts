import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { spawnCounts } from '../media/ffmpeg.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { createDesktop } from './desktop.js';

// No background probing: each test asks for what it needs, and nothing runs on after it.
const noPicker = { pickFolder: async () => null, picturesDir: () => tmpDir('rv-pics-'), background: false };

describe('desktop app without Electron', () => {
  it('opens a demo library made with ffmpeg on first run, in the data dir, and reuses it', async () => {
    const dataDir = tmpDir('rv-data-');
    const app = await createDesktop({ dataDir, ...noPicker, demoClip: { seconds: 1, size: '160x90' } });
    const said: string[] = [];
    app.runner.on('scan', (p) => { if (p.activity) said.push(p.activity); });
    await app.ready;
    // Progress while it is made, gone once it is done.
    expect(said.filter((s) => s.startsWith('Making a demo')).at(-1)).toBe('Making a demo library with ffmpeg (7 of 7 clips)…');
    // The text index of the new entries may still be building in the background; then it too ends.
    await vi.waitFor(() => expect(app.runner.scanProgress().activity).toBeUndefined(), { timeout: 10_000 });
    try {
      const r = app.library.query({ sort: 'name' });
      expect(r.total).toBe(7);
      expect(r.facets.cameras.map((c) => c.name).sort()).toEqual(['Entrance', 'Garage', 'Gate', 'Lobby', 'Yard']);
      expect(r.items.every((e) => e.root === path.join(dataDir, 'demo-library') && e.recordedAtFrom === 'name')).toBe(true);
      const view = (await app.service.call({ transport: 'ipc', who: { device: 'desktop' } }, 'settings', [])) as { ok: true; value: { demo?: boolean; libraryRoots: unknown[] } };
      expect(view.value).toMatchObject({ demo: true, libraryRoots: [] });
      // A legacy file plays: its plan is a transcode.
      const yard = r.items.find((e) => e.camera === 'Yard')!;
      const item = await app.service.call({ transport: 'ipc', who: { device: 'desktop' } }, 'item', [yard.id]) as { ok: true; value: { probe: { video: { codec: string } }; plan: { mode: string } } };
      expect(item.value.probe.video.codec).toBe('mpeg4');
      expect(item.value.plan.mode).toBe('transcode');
    } finally {
      await app.close();
    }
    const before = spawnCounts().ffmpeg;
    const again = await createDesktop({ dataDir, ...noPicker });
    await again.ready;
    expect(again.library.query({}).total).toBe(7);
    expect(spawnCounts().ffmpeg).toBe(before); // made once
    await again.close();
  }, 60_000);

  it('opens files from the system: in the library, new in the library, outside it (siblings only), or not at all', async () => {
    const root = tmpDir();
    fs.mkdirSync(path.join(root, 'cam-1'));
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(root, 'cam-1', 'a.mp4'));
    const dataDir = tmpDir('rv-data-');
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root }] }));
    const app = await createDesktop({ dataDir, ...noPicker, demo: false });
    try {
      await app.ready;
      const a = await app.openFile(path.join(root, 'cam-1', 'a.mp4'));
      expect(a).toEqual({ id: app.library.query({}).items[0]!.id });
      fs.copyFileSync(fixture('cam-legacy/mpeg4.avi'), path.join(root, 'cam-1', 'new.avi'));
      const fresh = await app.openFile(path.join(root, 'cam-1', 'new.avi'));
      expect(app.library.get((fresh as { id: string }).id)?.filename).toBe('new.avi');

      const downloads = tmpDir('rv-downloads-');
      fs.copyFileSync(fixture('cam-legacy/xvid.avi'), path.join(downloads, 'clip.avi'));
      fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(downloads, 'sibling.mp4'));
      fs.writeFileSync(path.join(downloads, 'notes.txt'), 'x');
      fs.mkdirSync(path.join(downloads, 'deep'));
      fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(downloads, 'deep', 'never.mp4'));
      const outside = await app.openFile(path.join(downloads, 'clip.avi'));
      expect(app.library.get((outside as { id: string }).id)?.filename).toBe('clip.avi');
      const names = app.library.query({ limit: 100 }).items.map((e) => e.filename).sort();
      expect(names).toEqual(['a.mp4', 'clip.avi', 'new.avi', 'sibling.mp4']);
      // A rescan of the library keeps the temporary source.
      await app.runner.scan();
      expect(app.library.query({}).total).toBe(4);

      expect(await app.openFile(path.join(downloads, 'notes.txt'))).toEqual({ error: 'notes.txt is not a video file Reelvault opens' });
      expect(await app.openFile(path.join(downloads, 'gone.mp4'))).toMatchObject({ error: /does not exist/ });
      expect(await app.openFile(downloads)).toMatchObject({ error: /is not a file/ });
    } finally {
      await app.close();
    }
  });
});
