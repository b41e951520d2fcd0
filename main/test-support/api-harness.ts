// A real LAN share on loopback with the contract's API, and the browser transport paired to it
// the way a browser pairs (the /pair link's cookie), for the shared contract suite.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ReelvaultApi } from '../../contract/api.js';
import { createIpcTransport } from '../../preload/ipc-transport.js';
import { createHttpTransport } from '../../renderer/src/transport/http-transport.js';
import type { EventHub } from '../api/event-hub.js';
import { createLiveApi } from '../api/live.js';
import { createDesktop, type Desktop } from '../app/desktop.js';
import { LibraryRunner } from '../service/library-runner.js';
import { rootLabel } from '../library/naming.mjs';
import type { Library } from '../library/library.js';
import { createCore, type Core } from '../service/core.js';
import { forwardEvents, forwardExports, registerIpc } from '../electron/ipc.js';
import { startShare, type RunningShare } from '../share/server.js';
import { fakeIpcPair } from './fake-ipc.js';
import { copyFixtures } from './fixtures.js';
import { fileTmpDir } from './tmp.js';

export const TEST_TOKEN = 'contract-token-0123456789abcdef';

export interface ContractHarness {
  api: ReelvaultApi;
  /** The library folder (tests may add files to it as a camera would). */
  root: string;
  library: Library;
  runner: LibraryRunner;
  /** The contract's events, as the transport under test hears them. */
  events: EventHub;
  /** Every probe and thumbnail queued so far is made. */
  whenIdle(): Promise<void>;
  idOf(name: string): string;
  /** Present where the desktop-only operations are allowed. */
  desktop?: {
    pickNext(dir: string | null): void; picturesDir: string; videosDir: string; shown: string[];
    /** The native confirmations asked, and the answer the next ones get. */
    asked: string[]; answerNext(yes: boolean): void;
  };
  close(): Promise<void>;
}

export async function libraryFolder(files: Record<string, string>): Promise<string> {
  return copyFixtures(fileTmpDir(), files);
}

export interface ShareHarness extends ContractHarness {
  share: RunningShare;
  /** The share's parts (its queue, activity analysis), for tests that hold or inspect them. */
  core: Core;
  base: string;
  cookie: string;
  /** Another browser: its own viewer id, the same pairing cookie. */
  transport(viewer: string, opts?: { silenceMs?: number }): ReelvaultApi;
}

/** `files`: fixtures to copy into a new library folder, or a library folder a test already made. */
export async function shareHarness(
  files: Record<string, string> | string, opts: { heartbeatMs?: number; batchMs?: number; rendererDir?: string } = {},
): Promise<ShareHarness> {
  const root = typeof files === 'string' ? files : await libraryFolder(files);
  const core = await createCore({ dataDir: fileTmpDir('rv-data-'), local: false });
  // No background probing or thumbnails: tests ask for what they need, and nothing is left
  // running (or killed half-way) between tests.
  const runner = new LibraryRunner(core, { watcherOptions: { batchMs: opts.batchMs ?? 100 }, backlogPollMs: 200, background: false });
  await runner.setRoots([{ path: root, watch: { stabilityMs: 500 } }]);
  const live = createLiveApi(core, runner, {
    settings: () => ({ libraryRoots: [{ path: root, rootId: core.library.rootId(root), label: rootLabel(root, undefined), stabilitySec: 0.5, network: 'auto', nameTimeZone: 'local', cameraLevel: 1 }], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true }),
  });
  const share = await startShare(core, { token: TEST_TOKEN, host: '127.0.0.1', port: 0, api: live, ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}), ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}) });
  const base = `http://127.0.0.1:${share.port}`;
  const pair = await fetch(await share.pairingLink(), { redirect: 'manual' });
  const cookie = pair.headers.get('set-cookie')!.split(';')[0]!;
  const transport = (viewer: string, t: { silenceMs?: number } = {}) => createHttpTransport({ base, viewer, headers: () => ({ Cookie: cookie }), ...t });
  const api = transport('viewer-one');
  return {
    api, root, library: core.library, runner, events: live.hub, whenIdle: () => core.queue.whenIdle(), share, core, base, cookie, transport,
    idOf: (name) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id,
    async close() {
      live.close();
      await share.close();
      await runner.close();
      await core.close();
    },
  };
}

/**
 * The desktop app as Electron runs it (createDesktop), its contract registered on a fake
 * ipcMain, and the preload's IPC transport on the matching fake ipcRenderer.
 */
export async function ipcHarness(files: Record<string, string> | string): Promise<ContractHarness & { fake: ReturnType<typeof fakeIpcPair>; app: Desktop }> {
  const root = typeof files === 'string' ? files : await libraryFolder(files);
  const dataDir = fileTmpDir('rv-data-');
  const picturesDir = fileTmpDir('rv-pictures-');
  fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root, stabilitySec: 0.5 }], share: { host: '127.0.0.1', port: await freePort() } }));
  let picked: string | null = null;
  const videosDir = fileTmpDir('rv-videos-');
  const shown: string[] = [];
  const asked: string[] = [];
  let answer = false;
  const app = await createDesktop({
    confirm: async (message) => { asked.push(message); return answer; },
    dataDir, demo: false, background: false, pickFolder: async () => picked, picturesDir: () => picturesDir, videosDir: () => videosDir,
    showItemInFolder: (f) => shown.push(f),
  });
  await app.ready;
  const fake = fakeIpcPair();
  const unregister = registerIpc(fake.ipcMain, app.service);
  const unforwardEvents = forwardEvents(app.events, fake.send);
  const unforwardExports = forwardExports(app.exporter, fake.send);
  const unforward = () => { unforwardEvents(); unforwardExports(); };
  const api = createIpcTransport(fake.ipcRenderer);
  return {
    api, root, library: app.library, runner: app.runner, events: app.events, whenIdle: () => app.whenIdle(), fake, app,
    idOf: (name) => app.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id,
    desktop: { pickNext: (dir) => { picked = dir; }, picturesDir, videosDir, shown, asked, answerNext: (yes) => { answer = yes; } },
    async close() {
      unforward();
      unregister();
      await app.close();
    },
  };
}

/** A port free right now on loopback (settings need a real port number). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}
