// The grid's tile size: Ctrl+1/2/3 and the S/M/L buttons, kept in this browser across reloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/chromium.js';
import { playerPage, type PlayerPage } from './support/player-page.js';

describe.skipIf(!haveChromium)('tile size', () => {
  let p: PlayerPage;
  beforeAll(async () => { p = await playerPage({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4', 'cam-1/b.avi': 'cam-legacy/mpeg4.avi' }); });
  afterAll(async () => { await p?.close(); });

  it('changes with Ctrl+1/2/3 and the buttons, and stays after a reload', async () => {
    const { page } = p;
    await page.goto(`${p.served.base}/#/`);
    const tile = page.locator('.tile[data-id]').first();
    await tile.waitFor();
    const width = async () => (await tile.boundingBox())!.width;
    // Tiles widen to fill the row (no margin on the right): a size is its narrowest width.
    expect(await width()).toBeGreaterThanOrEqual(240);
    expect(await width()).toBeLessThan(300);
    await page.locator('[data-testid="grid"]').focus();
    await page.keyboard.press('Control+3');
    await expect.poll(width).toBeGreaterThan(330);
    await page.reload();
    await tile.waitFor();
    await expect.poll(width).toBeGreaterThan(330);
    await page.getByRole('button', { name: /^Small tiles/ }).click();
    await expect.poll(width).toBeLessThan(235);
    expect(await page.locator('[data-testid="grid"]').getAttribute('data-tile-size')).toBe('S');
  });
});
