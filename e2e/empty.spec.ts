// First states of a LAN viewer: a share with nothing in it yet, then its first recording; and a
// browser that has not paired.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../main/test-support/fixtures.js';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';
import { startServe, type Served } from './support/serve.js';

describe.skipIf(!haveChromium)('empty share (Chromium + reelvault serve)', () => {
  let browser: Browser;
  let served: Served;
  let library: string;
  beforeAll(async () => {
    library = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-e2e-empty-'));
    served = await startServe(library);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    fs.rmSync(library, { recursive: true, force: true });
  });

  it('asks an unpaired browser to pair', async () => {
    const page = await browser.newPage();
    await page.goto(served.base);
    expect(await page.locator('h1').textContent()).toBe('This Reelvault share needs pairing');
    await page.close();
  });

  it('says nothing is shared yet, then shows the first recording when it arrives', async () => {
    const page = await browser.newPage();
    await served.pair(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Nothing shared yet' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByRole('button', { name: /Add/ }).count()).toBe(0);
    await screenshot(page, 'empty-lan');
    fs.mkdirSync(path.join(library, 'cam-1'));
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(library, 'cam-1', 'first.mp4'));
    await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 20_000 }).toBe(1);
    await page.close();
  });
});
