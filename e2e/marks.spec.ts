// Zoom, bookmarks and links to a moment (issue 34), in Chromium over `reelvault serve`: the
// wheel zooms the picture (data-zoom above 1) and `0` resets it, `B` makes a bookmark that the
// `bookmarks` operation then lists, `#/at/<lane>/<ms>` opens the player at that moment (within a
// frame) and with several lanes the sync view, and an unpaired browser lands there after pairing.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bookmark } from '../contract/api.js';
import { haveChromium, launchChromium } from './support/chromium.js';
import { h264Clip, lanesAround, probeAll, stamp } from './support/camera-library.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const FRAME_SEC = 1 / 25;
/** Videos that never start playing: where the player put them is where they stay. */
const HOLD_STILL = 'HTMLMediaElement.prototype.play = function () { return Promise.resolve(); };';

describe.skipIf(!haveChromium)('zoom, bookmarks and links to a moment', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let library: string;
  const key = new Map<string, string>();
  const ids = new Map<string, string>();

  beforeAll(async () => {
    library = makeLibrary({});
    for (const c of ['cam-1', 'cam-2']) h264Clip(library, `${c}/${stamp(T0)}.mp4`, 20);
    served = await startServe(library, ['--name-tz', 'UTC']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 700 }, timezoneId: 'UTC' });
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

  const openPlayer = async (t: number) => {
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/play/${ids.get(`cam-1/${stamp(T0)}.mp4`)}?t=${t}`);
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.player video')?.readyState ?? 0) >= 2);
  };
  const zoomOf = () => page.evaluate(() => Number(document.querySelector('.player')?.getAttribute('data-zoom')));
  const videoTime = () => page.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')?.currentTime ?? -1);
  const bookmarks = (q: object) => page.evaluate(async (query) => {
    const r = await fetch('/api/bookmarks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([query]) });
    return ((await r.json()) as { value: Bookmark[] }).value;
  }, q);

  it('the wheel zooms the picture around the pointer, the overview shows where, a snapshot takes the zoomed part, ? lists the keys, and 0 resets', async () => {
    await openPlayer(2);
    expect(await zoomOf()).toBe(1);
    const box = (await page.locator('.stage').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await page.mouse.wheel(0, -300);
    await expect.poll(zoomOf).toBeGreaterThan(1);
    expect(await page.locator('.zoom-overview').count()).toBe(1);
    expect(await page.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')!.style.transform)).toMatch(/scale\(/);
    // A drag pans: the transform moves, the zoom stays.
    const before = await page.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')!.style.transform);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')!.style.transform)).not.toBe(before);
    // A snapshot takes the zoomed part, at the recording's resolution (320×180 whole).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[aria-label="Save a snapshot (S)"]').click()]);
    const png = fs.readFileSync((await download.path())!);
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(w).toBeLessThan(320);
    expect(h).toBeLessThan(180);
    expect(w).toBeGreaterThan(100);
    // "?" lists the new keys.
    await page.locator('.player').focus();
    await page.keyboard.press('?');
    const keys = await page.locator('[role=dialog][aria-label="Keyboard shortcuts"] kbd').allTextContents();
    expect(keys).toEqual(expect.arrayContaining(['B', '0, double-click', 'wheel, pinch']));
    await page.keyboard.press('Escape');
    await page.locator('.player').focus();
    await page.keyboard.press('0');
    await expect.poll(zoomOf).toBe(1);
    expect(await page.locator('.zoom-overview').count()).toBe(0);
  });

  it('B bookmarks the moment, with a note, and the bookmarks operation lists it', async () => {
    await openPlayer(5);
    await page.locator('.player').focus();
    await page.keyboard.press('k'); // pause where it is
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('.player video')!.paused);
    const at = T0 + (await videoTime()) * 1000;
    await page.keyboard.press('B');
    await page.waitForSelector('[role=dialog][aria-label="Add a bookmark"] input');
    await page.keyboard.type('van at the gate');
    await page.keyboard.press('Enter');
    const lane = key.get('cam-1')!;
    await expect.poll(async () => (await bookmarks({ lanes: [lane] })).map((b) => b.note)).toContain('van at the gate');
    const made = (await bookmarks({ lanes: [lane] })).find((b) => b.note === 'van at the gate')!;
    expect(Math.abs(made.at - at)).toBeLessThanOrEqual(40);
    expect(made.mine).toBe(true);
    // It is drawn on the seek bar.
    await page.waitForSelector(`.seekbar [data-bookmark="${made.id}"]`);
    // The prompt gives the keys back to the player (its note field had taken the focus, and the
    // player's keys went deaf): lowercase b, pressed next, works too.
    const inPlayer = () => page.evaluate(() => !!document.activeElement?.closest('.player'));
    await expect.poll(inPlayer).toBe(true);
    await page.keyboard.press('b');
    await page.waitForSelector('[role=dialog][aria-label="Add a bookmark"]');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bookmarks({ lanes: [lane] })).length).toBe(2);
    // And after Esc: the next key is the player's (k plays).
    await expect.poll(inPlayer).toBe(true);
    await page.keyboard.press('b');
    await page.waitForSelector('[role=dialog][aria-label="Add a bookmark"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=dialog][aria-label="Add a bookmark"]', { state: 'detached' });
    await page.keyboard.press('k');
    await page.waitForFunction(() => !document.querySelector<HTMLVideoElement>('.player video')!.paused);
    expect((await bookmarks({ lanes: [lane] })).length).toBe(2);
  });

  it('the timeline draws bookmarks on their lanes and copies a link to the ticked cameras at the chosen moment', async () => {
    await page.goto(served.base);
    const made = await page.evaluate(async (lane) => {
      const r = await fetch('/api/addBookmark', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ lane, at: Date.UTC(2026, 10, 20, 9, 0, 9), note: 'on the lane' }]) });
      return ((await r.json()) as { value: Bookmark }).value;
    }, key.get('cam-1')!);
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/timeline?from=${T0 - 60_000}&to=${T0 + 60_000}`);
    await page.waitForSelector('[data-lane]');
    await page.waitForSelector(`.timeline-canvas [data-bookmark="${made.id}"]`);
    const copy = page.locator('button[aria-label="Copy link to this moment"]');
    expect(await copy.isDisabled()).toBe(true);
    // Tick a camera, choose the moment on the time axis: the link names both.
    await page.locator(`[data-lane="${key.get('cam-1')}"] input[type=checkbox]`).check();
    const canvas = (await page.locator('.timeline-canvas canvas').boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + 5);
    await expect.poll(() => copy.isDisabled()).toBe(false);
    // (The clipboard, as the page sees it: headless Chromium may refuse the real one.)
    await page.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      navigator.clipboard.writeText = async (t: string) => { w.copied.push(t); };
    });
    await copy.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { copied: string[] }).copied[0] ?? '')).toMatch(new RegExp(`^${served.base}/#/at/${key.get('cam-1')}/\\d+$`));
  });

  it('the Bookmarks panel lists them, filters by camera, saves them as CSV and deletes one', async () => {
    await page.goto(served.base);
    for (const [cam, note] of [['cam-1', 'panel one'], ['cam-2', 'panel two']] as const) {
      await page.evaluate(async ([lane, n]) => {
        await fetch('/api/addBookmark', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ lane, at: Date.UTC(2026, 10, 20, 9, 0, 12), note: n }]) });
      }, [key.get(cam)!, note]);
    }
    await page.goto('about:blank');
    await page.goto(served.base);
    await page.locator('nav.views button', { hasText: 'Bookmarks' }).click();
    const panel = page.locator('[role=dialog][aria-label="Bookmarks"]');
    await expect.poll(() => panel.locator('li input[aria-label="Note"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(expect.arrayContaining(['panel one', 'panel two']));
    await panel.locator('select[aria-label="Camera"]').selectOption(key.get('cam-2')!);
    await expect.poll(() => panel.locator('li').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('button', { hasText: 'Save as CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('time,camera,note,device,created,lane,at,id');
    expect(csv).toContain('cam-2,panel two');
    await panel.locator('li button', { hasText: 'Delete' }).click();
    await expect.poll(async () => (await bookmarks({ lanes: [key.get('cam-2')] })).some((b) => b.note === 'panel two')).toBe(false);
  });

  it('#/at/<lane>/<ms> opens the player at that camera and moment, within a frame', async () => {
    const ms = T0 + 7340;
    // (A paired page whose videos do not start: the position read is where it opened.)
    const ctx = await browser.newContext({ timezoneId: 'UTC' });
    const still = await ctx.newPage();
    try {
      await served.pair(still);
      await still.addInitScript(HOLD_STILL);
      await still.goto(`${served.base}/#/at/${key.get('cam-1')}/${ms}`);
      await still.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.player video')?.readyState ?? 0) >= 2);
      expect(await still.evaluate(() => location.hash)).toContain(`/play/${ids.get(`cam-1/${stamp(T0)}.mp4`)}`);
      await expect.poll(async () => Math.abs(await still.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')!.currentTime) - 7.34))
        .toBeLessThanOrEqual(FRAME_SEC + 0.001);
    } finally {
      await ctx.close();
    }
  });

  it('#/at/<lane>,<lane>/<ms> opens the sync view at that moment', async () => {
    await page.goto('about:blank');
    await page.goto(`${served.base}/#/at/${key.get('cam-1')},${key.get('cam-2')}/${T0 + 4000}`);
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/sync\?t=\d+&lanes=/);
    expect(await page.evaluate(() => location.hash)).toContain(`t=${T0 + 4000}`);
    await page.waitForSelector('video[data-camera]');
    // Each tile zooms by itself.
    const tile = (await page.locator('[data-tile="1"]').boundingBox())!;
    await page.mouse.move(tile.x + tile.width / 2, tile.y + tile.height / 2);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => page.evaluate(() => Number(document.querySelector('[data-tile="1"]')!.getAttribute('data-zoom')))).toBeGreaterThan(1);
    expect(await page.evaluate(() => Number(document.querySelector('[data-tile="0"]')!.getAttribute('data-zoom')))).toBe(1);
    // B bookmarks the moment on every camera shown.
    await page.locator('.sync').focus();
    await page.keyboard.press('B');
    await page.waitForSelector('[role=dialog][aria-label="Add a bookmark"] input');
    await page.keyboard.type('both');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bookmarks({ lanes: [key.get('cam-1'), key.get('cam-2')] })).filter((b) => b.note === 'both').map((b) => b.lane).sort())
      .toEqual([key.get('cam-1'), key.get('cam-2')].sort());
  });

  it('an unpaired browser is led through pairing and lands at the moment', async () => {
    const ctx = await browser.newContext({ timezoneId: 'UTC' });
    try {
      const fresh = await ctx.newPage();
      await fresh.addInitScript(HOLD_STILL);
      const ms = T0 + 3000;
      await fresh.goto(`${served.base}/#/at/${key.get('cam-2')}/${ms}`);
      expect(await fresh.textContent('h1')).toMatch(/needs pairing/);
      await fresh.goto(served.pairing);
      await fresh.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.player video')?.readyState ?? 0) >= 2);
      expect(await fresh.evaluate(() => location.hash)).toContain(`/play/${ids.get(`cam-2/${stamp(T0)}.mp4`)}`);
      await expect.poll(async () => Math.abs(await fresh.evaluate(() => document.querySelector<HTMLVideoElement>('.player video')!.currentTime) - 3)).toBeLessThanOrEqual(FRAME_SEC + 0.001);
    } finally {
      await ctx.close();
    }
  });
});
