// What a user sees in the timeline and the sync view (issue 28 §5), in Chromium over `reelvault
// serve`: the export dialog takes the keys and the focus and pauses the cameras under it, the
// keys work after a click on the seek bar, a gap of every camera is offered to skip, Back names
// and returns to where the user came from (the timeline at its zoom), the timeline's keys work
// without a click first, disabled controls look disabled, every control is readable in light and
// dark, and an export of N cameras offers a download per camera or says why not.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './support/chromium.js';
import { h264Clip, lanesAround, probeAll, stamp } from './support/camera-library.js';
import { lowContrast } from './support/contrast.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

/** 08:00:00 UTC: cam-1…cam-8 record 20 s; cam-1 again at 08:52:20; cam-9's file cannot be read. */
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const AGAIN = T0 + 20_000 + 52 * 60_000;
const CAMS = ['cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5', 'cam-6', 'cam-7', 'cam-8'];

describe.skipIf(!haveChromium)('the timeline and the sync view, as a user sees them', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let library: string;
  const key = new Map<string, string>();
  const ids = new Map<string, string>();

  beforeAll(async () => {
    library = makeLibrary({});
    for (const c of CAMS) h264Clip(library, `${c}/${stamp(T0)}.mp4`, 20);
    h264Clip(library, `cam-1/${stamp(AGAIN)}.mp4`, 10);
    fs.mkdirSync(`${library}/cam-9`);
    fs.writeFileSync(`${library}/cam-9/${stamp(T0 + 5000)}.mp4`, 'not a video at all');
    served = await startServe(library, ['--name-tz', 'UTC']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    await served.pair(page);
    for (const e of await queryInPage(page, { limit: 100, facets: false })) ids.set(e.relPath, e.id);
    await probeAll(page, ids.values());
    for (const l of await lanesAround(page, T0)) key.set(l.camera, l.key);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
  });

  // (From a blank page: a new address that differs only in its hash would keep the view on screen.)
  const syncAt = async (cams: string[], t: number) => {
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/sync?lanes=${cams.map((c) => key.get(c)).join(',')}&t=${t}`);
  };
  const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
  const playingTiles = () => page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('video[data-camera][data-file-id]')].filter((v) => !v.paused).length);
  const timelineAt = async (from: number, to: number) => {
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    await page.waitForSelector('[data-lane]');
  };

  it('sync: Export… pauses the cameras, takes the focus and keeps Tab in; Esc closes only the dialog and gives focus back', async () => {
    await syncAt(['cam-1', 'cam-2', 'cam-3'], T0 + 2000);
    await expect.poll(playingTiles, { timeout: 30_000 }).toBeGreaterThan(0);
    const exportButton = page.getByRole('button', { name: /^Export every camera/ });
    await exportButton.click();
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    await dialog.waitFor();
    expect(await inDialog()).toBe(true);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
      expect(await inDialog()).toBe(true);
    }
    // Under the dialog nothing plays on: what it exports stays on screen.
    await expect.poll(playingTiles, { timeout: 10_000 }).toBe(0);
    expect(await page.getByRole('button', { name: 'Play all (Space)' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/sync\?/);
    expect(await exportButton.evaluate((b) => b === document.activeElement)).toBe(true);
  }, 60_000);

  it('sync: the keys still work after a click on the seek bar', async () => {
    await syncAt(['cam-1', 'cam-2'], T0 + 2000);
    const bar = (await page.getByRole('slider', { name: 'Seek all cameras' }).boundingBox())!;
    await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Seek all cameras');
    const speed = page.getByRole('combobox', { name: 'Speed' });
    expect(await speed.inputValue()).toBe('1');
    await page.keyboard.press(']');
    await expect.poll(() => speed.inputValue()).toBe('1.25');
    // (The middle of the bar is in the gap of every camera, where Space continues: K pauses.)
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Play all (Space)' }).waitFor();
  }, 30_000);

  it('sync: when every camera has stopped recording, offers the next recording, and Space goes there', async () => {
    await syncAt(['cam-1', 'cam-2'], T0 + 17_000);
    const note = page.locator('.sync .note.gap');
    await note.waitFor({ timeout: 30_000 });
    // (The clock's format is the app's: 08:52 or 8:52 AM.)
    expect(await note.textContent()).toMatch(/^No recording for 52 min: continue at 0?8:52\b.*\(Space\)$/);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.sync-moment').getAttribute('data-moment').then(Number)).toBeGreaterThanOrEqual(AGAIN);
    await page.locator(`video[data-camera="cam-1"][data-file-id="${ids.get(`cam-1/${stamp(AGAIN)}.mp4`)}"]`).waitFor({ timeout: 30_000 });
  }, 60_000);

  it('Back returns where the user came from: the sync view names it, and the player returns to the timeline at its zoom', async () => {
    const from = T0 - 5 * 60_000, to = T0 + 15 * 60_000;
    await timelineAt(from, to);
    await page.getByRole('checkbox', { name: 'Play cam-1 together with others' }).check();
    await page.getByRole('checkbox', { name: 'Play cam-2 together with others' }).check();
    await page.getByRole('button', { name: /^Play 2 cameras together/ }).click();
    const back = page.getByRole('button', { name: /^Back to the/ });
    expect(await back.getAttribute('aria-label')).toBe('Back to the timeline (Esc)');
    await back.click();
    await page.waitForFunction(() => location.hash.startsWith('#/timeline'));
    // Zoomed in (a key, no click first), then a recording opened from the lane: Esc comes back to that zoom.
    await page.waitForSelector('[data-lane]');
    await page.keyboard.press('+');
    await page.waitForFunction((before) => /from=(\d+)/.exec(location.hash)?.[1] !== String(before), from);
    const zoomed = await page.evaluate(() => location.hash);
    const canvas = page.locator('.timeline-canvas canvas');
    const box = (await canvas.boundingBox())!;
    const [f, t] = [Number(await canvas.getAttribute('data-from')), Number(await canvas.getAttribute('data-to'))];
    const laneBox = (await page.locator('[data-lane]').first().boundingBox())!;
    await page.mouse.click(box.x + ((T0 + 3000 - f) / (t - f)) * box.width, laneBox.y + laneBox.height / 2);
    await page.waitForFunction(() => location.hash.startsWith('#/play/'));
    expect(await page.getByRole('button', { name: /^Back to the/ }).getAttribute('aria-label')).toBe('Back to the timeline (Esc)');
    await page.locator('.player').press('Escape');
    await page.waitForFunction(() => location.hash.startsWith('#/timeline'));
    expect(await page.evaluate(() => location.hash)).toBe(zoomed);
    // From the player, the sync view's Back names the player and returns to it.
    await page.goto(`${served.base}/#/play/${ids.get(`cam-1/${stamp(T0)}.mp4`)}?t=2`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 2);
    await page.locator('.player').press('y');
    await page.waitForFunction(() => location.hash.startsWith('#/sync'));
    expect(await back.textContent()).toBe('← Player');
    // The view takes the focus as it shows: the key goes where a user's would.
    await page.waitForFunction(() => !!document.activeElement?.closest('.sync'));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => location.hash.startsWith('#/play/'));
  }, 60_000);

  it('timeline: + and − zoom and / focuses the search without a click first, and after ticking a camera', async () => {
    await page.goto(`${served.base}/`);
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await page.waitForSelector('[data-lane]');
    const canvas = page.locator('.timeline-canvas canvas');
    const span = async () => Number(await canvas.getAttribute('data-to')) - Number(await canvas.getAttribute('data-from'));
    const before = await span();
    await page.keyboard.press('+');
    await expect.poll(span).toBeLessThan(before);
    const zoomed = await span();
    await page.keyboard.press('-');
    await expect.poll(span).toBeGreaterThan(zoomed);
    await page.getByRole('checkbox', { name: 'Play cam-3 together with others' }).check();
    const ticked = await span();
    await page.keyboard.press('+');
    await expect.poll(span).toBeLessThan(ticked);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('search');
  }, 30_000);

  it('disabled controls look disabled', async () => {
    await timelineAt(T0 - 5 * 60_000, T0 + 15 * 60_000);
    const look = (name: RegExp | string) => page.getByRole('button', { name, exact: typeof name === 'string' }).evaluate((b) => {
      const s = getComputedStyle(b);
      return { disabled: (b as HTMLButtonElement).disabled, look: `${s.opacity} ${s.cursor}` };
    });
    const enabled = await look('Now');
    // Nothing ticked, no stretch chosen: both disabled, and they look it.
    for (const name of [/^Play cameras together/, 'Export…']) {
      const d = await look(name);
      expect(d.disabled).toBe(true);
      expect(d.look).not.toBe(enabled.look);
    }
    expect(enabled.disabled).toBe(false);
  });

  it('every view\'s controls are readable in light and in dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const p = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', colorScheme });
      await served.pair(p);
      const views: Array<[string, string, string]> = [
        ['grid', '/', '.tile'],
        ['timeline', `/#/timeline?lanes=${key.get('cam-1')},${key.get('cam-2')}&from=${T0 - 300_000}&to=${T0 + 900_000}`, '[data-lane]'],
        ['sync', `/#/sync?lanes=${key.get('cam-1')},${key.get('cam-2')}&t=${T0 + 2000}`, 'video[data-file-id]'],
        ['player', `/#/play/${ids.get(`cam-1/${stamp(T0)}.mp4`)}?t=2`, 'video'],
      ];
      for (const [view, url, ready] of views) {
        await p.goto(`${served.base}${url}`);
        // Present is enough: the controls' colours are what is read, not a playing picture (a
        // sync tile's video has no size until its first frame, which a loaded machine delays).
        await p.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
        expect.soft(await lowContrast(p), `${view}, ${colorScheme}`).toEqual([]);
      }
      await p.close();
    }
  }, 120_000);

  it('the timeline\'s export of every camera offers one download per camera, and names the one that cannot be read', async () => {
    const from = T0 - 60_000, to = T0 + 120_000;
    await timelineAt(from, to);
    const canvas = page.locator('.timeline-canvas canvas');
    const box = (await canvas.boundingBox())!;
    const x = (t: number) => box.x + ((t - from) / (to - from)) * box.width;
    const y = (await page.locator('[data-lane]').first().boundingBox())!.y + 10;
    await page.keyboard.down('Shift');
    await page.mouse.move(x(T0 + 1000), y);
    await page.mouse.down();
    await page.mouse.move(x(T0 + 8000), y, { steps: 5 });
    await page.mouse.move(x(T0 + 15_000), y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    expect(await dialog.locator('h2').textContent()).toBe('Export 9 cameras');
    await expect.poll(() => dialog.locator('.downloads a').count(), { timeout: 20_000 }).toBe(8);
    const labels = await dialog.locator('.downloads a').allTextContents();
    expect(labels.map((l) => l.split(' ')[0]).sort()).toEqual(CAMS);
    await expect.poll(() => dialog.getByRole('list', { name: 'Not in the export' }).textContent()).toMatch(/^cam-9: the recording at 0?8:00\S* (AM )?could not be read/);
  }, 60_000);
});

describe.skipIf(!haveChromium)('the share\'s export of several cameras, just after it started', () => {
  let served: Served;
  let browser: Browser;
  let library: string;
  const cams = ['cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5', 'cam-6', 'cam-7', 'cam-8'];
  beforeAll(async () => {
    library = makeLibrary({});
    for (const c of cams) for (let k = 0; k < 5; k++) h264Clip(library, `${c}/${stamp(T0 + k * 2000)}.mp4`, 2);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
  });

  it('offers every camera\'s recordings, those the share has not probed yet too (they were left out)', async () => {
    // Right after the start most recordings are not probed yet: the share probes them in the
    // background, camera after camera.
    served = await startServe(library, ['--name-tz', 'UTC']);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    await served.pair(page);
    const from = T0 - 60_000, to = T0 + 60_000;
    await page.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    await page.waitForSelector('[data-lane]');
    const canvas = page.locator('.timeline-canvas canvas');
    const box = (await canvas.boundingBox())!;
    const x = (t: number) => box.x + ((t - from) / (to - from)) * box.width;
    const y = (await page.locator('[data-lane]').first().boundingBox())!.y + 10;
    await page.keyboard.down('Shift');
    await page.mouse.move(x(T0 - 1000), y);
    await page.mouse.down();
    await page.mouse.move(x(T0 + 5000), y, { steps: 5 });
    await page.mouse.move(x(T0 + 12_000), y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    expect(await dialog.locator('h2').textContent()).toBe('Export 8 cameras');
    await expect.poll(() => dialog.locator('.downloads a').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const labels = await dialog.locator('.downloads a').allTextContents();
    expect(labels.length).toBe(cams.length * 5);
    expect([...new Set(labels.map((l) => l.split(' ')[0]))].sort()).toEqual(cams);
    await page.close();
  }, 120_000);
});
