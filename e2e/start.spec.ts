// `npm start` on a machine without Electron's binary, as a newcomer meets it: one line with the
// owner link for this computer's browser (no LAN addresses, no QR code), which opens the app as
// its owner. "Add your recordings folder…" browses the computer's folders and adds one, and its
// recordings appear; a setting changed survives a restart, as does the folder; a device is paired
// from Settings with its link; a clip is exported to the export folder and downloaded.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixtures } from '../main/test-support/fixtures.js';
import { fileTmpDir } from '../main/test-support/tmp.js';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';

const hasElectron = fs.existsSync(path.resolve('node_modules', 'electron', 'path.txt'));
const LINE = /^Reelvault is running: (http:\/\/127\.0\.0\.1:\d+\/pair\?code=[\w-]{22}) \(this computer only\)$/;

describe.skipIf(!haveChromium || hasElectron)('npm start without Electron', () => {
  const children: ChildProcess[] = [];
  const stop = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  };
  // Gone before their data folder is removed: they save the index on the way out.
  afterAll(async () => { for (const c of children) await stop(c); });

  /** `npm start` with a home and a data folder of its own; resolves with its stdout once the link is out. */
  const start = async (home: string, dataDir: string, ...args: string[]): Promise<{ child: ChildProcess; link: string; stdout: () => string }> => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', ...args], {
      env: { ...process.env, HOME: home, REELVAULT_DATA_DIR: dataDir, REELVAULT_START_SKIP_BUILD: '1', REELVAULT_NO_BROWSER: '1', INIT_CWD: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
    await expect.poll(() => out, { timeout: 120_000, message: `no link printed: ${err}` }).toMatch(/\(this computer only\)\n/);
    const link = LINE.exec(out.trim())?.[1];
    if (!link) throw new Error(`not the one line expected: ${out}`);
    expect(err).toMatch(/opens in your browser instead/);
    return { child, link, stdout: () => out };
  };

  it('opens as the owner, adds a folder, keeps settings over a restart, pairs a device and exports a clip', async () => {
    const home = fileTmpDir('rv-home-');
    const dataDir = fileTmpDir('rv-start-');
    copyFixtures(path.join(home, 'recordings'), { 'gate/2026-11-20_08-00-00.mp4': 'cam-modern/h264_aac.mp4', 'yard/2026-11-20_09-00-00.mp4': 'cam-modern/h264_aac.mp4' });
    const first = await start(home, dataDir);
    // One line, and nothing about other addresses or a QR code: the share is this computer's only.
    expect(first.stdout().trim().split('\n')).toHaveLength(1);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(first.link);
      // The demo library, as the owner: the way out is offered.
      const banner = page.locator('.demo-banner');
      // (The demo's clips are made by ffmpeg first: minutes on a loaded machine.)
      await banner.waitFor({ timeout: 300_000 });
      await page.waitForSelector('.tile[data-id]', { timeout: 60_000 });
      await banner.getByRole('button', { name: 'Add your recordings folder…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a recordings folder' });
      await dialog.locator(`[data-folder-current="${home}"]`).waitFor();
      await dialog.locator(`[data-folder-path="${path.join(home, 'recordings')}"]`).click();
      await dialog.locator(`[data-folder-current="${path.join(home, 'recordings')}"]`).waitFor();
      await dialog.getByRole('button', { name: 'Add this folder' }).click();
      await dialog.waitFor({ state: 'detached' });
      // Its recordings, and only they: the demo is gone.
      await expect.poll(() => page.locator('.status-bar').textContent(), { timeout: 60_000 }).toMatch(/2 recordings/);
      expect(await banner.count()).toBe(0);
      await screenshot(page, 'start-owner-added-folder');

      // A setting changed here survives a restart (the folder too).
      await page.getByRole('button', { name: 'Settings' }).click();
      const prepare = page.getByLabel('Prepare playback on hover');
      await prepare.click(); // (a controlled box: it turns once the computer has saved it)
      await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).preparePlayback).toBe(false);
      await stop(first.child);
      const second = await start(home, dataDir);
      // The browser is paired already: the new process knows its owner cookie, on a new port.
      const base = new URL(second.link).origin;
      await context.addCookies((await context.cookies(new URL(first.link).origin)).map((c) => ({ name: c.name, value: c.value, url: base })));
      await page.goto(`${base}/#/settings`);
      await expect.poll(() => page.getByLabel('Prepare playback on hover').isChecked(), { timeout: 30_000 }).toBe(false);
      expect(await page.locator('.roots').textContent()).toContain(path.join(home, 'recordings'));

      // A device is paired from Settings with its link.
      await page.getByRole('button', { name: 'Pair a device' }).click();
      const pairing = await page.locator('code.pairing').textContent();
      expect(pairing).toMatch(new RegExp(`^${base}/pair\\?code=`));
      const phone = await browser.newPage();
      await phone.goto(pairing!);
      await phone.waitForSelector('.tile[data-id]', { timeout: 30_000 });
      expect(await phone.evaluate(async () => (await (await fetch('/api/capabilities', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })).json()).value.role)).toBe('viewer');
      await phone.close();
      await page.reload();
      await expect.poll(() => page.locator('.devices li').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('.audit-log').textContent()).toMatch(/addRoot/);

      // A clip is exported to the export folder (progress in the status bar), then downloaded.
      await page.goto(`${base}/#/`);
      await page.waitForSelector('.tile[data-id]');
      const id = await page.locator('.tile[data-id]').first().getAttribute('data-id');
      const queued = await page.evaluate(async (fileId) => (await (await fetch('/api/exportClip', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ id: fileId, from: 0.5, to: 1.5, exact: true }]),
      })).json()) as { ok: boolean }, id);
      expect(queued).toMatchObject({ ok: true });
      const exportsButton = page.locator('.status.exports button').first();
      await expect.poll(() => exportsButton.textContent(), { timeout: 60_000 }).toMatch(/Exports \(1\)/);
      await exportsButton.click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-download]').first().click()]);
      const saved = path.join(home, 'downloaded.mp4');
      await download.saveAs(saved);
      expect(fs.statSync(saved).size).toBeGreaterThan(1000);
      const exported = fs.readdirSync(path.join(home, 'Videos', 'Reelvault'));
      expect(exported.filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
      expect(download.suggestedFilename()).toBe(exported.find((f) => f.endsWith('.mp4')));
    } finally {
      await browser.close();
    }
  }, 600_000);
});
