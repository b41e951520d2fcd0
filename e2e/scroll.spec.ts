// 100,000 entries: the grid mounts at most twice the tiles on screen wherever it is scrolled.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigLibrary } from './support/big-library.js';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';
import { inProcessShare } from './support/in-process-share.js';

describe.skipIf(!haveChromium)('grid with 100,000 entries', () => {
  let browser: Browser;
  let share: Awaited<ReturnType<typeof inProcessShare>>;
  beforeAll(async () => {
    share = await inProcessShare(bigLibrary());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await share?.close();
  });

  it('scrolls end to end with mounted tiles ≤ 2 × visible', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(share.pairUrl);
    await expect.poll(() => page.locator('.status-bar').textContent(), { timeout: 30_000 }).toMatch(/100,000 recordings/);
    const grid = page.getByTestId('grid');
    const counts = async () => page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="grid"]')!.getBoundingClientRect();
      const all = [...document.querySelectorAll('.tile')];
      const visible = all.filter((t) => { const r = t.getBoundingClientRect(); return r.bottom > scroller.top && r.top < scroller.bottom; });
      return { mounted: all.length, visible: visible.length };
    });
    const height = await grid.evaluate((el) => el.scrollHeight);
    expect(height).toBeGreaterThan(1_000_000);
    for (const f of [0, 0.1, 0.37, 0.5, 0.81, 1]) {
      await grid.evaluate((el, frac) => { el.scrollTop = frac * (el.scrollHeight - el.clientHeight); }, f);
      // Drawn for the new place: tiles in view, and not many more mounted than are seen.
      await expect.poll(async () => { const x = await counts(); return x.visible > 0 && x.mounted <= 2 * x.visible; }, { timeout: 10_000 }).toBe(true);
      const c = await counts();
      // The entries there arrive (no endless placeholders).
      await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(c.visible);
    }
    await screenshot(page, 'grid-100k-end');
    // The last tile is the oldest recording.
    expect(await page.locator('.tile[data-id]').last().getAttribute('aria-label')).toMatch(/^2026-01-01_00-00-00\.mp4/);
    await page.close();
    await share.idle();
  });
});
