// Evidence from the desktop UI (issue 35), in Chromium over the real preload bundle with the
// desktop app answering on a fake ipcMain (as e2e/desktop-ui.spec.ts does): the export dialog's
// "Evidence" turns the overlay on and writes a signed package in a folder of its own; Settings →
// Evidence shows the key's fingerprint and its PEM, and "Verify an export…" says "verified",
// then names a clip changed on disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktop, type Desktop } from '../main/app/desktop.js';
import { freePort, libraryFolder } from '../main/test-support/api-harness.js';
import { fileTmpDir } from '../main/test-support/tmp.js';
import { unnamedControls } from './support/a11y.js';
import { haveChromium, screenshot } from './support/chromium.js';
import { openDesktopPage, type DesktopPage } from './support/desktop-page.js';

describe.skipIf(!haveChromium)('evidence in the desktop UI (Chromium, no Electron)', () => {
  let page: Page;
  let app: Desktop;
  let desk: DesktopPage | undefined;
  let picked: string | null = null;
  const videosDir = fileTmpDir('rv-videos-');

  beforeAll(async () => {
    const root = await libraryFolder({ 'cam-1/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi' });
    const dataDir = fileTmpDir('rv-data-');
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root }], share: { host: '127.0.0.1', port: await freePort() } }));
    app = await createDesktop({ dataDir, demo: false, background: false, pickFolder: async () => picked, picturesDir: () => fileTmpDir('rv-pics-'), videosDir: () => videosDir });
    await app.ready;
    desk = await openDesktopPage(app);
    ({ page } = desk);
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
    await app?.close();
  });

  it('exports evidence from the player, and Settings verifies it with this installation\'s key', async () => {
    await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 15_000 }).toBe(1);
    const id = app.library.query({ limit: 10 }).items[0]!.id;
    await page.goto(page.url().replace(/#.*$/, '') + `#/play/${id}`);
    await page.waitForSelector('.player');
    await page.locator('.player').press('e');
    const dialog = page.locator('[role=dialog][aria-label="Export a clip"]');
    await dialog.waitFor();
    const overlay = dialog.locator('input[name=overlay]');
    expect(await overlay.isChecked()).toBe(false);
    await dialog.locator('input[name=evidence]').check();
    expect(await overlay.isChecked()).toBe(true); // the default for evidence
    await dialog.locator('select[name=overlay-corner]').selectOption('top-right');
    await dialog.locator('textarea[name=evidence-note]').fill('Incident 7');
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, 'export-evidence');
    await dialog.locator('button', { hasText: /^Export$/ }).click();
    await dialog.locator('text=Export queued').waitFor();
    await dialog.locator('button', { hasText: 'Close' }).click();
    const exports = path.join(videosDir, 'Reelvault');
    await expect.poll(() => fs.existsSync(exports) ? fs.readdirSync(exports).filter((n) => n.endsWith(' evidence')) : [], { timeout: 60_000 }).toHaveLength(1);
    const folder = path.join(exports, fs.readdirSync(exports).find((n) => n.endsWith(' evidence'))!);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ note: 'Incident 7', export: { exact: true, overlay: 'top-right', timelapse: null }, cameras: ['cam-1'] });

    await page.goto(page.url().replace(/#.*$/, '') + '#/');
    await page.getByRole('button', { name: 'Settings' }).click();
    const fingerprint = page.locator('[data-evidence-fingerprint]');
    await fingerprint.waitFor();
    expect(await fingerprint.textContent()).toBe(manifest.signedBy);
    const pem = await page.locator('[data-evidence-pem]').textContent();
    const der = crypto.createPublicKey(pem!).export({ type: 'spki', format: 'der' });
    expect(`SHA256:${crypto.createHash('sha256').update(der).digest('hex')}`).toBe(manifest.signedBy);

    picked = folder;
    await page.getByRole('button', { name: 'Verify an export…' }).click();
    await expect.poll(() => page.locator('[data-verify-status]').getAttribute('data-verify-status')).toBe('verified');
    const clip = path.join(folder, manifest.outputs[0].name);
    fs.appendFileSync(clip, 'x');
    await page.getByRole('button', { name: 'Verify an export…' }).click();
    await expect.poll(() => page.locator('[data-verify-status]').getAttribute('data-verify-status')).toBe('changed');
    expect(await page.locator('[data-verify-status] pre').textContent()).toBe(`${manifest.outputs[0].name}: changed`);
    await screenshot(page, 'settings-evidence');
  }, 120_000);
});
