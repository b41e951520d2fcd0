// Many `item` calls for unprobed files at once (a hostile client, or a script) run a bounded
// number of ffprobes: the share keeps answering, and past the bound says "busy" with Retry-After.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onSpawn, runningProcesses } from '../media/ffmpeg.js';
import { MAX_URGENT_WAITING, URGENT_EXTRA } from '../media/media-queue.js';
import { createCore } from '../service/core.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { startShare } from './server.js';
import { createLiveApi } from '../api/live.js';
import { LibraryRunner } from '../service/library-runner.js';
import os from 'node:os';

const TOKEN = 'test-token-0123456789abcdef';

describe('item calls for many unprobed files at once', () => {
  it('run at most 8 ffprobes at once, /health answers meanwhile, and past the bound the answer is 503 with Retry-After', async () => {
    const root = tmpDir();
    // Past the bound, yet under the 64 connections one address may open.
    const calls = MAX_URGENT_WAITING + 8 + 10;
    for (let i = 0; i < calls; i++) {
      fs.mkdirSync(path.join(root, 'cam'), { recursive: true });
      fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(root, 'cam', `f${String(i).padStart(3, '0')}.mp4`));
    }
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
    // No background probing: every ffprobe here is one an `item` call asked for.
    const runner = new LibraryRunner(core, { watch: false, background: false });
    await runner.setRoots([{ path: root }]);
    const api = createLiveApi(core, runner, { settings: () => ({ libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true }) });
    const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api });
    // Counted at each start: the ffprobes alive, this one included.
    let peak = 0;
    const stop = onSpawn((line) => {
      if (line.startsWith('ffprobe')) peak = Math.max(peak, [...runningProcesses()].filter((p) => p.commandLine.startsWith('ffprobe')).length + 1);
    });
    try {
      const ids = core.library.query({ limit: calls }).items.map((e) => e.id);
      expect(ids).toHaveLength(calls);
      const base = `http://127.0.0.1:${s.port}`;
      const items = ids.map((id) => fetch(`${base}/api/item`, {
        method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify([id]),
      }));
      await expect.poll(() => peak, { timeout: 30_000 }).toBeGreaterThan(0);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const answers = await Promise.all(items);
      const statuses = answers.map((r) => r.status);
      expect(peak).toBeLessThanOrEqual(8);
      expect(peak).toBeLessThanOrEqual(os.availableParallelism() + URGENT_EXTRA);
      expect(statuses.filter((x) => x === 200).length).toBeGreaterThan(0);
      const busy = answers.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await busy[0]!.json()).toMatchObject({ ok: false, code: 'busy', message: expect.stringMatching(/too many files are being opened at once/) });
      expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
      await Promise.all(answers.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
    } finally {
      stop();
      api.close();
      await s.close();
      await runner.close();
      await core.close();
    }
  }, 60_000);
});
