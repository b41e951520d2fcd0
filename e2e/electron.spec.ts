// The real app in Electron, where its binary exists (a user's machine, a packaging runner):
// launch on a fresh data dir, the demo grid, double-click a legacy file, see its picture. Twice
// where it can: from out/ with the development binary, and as packaged (`npm run dist:e2e`),
// where the ESM main and the scan worker load from inside the asar archive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../scripts/electron-binary.mjs';

const binary = electronBinary();
if (!binary) console.log('electron e2e skipped: no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); it runs where `npm start` does');

/**
 * The packaged app, built for this test by `npm run dist:e2e`: the release build turns off the
 * nodeCliInspect fuse, and Playwright drives Electron through that inspector, so this one
 * build keeps it on (every other fuse as released).
 */
const PACKAGED: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'dist-e2e/linux-unpacked/reelvault',
  win32: 'dist-e2e/win-unpacked/Reelvault.exe',
  darwin: 'dist-e2e/mac/Reelvault.app/Contents/MacOS/Reelvault',
};
const packaged = PACKAGED[process.platform] && fs.existsSync(PACKAGED[process.platform]!) ? path.resolve(PACKAGED[process.platform]!) : null;
if (binary && !packaged) console.log('packaged electron e2e skipped: no packaged build here (`npm run dist:e2e` makes one)');

const targets = [
  ...(binary ? [{ name: 'from out/', executablePath: binary, args: [path.resolve('out/main/index.js')] }] : []),
  ...(packaged ? [{ name: 'packaged', executablePath: packaged, args: [] }] : []),
];

describe.skipIf(!targets.length).each(targets.length ? targets : [{ name: 'none', executablePath: '', args: [] }])('Electron app ($name)', ({ executablePath, args }) => {
  it('starts on the demo library and plays a legacy file with picture', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-electron-'));
    const app = await electron.launch({
      executablePath,
      args: [...args, `--user-data-dir=${userData}`, '--no-sandbox'],
      env: { ...process.env, REELVAULT_DATA_DIR: userData },
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 60_000 }).toBe(7);
      const yard = page.locator('.tile', { hasText: /\.avi/ }).first();
      await yard.dblclick();
      await expect.poll(() => page.evaluate(() => document.querySelector('video')?.videoWidth ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
      const frames = () => page.evaluate(() => document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames);
      const first = await frames();
      await expect.poll(frames, { timeout: 10_000 }).toBeGreaterThan(first);
      // The menu bar is the app's own (File, View, Help).
      const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? []);
      expect(menu.map((l) => l.replace('&', ''))).toEqual(expect.arrayContaining(['File', 'View', 'Help']));
      await page.screenshot({ path: path.resolve('out', 'e2e-artifacts', `electron-player${executablePath === binary ? '' : '-packaged'}.png`) });
    } finally {
      await app.close();
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);
});
