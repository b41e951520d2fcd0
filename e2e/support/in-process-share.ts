// The share started in this process, with background probing and thumbnails off (those on screen are still made): for libraries
// of dummy files where only the index matters (scrolling 100,000 entries).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLiveApi } from '../../main/api/live.js';
import { LibraryRunner } from '../../main/service/library-runner.js';
import { createCore } from '../../main/service/core.js';
import { startShare } from '../../main/share/server.js';

export const TOKEN = 'e2e-token-0123456789abcdefghij';

export async function inProcessShare(library: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-e2e-data-'));
  const core = await createCore({ dataDir, local: false });
  const runner = new LibraryRunner(core, { watch: false, background: false });
  await runner.setRoots([{ path: library }]);
  const live = createLiveApi(core, runner, { settings: () => ({ libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true }) });
  const share = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api: live, rendererDir: path.resolve('out', 'renderer') });
  const base = `http://127.0.0.1:${share.port}`;
  return {
    base,
    pairUrl: await share.pairingLink(),
    /** Thumbnails asked for by a closed page finish (or are dropped) before the test ends. */
    idle: () => core.thumbs.whenIdle(),
    async close() {
      live.close();
      await share.close();
      await runner.close();
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
