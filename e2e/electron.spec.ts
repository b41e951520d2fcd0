// The real app in Electron, where its binary exists (a user's machine, a packaging runner):
// launch on a fresh data dir, the demo grid, double-click a legacy file, see its picture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../scripts/electron-binary.mjs';

const binary = electronBinary();
if (!binary) console.log('electron e2e skipped: no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); it runs where `npm start` does');

describe.skipIf(!binary)('Electron app', () => {
  it('starts on the demo library and plays a legacy file with picture', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.resolve('out/main/index.js'), `--user-data-dir=${userData}`, '--no-sandbox'],
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
      await page.screenshot({ path: path.resolve('out', 'e2e-artifacts', 'electron-player.png') });
    } finally {
      await app.close();
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);
});
