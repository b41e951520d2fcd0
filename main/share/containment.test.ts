// Nothing outside the library reaches a viewer, on any route: links made while the app runs,
// files swapped for links after the scan, playlists and scripts saved under a video's name.
// A marker file sits outside the library; no response body may contain it and no ffmpeg or
// ffprobe command line may name its folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryRunner } from '../service/library-runner.js';
import { createCore, type Core } from '../service/core.js';
import { NOT_A_VIDEO, OUTSIDE } from '../library/naming.mjs';
import { onSpawn } from '../media/ffmpeg.js';
import { copyFixtures, fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { startShare, type RunningShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';
const MARKER = 'REELVAULT-OUTSIDE-MARKER-7f3a';

let commands: string[] = [];
let unlisten: () => void = () => undefined;
beforeEach(() => {
  commands = [];
  unlisten = onSpawn((c) => commands.push(c));
});
afterEach(() => unlisten());

/** A folder outside every library: a real video with the marker appended, and its folder. */
function outside(): { dir: string; video: string } {
  const dir = tmpDir('rv-outside-');
  const video = path.join(dir, 'secret.ts');
  fs.writeFileSync(video, Buffer.concat([fs.readFileSync(fixture('cam-modern/start_offset.ts')), Buffer.from(MARKER)]));
  fs.writeFileSync(path.join(dir, 'secret.txt'), MARKER);
  return { dir, video };
}

async function setup(files: Record<string, string>, opts: { watch?: boolean } = {}) {
  const root = copyFixtures(tmpDir(), files);
  const core: Core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
  const runner = opts.watch ? new LibraryRunner(core, { background: false }) : null;
  if (runner) await runner.setRoots([{ path: root, watch: { stabilityMs: 300 } }]);
  else await core.library.scan([root]);
  const share: RunningShare = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${share.port}`;
  const entry = (name: string) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name);
  return {
    root, core, base, entry,
    get: (p: string) => fetch(`${base}${p}`, { headers: { Authorization: `Bearer ${TOKEN}` } }),
    async close() { await share.close(); await runner?.close(); await core.close(); },
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Every route that reads a file, new and legacy. */
function routes(id: string): string[] {
  return [
    `/media/file/${id}`, `/media/thumb/${id}`, `/media/sprite/${id}`, `/media/sprite/${id}?index`, `/media/transcode/${id}`,
    `/media/transcode/${id}?mode=transcode&start=1`, `/videos/${id}/stream`, `/videos/${id}/thumbnail`, `/videos/${id}/stream-transcoded`,
    `/videos/stream?file_id=${id}`, `/videos/thumbnail?file_id=${id}`, `/videos/stream-transcoded?file_id=${id}&start_time=1`,
  ];
}

/** Every route refuses with 403 `refused`, in words and with no path; no body holds the marker. */
async function expectRefusedEverywhere(t: Setup, id: string, words: string, outsideDir: string): Promise<void> {
  for (const r of routes(id)) {
    const res = await t.get(r);
    const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(body, r).not.toContain(MARKER);
    expect(res.status, r).toBe(403);
    const json = JSON.parse(body) as { code: string; message: string };
    expect(json.code, r).toBe('refused');
    expect(json.message, r).toBe(words);
    expect(json.message, r).not.toContain('/');
  }
  expect(commands.filter((c) => c.includes(outsideDir))).toEqual([]);
}

describe('containment on every route', () => {
  it('refuses a file swapped for a link out of the library after the scan, and its badge says so', async () => {
    const out = outside();
    const t = await setup({ 'cam/swap.mp4': 'cam-modern/h264_aac.mp4', 'cam/keep.mp4': 'cam-modern/h264_aac.mp4' });
    try {
      const id = t.entry('swap.mp4')!.id;
      fs.rmSync(path.join(t.root, 'cam/swap.mp4'));
      fs.symlinkSync(out.video, path.join(t.root, 'cam/swap.mp4'));
      await expectRefusedEverywhere(t, id, OUTSIDE, out.dir);
      // The grid's badge: the probe's reason, without a path.
      await t.core.probes.probe(id);
      expect(t.entry('swap.mp4')?.probeError).toBe(OUTSIDE);
      // Its neighbour still plays.
      expect((await t.get(`/media/file/${t.entry('keep.mp4')!.id}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('refuses a file swapped for a link to a folder, and to a FIFO', async () => {
    const out = outside();
    const t = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/b.avi': 'cam-legacy/mpeg4.avi' });
    try {
      const a = t.entry('a.mp4')!.id;
      const b = t.entry('b.avi')!.id;
      fs.rmSync(path.join(t.root, 'cam/a.mp4'));
      fs.symlinkSync(out.dir, path.join(t.root, 'cam/a.mp4'));
      fs.rmSync(path.join(t.root, 'cam/b.avi'));
      fs.symlinkSync(path.join(t.root, 'cam'), path.join(t.root, 'cam/b.avi'));
      for (const id of [a, b]) {
        for (const r of routes(id)) {
          const res = await t.get(r);
          expect(res.status, r).toBe(403);
          expect(await res.text()).not.toContain(MARKER);
        }
      }
      expect(commands.filter((c) => c.includes(out.dir))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('never opens a playlist or script saved as a video: HLS, ffconcat and concat: lists named .mp4 and .avi', async () => {
    const out = outside();
    const root = tmpDir();
    const files: Record<string, string> = {
      'cam/hls.mp4': `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n${out.video}\n#EXT-X-ENDLIST\n`,
      'cam/hls.avi': `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile:${out.video}\n#EXT-X-ENDLIST\n`,
      'cam/script.mp4': `ffconcat version 1.0\nfile '${out.video}'\n`,
      'cam/script.avi': `ffconcat version 1.0\nfile ${out.video}\nfile ${out.video}\n`,
      'cam/list.mp4': `concat:${out.video}|${out.video}\n`,
      'cam/concat:secret.ts.avi': `concat:${out.video}\n`,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(root, 'cam/real.mp4'));
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
    await core.library.scan([root]);
    const share = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0 });
    const t: Setup = {
      root, core, base: `http://127.0.0.1:${share.port}`,
      entry: (name: string) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name),
      get: (p: string) => fetch(`http://127.0.0.1:${share.port}${p}`, { headers: { Authorization: `Bearer ${TOKEN}` } }),
      async close() { await share.close(); await core.close(); },
    };
    try {
      for (const name of ['hls.mp4', 'hls.avi', 'script.mp4', 'script.avi']) {
        const id = t.entry(name)!.id;
        await t.core.probes.probe(id);
        expect(t.entry(name)?.probeError, name).toBe(NOT_A_VIDEO);
        await expectRefusedEverywhere(t, id, NOT_A_VIDEO, out.dir);
      }
      // A concat: line is only text to every demuxer we allow: a damaged file, nothing opened
      // through it (its own bytes are still its own).
      for (const name of ['list.mp4', 'concat:secret.ts.avi']) {
        const id = t.entry(name)!.id;
        for (const r of routes(id)) {
          const res = await t.get(r);
          if (!r.includes('stream?') && !r.startsWith('/media/file') && !r.endsWith('/stream')) expect(res.status, `${name} ${r}`).toBeGreaterThanOrEqual(400);
          expect(await res.text()).not.toContain(MARKER);
        }
      }
      expect((await t.get(`/media/file/${t.entry('real.mp4')!.id}`)).status).toBe(200);
      expect(commands.filter((c) => c.includes(out.dir))).toEqual([]);
      expect(commands.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('the watcher never lists a link out of the library made while the app runs, nor one swapped in', async () => {
    const out = outside();
    const t = await setup({ 'cam/first.mp4': 'cam-modern/h264_aac.mp4', 'cam/later-swapped.mp4': 'cam-modern/h264_aac.mp4' }, { watch: true });
    try {
      const swappedId = t.entry('later-swapped.mp4')!.id;
      fs.symlinkSync(out.video, path.join(t.root, 'cam/escape.mp4'));
      fs.symlinkSync(out.dir, path.join(t.root, 'cam/folder.avi'));
      fs.symlinkSync(path.join(t.root, 'cam/first.mp4'), path.join(t.root, 'cam/inside-link.mp4'));
      fs.rmSync(path.join(t.root, 'cam/later-swapped.mp4'));
      fs.symlinkSync(out.video, path.join(t.root, 'cam/later-swapped.mp4'));
      fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(t.root, 'cam/new.mp4'));
      // A link inside the library and a new file are listed, as the scan would.
      const deadline = Date.now() + 10_000;
      while ((!t.entry('new.mp4') || t.entry('new.mp4')?.status === 'recording' || !t.entry('inside-link.mp4') || t.entry('later-swapped.mp4')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(t.entry('new.mp4')?.status).toBe('ok');
      expect(t.entry('inside-link.mp4')).toBeDefined();
      expect(t.entry('escape.mp4')).toBeUndefined();
      expect(t.entry('folder.avi')).toBeUndefined();
      expect(t.entry('later-swapped.mp4')).toBeUndefined();
      expect((await t.get(`/media/file/${swappedId}`)).status).toBe(404);
      expect(commands.filter((c) => c.includes(out.dir))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
