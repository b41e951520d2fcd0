// The library view in real Chromium against `reelvault serve` on generated fixtures.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../main/test-support/fixture-cases.js';
import { haveChromium, launchChromium, noChromiumReason, screenshot } from './support/chromium.js';
import { unnamedControls } from './support/a11y.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

const files: Record<string, string> = Object.fromEntries(FIXTURES.map((f) => [f.file, f.file]));
files['cam-dated/2026-01-05_10-00-00.mp4'] = 'cam-modern/h264_aac.mp4';
files['cam-dated/2026-03-05_10-00-00.mp4'] = 'cam-modern/h264_aac.mp4';
const TOTAL = Object.keys(files).length + 1; // and one file in a second library folder

if (!haveChromium) console.log(`e2e skipped: ${noChromiumReason}`);

describe.skipIf(!haveChromium)('library view (Chromium + reelvault serve)', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  let library: string;
  let second: string;

  beforeAll(async () => {
    library = makeLibrary(files);
    second = makeLibrary({ 'cam-other/other.mp4': 'cam-modern/h264_aac.mp4' });
    served = await startServe(library, ['--library', second]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1900, height: 1900 } });
    await served.pair(page);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
    if (second) fs.rmSync(second, { recursive: true, force: true });
  });

  const tiles = () => page.locator('.tile[data-id]');

  it('shows every fixture, with a thumbnail where it has a picture and a reason where not', async () => {
    await expect.poll(() => tiles().count(), { timeout: 20_000 }).toBe(TOTAL);
    // Thumbnails arrive as they are made; every file with a picture gets one.
    const withPicture = FIXTURES.filter((f) => f.picture).length + 3;
    await expect.poll(() => page.locator('.tile img.loaded').count(), { timeout: 60_000 }).toBe(withPicture);
    const sizes = await page.locator('.tile img.loaded').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(sizes.every((w) => w > 0)).toBe(true);
    const broken = page.locator('.tile', { hasText: 'garbage.avi' });
    await expect.poll(() => broken.locator('.badge.error').count(), { timeout: 20_000 }).toBe(1);
    expect(await broken.locator('.badge.error').getAttribute('title')).toMatch(/cannot be played/);
    expect(await page.locator('.tile', { hasText: 'empty.mp4' }).locator('.badge.error').getAttribute('title')).toMatch(/empty/);
    expect(await page.locator('.tile', { hasText: 'xvid.avi' }).locator('.badge.codec').textContent()).toBe('MPEG-4');
    expect(await page.locator('.tile', { hasText: 'xvid.avi' }).locator('.badge.converted').count()).toBe(1);
    await screenshot(page, 'library-grid');
  });

  it('filters by camera chip, date range and search, and keeps filters across a reload', async () => {
    const legacy = FIXTURES.filter((f) => f.file.startsWith('cam-legacy/')).length;
    const chip = page.getByRole('button', { name: /^cam-legacy: \d+ recordings$/ });
    expect(await chip.getAttribute('aria-label')).toBe(`cam-legacy: ${legacy} recordings`);
    await chip.click();
    await expect.poll(() => tiles().count()).toBe(legacy);
    expect(page.url()).toContain('cam=');
    // The camera is named by its folder's opaque id: a link shows no path of this computer.
    expect(decodeURIComponent(page.url())).toMatch(/cam=[A-Za-z0-9_-]{12}\ncam-legacy/);
    expect(decodeURIComponent(page.url())).not.toContain(library);
    await page.reload();
    await expect.poll(() => tiles().count(), { timeout: 10_000 }).toBe(legacy);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => tiles().count()).toBe(TOTAL);

    await page.getByLabel('Recorded from').fill('2026-02-01T00:00');
    await page.getByLabel('Recorded before').fill('2026-04-01T00:00');
    await expect.poll(() => tiles().count()).toBe(1);
    expect(await tiles().first().getAttribute('aria-label')).toMatch(/^2026-03-05_10-00-00\.mp4/);
    await page.getByLabel('Recorded from').fill('');
    await page.getByLabel('Recorded before').fill('');
    await expect.poll(() => tiles().count()).toBe(TOTAL);

    await page.getByTestId('grid').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.type('xvid.avi');
    await expect.poll(() => tiles().count()).toBe(1);
    await screenshot(page, 'library-search');
    await page.getByLabel('Search recordings by name').fill('');
    await expect.poll(() => tiles().count()).toBe(TOTAL);
  });

  it('groups camera chips by library folder when there are several', async () => {
    expect(await page.locator('.camera-group').count()).toBe(2);
    expect(await page.locator('.camera-group h3').allTextContents()).toEqual(expect.arrayContaining([path.basename(library), path.basename(second)]));
    expect(await page.getByRole('group', { name: `Folder ${path.basename(second)}` }).getByRole('button').allTextContents()).toEqual(['cam-other1']);
  });

  it('scrubs through the sprite sheet under the mouse', async () => {
    const tile = page.locator('.tile', { hasText: 'vga_10s.avi' });
    const thumb = tile.locator('.thumb');
    const box = (await thumb.boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + box.height / 2);
    await expect.poll(() => tile.locator('.scrub').count(), { timeout: 15_000 }).toBe(1);
    const at = () => tile.locator('.scrub').evaluate((el) => (el as HTMLElement).style.backgroundPosition);
    const left = await at();
    await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2, { steps: 5 });
    await expect.poll(at).not.toBe(left);
    expect(await tile.locator('.scrub-time').textContent()).toMatch(/^0:\d\d$/);
    await screenshot(page, 'library-scrub');
    await page.mouse.move(0, 0);
    await expect.poll(() => tile.locator('.scrub').count()).toBe(0);
  });

  it('shows the settings read-only to a LAN viewer', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByText('Settings are changed in Reelvault on that computer').count()).toBe(1);
    // Folders by name: a LAN viewer is never told where they are on the recording computer.
    expect(await page.locator('.settings .roots strong').allTextContents()).toEqual([path.basename(library), path.basename(second)]);
    expect(await page.locator('.settings').textContent()).not.toContain(library);
    expect(await page.getByRole('button', { name: /Add folder/ }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /Share the library/ }).count()).toBe(0);
    await screenshot(page, 'settings-lan');
    await page.getByRole('button', { name: 'Back to the recordings' }).click();
    await expect.poll(() => tiles().count()).toBe(TOTAL);
  });

  it('moves the selection with the arrow keys', async () => {
    await page.getByTestId('grid').focus();
    const selected = () => page.locator('.tile.selected').getAttribute('id');
    expect(await selected()).toBe('tile-0');
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('tile-1');
    const cols = await page.locator('.grid-row').first().locator('.tile').count();
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toBe(`tile-${1 + cols}`);
    await page.keyboard.press('ArrowLeft');
    expect(await selected()).toBe(`tile-${cols}`);
    const name = await page.locator('.tile.selected .name').textContent();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.player-title strong').textContent()).toBe(name);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.tile.selected').getAttribute('id')).toBe(`tile-${cols}`);
  });

  it('gives every control an accessible name', async () => {
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Back to the recordings' }).click();
  });

  it('shows a file added on disk without a reload', async () => {
    fs.mkdirSync(path.join(library, 'cam-new'), { recursive: true });
    fs.copyFileSync(path.join(library, 'cam-modern/h264_aac.mp4'), path.join(library, 'cam-new', 'arrived.mp4'));
    await expect.poll(() => page.locator('.tile', { hasText: 'arrived.mp4' }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /^cam-new: 1 recordings$/ }).count(), { timeout: 10_000 }).toBe(1)
      .catch(async (err: unknown) => { throw new Error(`${String(err)}; chips: ${(await page.locator('.chip').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')))).join(' | ')}`); });
  });

  it('shows a root that goes offline, and brings it back', async () => {
    const aside = `${library}-away`;
    fs.renameSync(library, aside);
    try {
      await expect.poll(() => page.locator('[data-root-state="offline"]').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator('.tile.offline').first().getAttribute('title')).toMatch(/gone|unmounted|empty/);
      expect(await page.locator('.tile', { hasText: 'other.mp4' }).getAttribute('class')).not.toContain('offline');
      await expect.poll(() => page.locator('.tile.offline').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await screenshot(page, 'library-offline');
    } finally {
      fs.renameSync(aside, library);
    }
    await expect.poll(() => page.locator('[data-root-state="offline"]').count(), { timeout: 40_000 }).toBe(0);
    await expect.poll(() => page.locator('.tile.offline').count(), { timeout: 10_000 }).toBe(0);
  }, 90_000);
});
