// The app's desktop UI in Chromium without Electron: the real preload bundle (out/preload/
// index.cjs) runs in the page against a stand-in for `electron` whose ipcRenderer crosses to
// this process, where the desktop app (createDesktop) answers on a fake ipcMain, as main/index.ts
// wires it. What needs Electron itself (the window, the scheme's media) is left to
// e2e/electron.spec.ts; this covers what only the desktop may do: folders, settings, the share.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktop, type Desktop } from '../main/app/desktop.js';
import { freePort, libraryFolder } from '../main/test-support/api-harness.js';
import { fileTmpDir } from '../main/test-support/tmp.js';
import jsQRModule from 'jsqr';
import QRCode from 'qrcode';
import { makeLibrary, startServe } from './support/serve.js';
import { unnamedControls } from './support/a11y.js';
import { haveChromium, screenshot } from './support/chromium.js';
import { openDesktopPage, type DesktopPage } from './support/desktop-page.js';

describe.skipIf(!haveChromium)('desktop UI over the preload bundle (Chromium, no Electron)', () => {
  let page: Page;
  let app: Desktop;
  let desk: DesktopPage | undefined;
  let root: string;
  let second: string;
  let dataDir: string;
  let picked: string | null = null;
  const videosDir = fileTmpDir('rv-videos-');
  const shown: string[] = [];

  beforeAll(async () => {
    root = await libraryFolder({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4', 'cam-1/b.avi': 'cam-legacy/mpeg4.avi' });
    second = await libraryFolder({ 'cam-9/c.mp4': 'cam-modern/h264_aac.mp4' });
    dataDir = fileTmpDir('rv-data-');
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root }], share: { host: '127.0.0.1', port: await freePort() } }));
    app = await createDesktop({ dataDir, demo: false, background: false, pickFolder: async () => picked, picturesDir: () => fileTmpDir('rv-pics-'), videosDir: () => videosDir,
      showItemInFolder: (f) => shown.push(f) });
    await app.ready;
    desk = await openDesktopPage(app);
    ({ page } = desk);
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
    await app?.close();
  });

  const tiles = () => page.locator('.tile[data-id]');

  it('shows the library through the IPC transport', async () => {
    await expect.poll(() => tiles().count(), { timeout: 15_000 }).toBe(2);
  });

  it('adds a folder through the picker, and removes it', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    picked = null;
    await page.getByRole('button', { name: 'Add folder…' }).click(); // cancelled: nothing changes
    expect(await page.locator('.settings .roots code').allTextContents()).toEqual([root]);
    // (And the list after the next pick, handled after this one, holds exactly that pick more.)
    picked = second;
    await page.getByRole('button', { name: 'Add folder…' }).click();
    await expect.poll(() => page.locator('.settings .roots code').allTextContents()).toEqual([root, second]);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).libraryRoots.map((r: { path: string }) => r.path)).toEqual([root, second]);
    await screenshot(page, 'settings-desktop');
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back to the recordings' }).click();
    await expect.poll(() => tiles().count(), { timeout: 15_000 }).toBe(3);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: `Remove ${second} from the library` }).click();
    await expect.poll(() => page.locator('.settings .roots code').allTextContents()).toEqual([root]);
  });

  it('edits the stability window and conversion settings, refusing what the schema refuses', async () => {
    await page.getByLabel(`Seconds unchanged before a recording in ${root} counts as finished`).fill('12');
    await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).libraryRoots[0].stabilitySec).toBe(12);
    await page.getByLabel('Conversions at once').fill('3');
    await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).transcode.maxConcurrent).toBe(3);
    await page.getByLabel('Conversion quality, CRF').fill('99');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/transcode\.crf/);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).transcode.crf).toBe(23);
    const prepare = page.getByRole('checkbox', { name: 'Prepare playback on hover' });
    expect(await prepare.isChecked()).toBe(true);
    await prepare.click();
    await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).preparePlayback).toBe(false);
  });

  it('switches the share on with its pairing link and QR code, lists and revokes paired devices, and switches it off', async () => {
    await page.getByRole('checkbox', { name: 'Share the library on the local network' }).check();
    const link = page.locator('code.pairing');
    await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
    const first = (await link.textContent())!;
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pair\?code=[\w-]{22}$/);
    expect(await page.getByRole('img', { name: 'QR code of the pairing link' }).count()).toBe(1);
    // The QR code, as a phone's camera reads it, is the link (decoded by a QR reader library).
    const pixels = await page.getByRole('img', { name: 'QR code of the pairing link' }).evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const c = document.createElement('canvas');
      c.width = c.height = 400;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0, 400, 400);
      return Array.from(ctx.getImageData(0, 0, 400, 400).data);
    });
    // (A CommonJS module whose types describe an ES default.)
    type Reader = (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
    const jsQR = ((jsQRModule as unknown as { default?: Reader }).default ?? jsQRModule) as unknown as Reader;
    expect(jsQR(Uint8ClampedArray.from(pixels), 400, 400)?.data).toBe(first);
    // A phone pairs with the link; Settings lists it after "Pair a device" refreshes the view.
    const paired = await fetch(first, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1.15' } });
    expect(paired.status).toBe(303);
    const cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
    await page.getByRole('button', { name: 'Pair a device' }).click();
    await expect.poll(() => link.textContent()).not.toBe(first);
    await expect.poll(() => page.locator('[data-device-id]').count()).toBe(1);
    expect(await page.locator('[data-device-id]').textContent()).toContain('Safari on iOS');
    await screenshot(page, 'settings-share-on');
    const origin = new URL(first).origin;
    expect((await fetch(`${origin}/videos/`, { headers: { Cookie: cookie } })).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke Safari on iOS' }).click();
    await expect.poll(() => page.locator('[data-device-id]').count()).toBe(0);
    expect((await fetch(`${origin}/videos/`, { headers: { Cookie: cookie } })).status).toBe(401);
    await page.getByRole('checkbox', { name: 'Share the library on the local network' }).uncheck();
    await expect.poll(() => link.count()).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).share.enabled).toBe(false);
  });

  it('exports a clip from the player into Videos/Reelvault, with its progress and "Show in folder" in the status bar', async () => {
    const id = app.library.query({ limit: 10 }).items.find((e) => e.filename === 'b.avi')!.id;
    await page.goto(page.url().replace(/#.*$/, '') + `#/play/${id}`);
    await page.waitForSelector('.player');
    await page.locator('.player').press('e');
    const dialog = page.locator('[role=dialog][aria-label="Export a clip"]');
    await dialog.waitFor();
    // MPEG-4 Part 2: exact is the default; the folder is Videos/Reelvault.
    await expect.poll(() => dialog.locator('input[type=radio]').nth(1).isChecked()).toBe(true);
    expect(await dialog.locator('code').textContent()).toBe(path.join(videosDir, 'Reelvault'));
    await dialog.locator('button', { hasText: /^Export$/ }).click();
    await dialog.locator('text=Export queued').waitFor();
    await dialog.locator('button', { hasText: 'Close' }).click();
    // Finished: the clip under its own name and its hidden `.part` gone (the part is linked to the
    // name, then removed, so for a moment both are there).
    const listing = () => fs.readdirSync(path.join(videosDir, 'Reelvault'));
    await expect.poll(() => listing().filter((n) => !n.endsWith('.part')), { timeout: 30_000 }).toHaveLength(1);
    await expect.poll(() => listing()).toHaveLength(1);
    const file = listing()[0]!;
    expect(file).toMatch(/^cam-1 \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}–\d{2}\.\d{2}\.\d{2}\.mp4$/);
    await page.locator('.status.exports button').first().click();
    await page.locator('.exports-list li[data-export-state="done"]').waitFor();
    await screenshot(page, 'exports');
  });

  it('offers "Show in folder" and "Copy path" on a tile\'s right-click menu', async () => {
    await page.goto(page.url().replace(/#.*$/, '') + '#/');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    const tile = page.locator('.tile[data-id]').first();
    await tile.waitFor();
    const id = (await tile.getAttribute('data-id'))!;
    const file = app.library.pathOf(app.library.get(id)!);
    await tile.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show in folder' }).click();
    await expect.poll(() => shown).toEqual([file]);
    await tile.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy path' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(file);
  });

  it('carries out the menu bar\'s commands: views, tile size, shortcuts, and a word where a view cannot export', async () => {
    const menu = (command: string) => page.evaluate(([c]) => (window as unknown as { __rvEmit(c: string, d: unknown): void }).__rvEmit('rv:event:menu', c), [command] as const);
    await page.goto(page.url().replace(/#.*$/, '') + '#/');
    await tiles().first().waitFor();
    await menu('tile-L');
    await expect.poll(() => page.getByRole('button', { name: 'Large tiles (Ctrl+3)' }).getAttribute('aria-pressed')).toBe('true');
    await menu('export-clip'); // the grid has no clip: it says how to make one
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'mark a clip in the player with I and O' }).count()).toBe(1);
    await menu('shortcuts');
    await page.getByRole('dialog', { name: /shortcuts/i }).waitFor();
    await page.keyboard.press('Escape');
    await menu('view-timeline');
    await expect.poll(() => page.url()).toMatch(/#\/timeline/);
    await menu('not-a-command'); // ignored
    await menu('settings');
    await expect.poll(() => page.url()).toMatch(/#\/settings/);
    const keep = page.getByRole('checkbox', { name: /Keep sharing when the window is closed/ });
    expect(await keep.isChecked()).toBe(true);
    await keep.click(); // (it moves when the change is saved)
    await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).share.keepSharingWhenClosed).toBe(false);
    // Add folder… from the menu while Settings is open: the list shows it.
    picked = second;
    await menu('add-folder');
    await expect.poll(() => page.locator('.settings .roots code').allTextContents()).toEqual([root, second]);
    await menu('view-grid');
    await expect.poll(() => page.url()).toMatch(/#\/$/);
  });

  it('adds another Reelvault from its pairing QR code in a picture, and shows its recordings', async () => {
    const b = await startServe(makeLibrary({ 'dock/far.mp4': 'cam-modern/h264_aac.mp4' }));
    try {
      await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
      await page.getByRole('button', { name: 'Add another Reelvault…' }).click();
      const png = path.join(fileTmpDir('rv-qr-'), 'pairing.png');
      await QRCode.toFile(png, b.pairing, { width: 300 });
      await page.getByLabel('Read the pairing QR code from a picture').setInputFiles(png);
      await expect.poll(() => page.getByLabel('Pairing link of the other Reelvault').inputValue()).toBe(b.pairing);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const item = page.locator('[data-remote-key]');
      await expect.poll(() => item.getAttribute('data-remote-state'), { timeout: 15_000 }).toBe('online');
      await expect.poll(() => app.library.query({ text: 'far' }).items.map((e) => e.id.includes('.')), { timeout: 15_000 }).toEqual([true]);
      expect(fs.statSync(path.join(dataDir, 'remotes.json')).mode & 0o777).toBe(0o600);
      await page.getByRole('button', { name: /^Stop showing / }).click();
      await expect.poll(() => item.count()).toBe(0);
      expect(app.library.query({ text: 'far' }).total).toBe(0);
    } finally {
      await b.stop();
    }
  }, 60_000);
});
