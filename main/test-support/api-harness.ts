// A real LAN share on loopback with the contract's API, and the browser transport paired to it
// the way a browser pairs (the /pair link's cookie), for the shared contract suite.
import fs from 'node:fs';
import path from 'node:path';
import type { ReelvaultApi } from '../../preload/api.js';
import { createHttpTransport } from '../../renderer/src/transport/http-transport.js';
import { createLiveApi, type LiveApi } from '../api/live.js';
import { PlayerStates } from '../api/player-states.js';
import { LibraryRunner } from '../app/library-runner.js';
import { createCore, type Core } from '../core.js';
import { startShare, type RunningShare } from '../share/server.js';
import { fixture } from './fixtures.js';
import { fileTmpDir } from './tmp.js';

export const TEST_TOKEN = 'contract-token-0123456789abcdef';

export interface ContractHarness {
  api: ReelvaultApi;
  /** The library folder (tests may add files to it as a camera would). */
  root: string;
  core: Core;
  runner: LibraryRunner;
  live: LiveApi;
  idOf(name: string): string;
  close(): Promise<void>;
}

export async function libraryFolder(files: Record<string, string>): Promise<string> {
  const root = fileTmpDir();
  for (const [rel, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.copyFileSync(fixture(src), path.join(root, rel));
  }
  return root;
}

export interface ShareHarness extends ContractHarness {
  share: RunningShare;
  base: string;
  cookie: string;
  /** Another browser: its own viewer id, the same pairing cookie. */
  transport(viewer: string, opts?: { silenceMs?: number }): ReelvaultApi;
}

export async function shareHarness(files: Record<string, string>, opts: { heartbeatMs?: number; batchMs?: number; rendererDir?: string } = {}): Promise<ShareHarness> {
  const root = await libraryFolder(files);
  const core = await createCore({ dataDir: fileTmpDir('rv-data-'), local: false });
  const runner = new LibraryRunner(core, { watcherOptions: { batchMs: opts.batchMs ?? 100 }, backlogPollMs: 200 });
  await runner.setRoots([{ path: root, watch: { stabilityMs: 500 } }]);
  const live = createLiveApi(core, runner, {
    settings: () => ({ libraryRoots: [{ path: root, stabilitySec: 0.5, network: 'auto' }], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0 }, cacheGiB: 2 }),
    playerStates: PlayerStates.memory(),
  });
  const share = await startShare(core, { token: TEST_TOKEN, host: '127.0.0.1', port: 0, api: live, ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}), ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}) });
  const base = `http://127.0.0.1:${share.port}`;
  const pair = await fetch(`${base}/pair?token=${TEST_TOKEN}`, { redirect: 'manual' });
  const cookie = pair.headers.get('set-cookie')!.split(';')[0]!;
  const transport = (viewer: string, t: { silenceMs?: number } = {}) => createHttpTransport({ base, viewer, headers: () => ({ Cookie: cookie }), ...t });
  const api = transport('viewer-one');
  return {
    api, root, core, runner, live, share, base, cookie, transport,
    idOf: (name) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id,
    async close() {
      live.close();
      await share.close();
      await runner.close();
      await core.close();
    },
  };
}
