// Marking and exporting a clip in a LAN browser: I and O in the player, E, "Download" (the share
// streams it from /media/clip/), and the file is the marked stretch.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMedia } from '../main/media/ffmpeg.js';
import { tmpDir } from '../main/test-support/tmp.js';
import { haveChromium } from './support/chromium.js';
import { playerPage, type PlayerPage } from './support/player-page.js';

describe.skipIf(!haveChromium)('exporting a clip over the LAN share', () => {
  let p: PlayerPage;
  beforeAll(async () => { p = await playerPage({ 'gate/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi' }); });
  afterAll(async () => { await p?.close(); });

  it('marks in and out, exports exactly, and downloads the marked stretch', async () => {
    const { page } = p;
    await p.open('gate/2026-11-20_08-00-00.avi', 2);
    await expect.poll(() => page.evaluate(() => document.querySelector('video')?.currentTime ?? 0), { timeout: 20_000 }).toBeGreaterThan(2);
    await page.evaluate(() => document.querySelector('video')!.pause());
    // "?" lists this view's shortcuts, I, O and E among them; Esc closes the list.
    await page.locator('.player').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toMatch(/mark the clip's in and out points.*export the clip/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(page.url()).toContain('#/play/'); // Esc closed the list, not the player
    const at = () => page.evaluate(() => document.querySelector('video')!.currentTime);
    await page.locator('.player').press('i');
    const t0 = await at();
    await page.evaluate(() => { document.querySelector('video')!.currentTime += 3; });
    await expect.poll(at).toBeGreaterThan(t0 + 2.9);
    await page.locator('.player').press('o');
    const t1 = await at();
    expect(await page.locator('[data-mark="in"]').count()).toBe(1);
    expect(await page.locator('[data-mark="out"]').count()).toBe(1);
    await page.locator('.player').press('e');
    const dialog = page.locator('[role=dialog][aria-label="Export a clip"]');
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('input[type=radio]').nth(1).isChecked()).toBe(true); // exact, for MPEG-4 Part 2
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('a', { hasText: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gate 2026-11-20 08\.00\.0\d–08\.00\.0\d\.mp4$/);
    const file = path.join(tmpDir(), 'clip.mp4');
    await download.saveAs(file);
    const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,duration', '-of', 'csv=p=0', file], { timeoutMs: 20_000 });
    const [codec, duration] = r.stdout.toString().trim().split(',');
    expect(codec).toBe('h264');
    expect(Math.abs(Number(duration) - (t1 - t0))).toBeLessThanOrEqual(0.1);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  }, 60_000);
});
