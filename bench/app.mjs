// The share with its web build, in this process, and Debian's Chromium: what the UI and player
// benchmarks drive. Uses the build in out/ (npm run build).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, load } from './lib.mjs';

export const TOKEN = 'bench-token-0123456789abcdef';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'service/core.js': ['createCore'],
  'share/server.js': ['startShare'],
  'api/live.js': ['createLiveApi'],
  'service/library-runner.js': ['LibraryRunner'],
});

/**
 * @param {string} library
 * @param {{ dataDir: string, background?: boolean }} opts
 */
export async function startApp(library, opts) {
  const { createCore, startShare, createLiveApi, LibraryRunner } = await modules();
  const rendererDir = path.join(ROOT, 'out', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('run `npm run build` first: the web build is missing');
  const core = await createCore({ dataDir: opts.dataDir, local: false });
  const runner = new LibraryRunner(core, { watch: false, background: opts.background ?? false });
  await runner.setRoots([{ path: library }]);
  const live = createLiveApi(core, runner, { settings: () => ({ libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0 }, cacheGiB: 2, preparePlayback: true }) });
  const share = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api: live, rendererDir });
  const base = `http://127.0.0.1:${share.port}`;
  return {
    core, base, pairUrl: await share.pairingLink(),
    async close() {
      live.close();
      await share.close();
      await runner.close();
      await core.close();
    },
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
  });
}
