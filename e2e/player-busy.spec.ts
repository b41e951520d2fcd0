// With one conversion slot taken by another viewer, the player says the computer is busy,
// counts down, and plays by itself once the slot is free.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

describe.skipIf(!haveChromium)('player when conversions are busy', () => {
  let browser: Browser;
  let served: Served;
  let library: string;

  beforeAll(async () => {
    library = makeLibrary({});
    fs.mkdirSync(path.join(library, 'cam'));
    // Noisy pictures convert to a stream far larger than the buffers between ffmpeg and the page
    // (ours, the sockets', Chromium's): a viewer 30 s ahead stops reading and its conversion
    // keeps the slot, as a long camera file's would.
    const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15:duration=150', '-vf', 'noise=alls=60:allf=t', '-c:v', 'mpeg4', '-q:v', '6', path.join(library, 'cam', 'a.avi')]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    fs.copyFileSync(path.join(library, 'cam', 'a.avi'), path.join(library, 'cam', 'b.avi'));
    served = await startServe(library, ['--max-transcodes', '1']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (library) fs.rmSync(library, { recursive: true, force: true });
  });

  it('counts down while busy and plays once the other viewer leaves', async () => {
    const a = await browser.newPage();
    const b = await browser.newPage();
    await served.pair(a);
    await served.pair(b);
    const ids = (await queryInPage(a, { sort: 'name' })).map((e) => e.id);
    const width = (p: typeof a) => p.evaluate(() => document.querySelector('video')?.videoWidth ?? 0);
    await a.goto(`${served.base}/#/play/${ids[0]}`);
    await expect.poll(() => width(a), { timeout: 20_000 }).toBeGreaterThan(0);
    await b.goto(`${served.base}/#/play/${ids[1]}`);
    // The request waits for a slot (8 s), then the player says so and counts down.
    await expect.poll(() => b.getByRole('status').filter({ hasText: /busy converting/ }).textContent(), { timeout: 20_000 }).toMatch(/Trying again in \d+ s/);
    await screenshot(b, 'player-busy');
    await a.close(); // the other viewer leaves: its conversion ends with its request
    await expect.poll(() => width(b), { timeout: 30_000 }).toBeGreaterThan(0);
  }, 90_000);
});
