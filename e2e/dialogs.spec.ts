// Dialogs and overlays behave as one (shared/use-dialog.ts), in Chromium over `reelvault serve`:
// each takes the focus when it opens, keeps Tab inside, closes on Esc without the view under it
// hearing the key, and gives the focus back.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './support/chromium.js';
import { h264Clip, lanesAround, stamp } from './support/camera-library.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);

describe.skipIf(!haveChromium)('dialogs and overlays', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let library: string;
  let id = '';

  beforeAll(async () => {
    library = makeLibrary({});
    h264Clip(library, `gate/${stamp(T0)}.mp4`, 12);
    served = await startServe(library, ['--name-tz', 'UTC']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    await served.pair(page);
    id = (await queryInPage(page, { limit: 10, facets: false }))[0]!.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
  });

  const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
  const tabAround = async (times: number) => {
    for (let i = 0; i < times; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await inDialog()).toBe(true);
    }
  };

  it('the player\'s export dialog: Esc closes only the dialog, and the in and out marks stay', async () => {
    await page.goto(`${served.base}/#/play/${id}?t=1`);
    await expect.poll(() => page.evaluate(() => document.querySelector('video')?.currentTime ?? 0), { timeout: 20_000 }).toBeGreaterThan(1);
    await page.evaluate(() => document.querySelector('video')!.pause());
    const player = page.locator('.player');
    await player.press('i');
    await page.evaluate(() => { document.querySelector('video')!.currentTime += 3; });
    await player.press('o');
    expect(await page.locator('[data-mark]').count()).toBe(2);
    await player.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    await dialog.waitFor();
    expect(await inDialog()).toBe(true);
    await tabAround(7);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/play\//);
    expect(await page.locator('[data-mark]').count()).toBe(2);
    // The focus is back in the player: its keys work at once.
    expect(await page.evaluate(() => !!document.activeElement?.closest('.player'))).toBe(true);
  }, 60_000);

  it('marks at the same moment (I, O at 0:00 before it plays): the export dialog says so in words and offers no download', async () => {
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/play/${id}`);
    await expect.poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.evaluate(() => { const v = document.querySelector('video')!; v.pause(); v.currentTime = 0; });
    const player = page.locator('.player');
    await player.press('i');
    await player.press('o');
    await player.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('alert').allInnerTexts()).toEqual([expect.stringMatching(/out mark is not after the in mark/)]);
    expect(await dialog.innerText()).not.toMatch(/argument/);
    expect(await dialog.locator('a.button.primary').getAttribute('href')).toBeNull();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);

  it('the sync view a few seconds before a camera starts says when it joins to the second, not a minute already begun', async () => {
    const [lane] = await lanesAround(page, T0);
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/sync?lanes=${lane!.key}&t=${T0 - 3000}`);
    const note = page.locator('.sync-note[role=status]');
    await expect.poll(() => note.innerText(), { timeout: 10_000 }).toMatch(/joins at/);
    expect((await note.innerText()).replace(/[\u202f\u00a0]/g, ' ')).toMatch(/joins at 0?8:00:00/) // the locale decides AM/PM or 24 h;
  }, 30_000);

  it('the shortcuts list: "?" opens it with the focus in it, Tab stays in, Esc closes it and the focus goes back', async () => {
    await page.goto(`${served.base}/#/`);
    await page.waitForSelector('.tile');
    const timelineButton = page.getByRole('button', { name: 'Timeline', exact: true });
    await timelineButton.focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await inDialog()).toBe(true);
    await tabAround(4);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(await timelineButton.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/?$/);
    // A selection dragged out of it onto the backdrop keeps it open; a click on the backdrop closes it.
    await page.keyboard.press('?');
    await help.waitFor();
    const box = (await help.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(5, 5, { steps: 4 });
    await page.mouse.up();
    expect(await help.count()).toBe(1);
    await page.mouse.click(5, 5);
    await help.waitFor({ state: 'detached' });
  }, 30_000);
});
