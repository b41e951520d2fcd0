// What a user sees in the grid, the player and the tab (issue 28 §5), in real Chromium against
// `reelvault serve`: tiles that say what is wrong in words, hover times clear of the duration,
// times never cut short, a grid that fills the window, a header that fits 800×600, a favicon and
// a tab title, the player's error view, and a reload that resumes where it was.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaUrl } from '../contract/media-url.js';
import { haveChromium, launchChromium, noChromiumReason, screenshot } from './support/chromium.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

const files: Record<string, string> = {
  'cam-a/20261120_131700.avi': 'cam-legacy/vga_10s.avi',
  'cam-a/20261120_132000.mp4': 'cam-modern/long_gop.mp4',
  'cam-a/20261120_132100.mp4': 'cam-modern/h264_aac.mp4',
  'cam-a/20261120_132200.mp4': 'cam-modern/h264_aac.mp4',
  'cam-a/20261120_132300.mp4': 'cam-modern/h264_aac.mp4',
  'cam-a/20261120_132400.mp4': 'cam-modern/h264_aac.mp4',
  'cam-b/empty.mp4': 'broken/empty.mp4',
  'cam-b/text.avi': 'broken/text.avi',
};

if (!haveChromium) console.log(`e2e skipped: ${noChromiumReason}`);

describe.skipIf(!haveChromium)('what a user sees (Chromium + reelvault serve)', () => {
  let browser: Browser;
  let served: Served;
  let library: string;
  const ids = new Map<string, string>();
  const contexts: BrowserContext[] = [];

  /** A paired page in its own browser context, with this locale and window size. */
  async function open(locale: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const ctx = await browser.newContext({ locale, viewport });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await served.pair(page);
    return page;
  }
  const grid = async (page: Page) => {
    await page.goto(`${served.base}/#/?sort=name`);
    await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 15_000 }).toBe(Object.keys(files).length);
  };

  beforeAll(async () => {
    library = makeLibrary(files);
    served = await startServe(library);
    browser = await launchChromium();
    const page = await open('en-US');
    // Every file's details known (the error badges need the probes).
    await page.waitForFunction(async (n) => {
      const r = await fetch('/api/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ limit: 100, sort: 'name', facets: false }]) });
      const items = ((await r.json()) as { value: { items: Array<{ probe: string; status: string }> } }).value.items;
      return items.filter((e) => e.probe !== 'unprobed' || e.status === 'empty').length === n;
    }, Object.keys(files).length, { timeout: 30_000, polling: 250 });
    for (const e of await queryInPage(page, { limit: 100, sort: 'name', facets: false })) ids.set(e.relPath, e.id);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
  });

  it('writes why a tile has an error on the tile, with a badge whose word can be read', async () => {
    const page = await open('en-US');
    await grid(page);
    for (const [name, words] of [['empty.mp4', /empty/i], ['text.avi', /cannot be played/i]] as const) {
      const tile = page.locator('.tile', { hasText: name });
      const reason = tile.locator('.no-picture');
      await expect.poll(() => reason.textContent(), { timeout: 15_000 }).toMatch(words);
      expect(await reason.isVisible()).toBe(true);
      const badge = tile.locator('.badge.error');
      expect(await badge.textContent()).toMatch(/\w{3,}/);
      const { color, background } = await badge.evaluate((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor }));
      expect(color).not.toBe(background);
    }
    await screenshot(page, 'tile-errors');
  });

  it('shows the hover-scrub time clear of the duration badge', async () => {
    const page = await open('en-US');
    await grid(page);
    // The sprite sheet made first (on a busy machine it takes a while), so the hover finds it.
    const index = mediaUrl(served.base, 'e2e', { kind: 'sprite', id: ids.get('cam-a/20261120_131700.avi')!, index: true });
    await page.waitForFunction(async (u) => (await fetch(u)).ok, index, { timeout: 60_000, polling: 500 });
    const tile = page.locator('.tile', { hasText: '20261120_131700.avi' });
    const box = (await tile.locator('.thumb').boundingBox())!;
    // The pointer moves a little each try, as a hand does: a tile rebuilt under a still pointer
    // (the library's updates come in while probes land) hears no mouseenter until it moves.
    let nudge = 0;
    await expect.poll(async () => {
      await page.mouse.move(box.x + box.width - 8 - (nudge++ % 4), box.y + box.height / 2);
      return tile.locator('.scrub-time').count();
    }, { timeout: 20_000, interval: 500 }).toBe(1);
    const scrub = (await tile.locator('.scrub-time').boundingBox())!;
    const duration = (await tile.locator('.duration').boundingBox())!;
    const overlap = scrub.x < duration.x + duration.width && duration.x < scrub.x + scrub.width
      && scrub.y < duration.y + duration.height && duration.y < scrub.y + scrub.height;
    expect(overlap).toBe(false);
    await screenshot(page, 'tile-scrub-time');
  });

  it.each([
    ['en-US', /\b1:17:00\sPM$/],
    ['en-GB', /\b13:17:00$/],
    ['de-DE', /\b13:17:00$/],
  ] as const)('shows the whole recorded time on a default-size tile in %s, and the player says it alike', async (locale, clock) => {
    const page = await open(locale);
    await grid(page);
    const tile = page.locator('.tile', { hasText: '20261120_131700.avi' });
    const when = (await tile.locator('.meta .when').textContent())!;
    expect(when).toMatch(clock);
    // Nothing of the meta line is cut: not the AM/PM, not the seconds.
    for (const meta of await page.locator('.tile[data-id] .meta').all()) {
      const { scroll, client } = await meta.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll).toBeLessThanOrEqual(client);
      const w = (await meta.locator('.when').boundingBox())!, m = (await meta.boundingBox())!;
      expect(w.x + w.width).toBeLessThanOrEqual(m.x + m.width + 0.5);
    }
    // The player's title line reads the same time the same way.
    await tile.dblclick();
    await expect.poll(() => page.locator('.player-title').textContent(), { timeout: 15_000 }).toContain(when);
    if (locale === 'en-US') await screenshot(page, 'tile-times-en-US');
  });

  it.each([[1366, 768], [1920, 1080]] as const)('fills the width with tiles at %s px', async (width, height) => {
    const page = await open('en-US', { width, height });
    await grid(page);
    const scroller = (await page.getByTestId('grid').evaluate((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.left + el.clientWidth }; }));
    const firstRow = await page.locator('.grid-row').first().locator('.tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    const lastRight = Math.max(...firstRow);
    // One gap (12 px) from the edge, give or take the pixels a whole-pixel width leaves over.
    expect(scroller.right - lastRight).toBeGreaterThanOrEqual(0);
    expect(scroller.right - lastRight).toBeLessThan(12 + firstRow.length + 1);
    await screenshot(page, `grid-fill-${width}`);
  });

  it('asks nothing of the owner\'s operations as a viewer (no 403 in the console on a page load)', async () => {
    const page = await open('en-US');
    const refused: string[] = [];
    page.on('response', (r) => { if (r.status() === 403) refused.push(new URL(r.url()).pathname); });
    await page.goto(`${served.base}/#/?sort=name`);
    await page.locator('.tile[data-id]').first().waitFor({ timeout: 15_000 });
    // One more round trip after the tiles: the answers to what the loading page asked are in by then.
    await page.evaluate(async () => { await fetch('/api/capabilities', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' }); });
    expect(refused).toEqual([]);
  });

  it('fits the header in two rows at 800×600', async () => {
    const page = await open('en-US', { width: 800, height: 600 });
    await page.goto(`${served.base}/#/?sort=name`);
    await page.locator('.tile[data-id]').first().waitFor({ timeout: 15_000 });
    // Rows: the header's controls grouped by where they stand (one that starts below the
    // lowest bottom of the row so far starts a new row).
    const rows = await page.locator('header.top').evaluate((h) => {
      const boxes = [...h.querySelectorAll('h1, button, input, select')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0).sort((x, y) => x.top - y.top);
      let n = 0, bottom = -Infinity;
      for (const r of boxes) {
        if (r.top >= bottom - 1) { n++; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
      }
      return n;
    });
    await screenshot(page, 'header-800x600');
    expect(rows).toBeLessThanOrEqual(2);
    // And the grid keeps the rest of the window.
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThan(100);
  });

  it('has a favicon, and a tab title naming the view or the recording', async () => {
    const page = await open('en-US');
    await grid(page);
    const icon = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
      if (!link) return null;
      const r = await fetch(link.href);
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(icon).toMatchObject({ status: 200, type: expect.stringMatching(/^image\//) as unknown });
    await expect.poll(() => page.title()).toBe('Recordings — Reelvault');
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await expect.poll(() => page.title()).toBe('Timeline — Reelvault');
    await page.goto(`${served.base}/#/play/${ids.get('cam-a/20261120_132000.mp4')}`);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^cam-a Nov 20, 2026, 1:20:00\sPM — Reelvault$/);
    await page.goto(`${served.base}/#/settings`);
    await expect.poll(() => page.title()).toBe('Settings — Reelvault');
  });

  it('names the file and camera in the player\'s error view, and nothing there plays or moves', async () => {
    const page = await open('en-US');
    await page.goto(`${served.base}/#/play/${ids.get('cam-b/text.avi')}`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/cannot be played/);
    expect(await alert.textContent()).toContain('text.avi');
    expect(await alert.textContent()).toContain('cam-b');
    for (const name of [/^Play/, /^Save a snapshot/, /^Export a clip/]) {
      expect(await page.getByRole('button', { name }).isDisabled()).toBe(true);
    }
    expect(await page.getByRole('slider', { name: 'Seek' }).isDisabled()).toBe(true);
    await page.locator('.player').focus();
    for (const key of ['ArrowRight', 'ArrowRight', 'l', '.', 'i', 'e']) await page.keyboard.press(key);
    expect(await page.getByLabel('Position').textContent()).toBe('0:00 / 0:00');
    expect(await page.locator('.dialog').count()).toBe(0);
    await screenshot(page, 'player-error-view');
    await page.keyboard.press('Escape'); // still leaves
    await expect.poll(() => page.getByTestId('grid').count()).toBe(1);
  });

  it('resumes a reload where it was playing, within a second', async () => {
    const page = await open('en-US');
    const id = ids.get('cam-a/20261120_132000.mp4')!;
    await page.goto(`${served.base}/#/play/${id}`);
    // Playing past 7 s (the file is 12 s long), then a reload, as a user presses F5.
    await page.waitForFunction(() => { const v = document.querySelector('video'); return !!v && !v.paused && v.currentTime >= 7; }, undefined, { timeout: 30_000 });
    const leftAt = await page.evaluate(() => {
      const t = document.querySelector('video')!.currentTime;
      setTimeout(() => location.reload(), 0);
      return t;
    });
    await page.waitForFunction(() => document.querySelector('video')?.readyState, undefined, { timeout: 15_000 });
    const saved = await page.evaluate(async (file) => {
      const r = await fetch('/api/playerState', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([file]) });
      return ((await r.json()) as { value: { positionSec: number } | null }).value?.positionSec ?? null;
    }, id);
    expect(saved).not.toBeNull();
    expect(Math.abs(saved! - leftAt)).toBeLessThan(1);
    await expect.poll(() => page.getByText(/^Resumed at/).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.evaluate(() => document.querySelector('video')!.currentTime), { timeout: 15_000 }).toBeGreaterThan(leftAt - 1);
  });

  it('shows a short clip\'s marks in the export dialog to the hundredth, not as whole seconds', async () => {
    const page = await open('en-US');
    await page.goto(`${served.base}/#/play/${ids.get('cam-a/20261120_132000.mp4')}`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 15_000 });
    const markAt = async (t: number, key: string) => {
      await page.evaluate((at) => { const v = document.querySelector('video')!; v.pause(); v.currentTime = at; }, t);
      await page.locator('.player').press(key);
    };
    await markAt(2.62, 'i');
    await markAt(5.02, 'o');
    await page.locator('.player').press('e');
    const dialog = page.getByRole('dialog', { name: 'Export a clip' });
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('0:02.62 to 0:05.02 (0:02.40)');
  });

  it('says in settings what "finished" means for a recording', async () => {
    const page = await open('en-US');
    await page.goto(`${served.base}/#/settings`);
    const text = page.locator('.settings .roots li').first();
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toMatch(/finished once its file has stopped growing for \d+(\.\d+)? s/);
    expect(await text.textContent()).not.toMatch(/unchanged/);
  });
});
