// The timeline and the sync view in Chromium over `reelvault serve`: gaps drawn, a click plays
// the right file at the right moment, playback continues across contiguous recordings, four
// cameras play together within a drift bound, a camera with a gap joins when it starts, and a
// day of a daylight-saving change is as long as it was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';
import { queryInPage } from './support/page-api.js';
import { makeLibrary, startServe, type Served } from './support/serve.js';

const T0 = Date.UTC(2026, 10, 20, 14, 30, 0);

/** An H.264 MP4 the browser plays as it is (no conversion slot): `sec` long, a counter burnt in. */
function clip(library: string, rel: string, sec: number): void {
  const out = path.join(library, rel);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${sec}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${sec}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart', out]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-').replace('T', '_');

async function lanesOf(page: Page): Promise<Array<{ key: string; camera: string }>> {
  return page.evaluate(async ([from, to]) => {
    const r = await fetch('/api/timeline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ from, to }]) });
    return ((await r.json()) as { value: { lanes: Array<{ key: string; camera: string }> } }).value.lanes;
  }, [T0 - 3600_000, T0 + 3600_000]);
}

describe.skipIf(!haveChromium)('timeline and sync view', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const ids = new Map<string, string>();
  const files = {
    a1: `cam-a/${stamp(T0)}.mp4`, a2: `cam-a/${stamp(T0 + 6000)}.mp4`, a3: `cam-a/${stamp(T0 + 600_000)}.mp4`,
    b: `cam-b/${stamp(T0 - 10_000)}.mp4`, c: `cam-c/${stamp(T0 - 5000)}.mp4`, d: `cam-d/${stamp(T0 + 8000)}.mp4`,
  };

  beforeAll(async () => {
    const library = makeLibrary({});
    clip(library, files.a1, 6);
    clip(library, files.a2, 6);
    clip(library, files.a3, 4);
    clip(library, files.b, 40);
    clip(library, files.c, 40);
    clip(library, files.d, 30);
    // The names are UTC times, whatever this machine's zone: --name-tz says so.
    served = await startServe(library, ['--name-tz', 'UTC']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    await served.pair(page);
    for (const e of await queryInPage(page, { limit: 100, facets: false })) ids.set(e.relPath, e.id);
    // Every file probed, so spans have their lengths.
    await page.evaluate(async (list) => { for (const id of list) await fetch('/api/item', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([id]) }); }, [...ids.values()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('draws each camera\'s recordings with their gaps, and a click plays that file at that moment', async () => {
    const from = T0 - 5 * 60_000, to = T0 + 15 * 60_000;
    await page.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    await page.waitForSelector('[data-lane]');
    expect(await page.locator('[data-lane]').count()).toBe(4);
    const canvas = page.locator('.timeline-canvas canvas');
    const box = (await canvas.boundingBox())!;
    const laneA = page.locator('[data-lane]').first();
    const rowY = (await laneA.boundingBox())!.y + 18 - box.y;
    const xOf = (t: number) => ((t - from) / (to - from)) * box.width;
    // Pixels: the recording at 14:30 is drawn, the gap of 10 minutes after 14:30:12 is not.
    const pixel = (x: number, y: number) => canvas.evaluate((c: HTMLCanvasElement, [px, py]) => {
      const dpr = devicePixelRatio;
      return [...c.getContext('2d')!.getImageData(Math.round(px! * dpr), Math.round(py! * dpr), 1, 1).data];
    }, [x, y]);
    // (Drawn in the animation frame after the data arrives.)
    await expect.poll(async () => (await pixel(xOf(T0 + 3000), rowY))[3]).toBe(255);
    expect((await pixel(xOf(T0 + 6.5 * 60_000), rowY))[3]).toBe(0); // between two grid lines
    await screenshot(page, 'timeline');
    // Click inside the first recording, 3 s in.
    await page.mouse.click(box.x + xOf(T0 + 3000), box.y + rowY);
    await page.waitForFunction(() => location.hash.startsWith('#/play/'));
    const [, id, t] = /#\/play\/([^?]+)\?t=([\d.]+)/.exec(await page.evaluate(() => location.hash))!;
    expect(id).toBe(ids.get(files.a1));
    const msPerPx = (to - from) / box.width;
    expect(Math.abs(Number(t) - 3)).toBeLessThanOrEqual(0.5 + msPerPx / 1000);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0);
    const at = await page.evaluate(() => document.querySelector('video')!.currentTime);
    expect(Math.abs(at - Number(t))).toBeLessThan(1.5);
  });

  it('plays on across contiguous recordings, then names a longer gap and continues on Space', async () => {
    await page.goto(`${served.base}/#/play/${ids.get(files.a1)}?t=4`);
    // Media events do not bubble, but a capturing listener on the document hears every element's.
    await page.evaluate(() => {
      const w = window as unknown as { switchLog: Array<[string, number, string]> };
      w.switchLog = [];
      for (const type of ['ended', 'playing']) {
        document.addEventListener(type, () => w.switchLog.push([type, performance.now(), location.hash]), true);
      }
    });
    await page.waitForFunction((id) => location.hash.includes(id), ids.get(files.a2)!, { timeout: 20_000 });
    await page.waitForFunction(() => (window as unknown as { switchLog: Array<[string]> }).switchLog.some(([ty], i, all) => ty === 'playing' && all.slice(0, i).some(([e]) => e === 'ended')), undefined, { timeout: 20_000 });
    const log = await page.evaluate(() => (window as unknown as { switchLog: Array<[string, number, string]> }).switchLog);
    const ended = log.find(([ty]) => ty === 'ended')!;
    const resumed = log.find(([ty, at]) => ty === 'playing' && at > ended[1])!;
    // The stall at the switch (the bench's figure; the goal is 100 ms), printed, not asserted.
    console.log(`continuation stall: ${(resumed[1] - ended[1]).toFixed(0)} ms`);
    // At the end of a2 comes a 10-minute gap.
    await page.waitForSelector('text=No recording for 10 min', { timeout: 20_000 });
    // The page's locale (en-US here) reads it on a 12-hour clock; a 24-hour one says 14:40.
    expect(await page.textContent('.note.gap')).toMatch(/continue at (14:40|2:40\s?PM)/);
    await page.keyboard.press('Space');
    await page.waitForFunction((id) => location.hash.includes(id), ids.get(files.a3)!);
  });

  it('plays four cameras together within the drift bound, and a camera with a gap joins when it starts', async () => {
    const lanes = await lanesOf(page);
    const keys = ['cam-a', 'cam-b', 'cam-c', 'cam-d'].map((c) => lanes.find((l) => l.camera === c)!.key);
    await page.goto(`${served.base}/#/sync?lanes=${keys.join(',')}&t=${T0 + 2000}`);
    await page.waitForSelector('video[data-camera="cam-b"][data-file-id]');
    expect(await page.locator('video[data-camera]').count()).toBe(4);
    // cam-d starts recording at 14:30:08: "No recording" until then, then it plays.
    await expect.poll(() => page.locator('[data-tile="3"] .sync-note').textContent()).toMatch(/No recording/);
    await page.waitForSelector(`video[data-camera="cam-d"][data-file-id="${ids.get(files.d)}"]`, { timeout: 30_000 });
    const tileTimes = () => page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('video[data-camera][data-file-id]')]
      .filter((v) => !v.paused && v.readyState >= 3)
      .map((v) => ({ camera: v.dataset.camera!, at: Number(v.dataset.spanStart) + v.currentTime * 1000 })));
    await expect.poll(async () => (await tileTimes()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'sync');
    // Twenty seconds of recording played together (by the tiles' own clocks, so a slow machine
    // plays them all, however long that takes), then every tile read in one task.
    const from = Math.max(...(await tileTimes()).map((x) => x.at));
    const slowest = async () => { const t = await tileTimes(); return t.length >= 3 ? Math.min(...t.map((x) => x.at)) : -Infinity; };
    await expect.poll(slowest, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(from + 20_000);
    const times = await tileTimes();
    expect(times.map((x) => x.camera).sort()).toEqual(['cam-b', 'cam-c', 'cam-d']); // cam-a has nothing after 14:30:12
    const drift = Math.max(...times.map((x) => x.at)) - Math.min(...times.map((x) => x.at));
    console.log(`sync drift after 20 s: ${drift.toFixed(0)} ms`);
    expect(drift).toBeLessThanOrEqual(250);
    expect(await page.locator('[data-tile="0"] .sync-note').textContent()).toMatch(/No recording/);
  }, 120_000);
});

describe.skipIf(!haveChromium)('timeline across daylight-saving changes (America/New_York)', () => {
  let served: Served;
  let browser: Browser;
  const NY = 'America/New_York';
  const names = ['2026-03-08_00-30-00', '2026-03-08_23-30-00', '2026-11-01_00-30-00', '2026-11-01_23-30-00'];

  beforeAll(async () => {
    const library = makeLibrary({});
    for (const n of names) clip(library, `cam/${n}.mp4`, 1);
    // The server's zone is New York: names are read in it (local), and the axis is drawn in it.
    served = await startServe(library, [], { TZ: NY });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it.each([
    ['2026-03-08 (23 hours)', Date.UTC(2026, 2, 7, 5), 23, 22],
    ['2026-11-01 (25 hours)', Date.UTC(2026, 9, 31, 4), 25, 24],
  ] as const)('draws %s as long as it was, with names read in the server\'s zone', async (_what, dayBefore, dayHours, apartHours) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 600 }, timezoneId: NY });
    await served.pair(page);
    const from = dayBefore, to = dayBefore + 3 * 86400_000;
    await page.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    await page.waitForSelector('[data-lane] li[data-start]', { state: 'attached' });
    // The two recordings of that day: 00:30 and 23:30 on the wall clock.
    const starts = await page.locator('[data-lane] li[data-start]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.start)));
    expect((starts[1]! - starts[0]!) / 3600_000).toBe(apartHours);
    // The axis: from that day's midnight to the next is as long as the day was.
    const days = await page.locator('ol[aria-label="Days shown"] li').evaluateAll((els) => els.map((e) => ({ t: Number((e as HTMLElement).dataset.t), label: e.textContent })));
    const i = days.findIndex((d) => d.t > from + 12 * 3600_000);
    expect((days[i + 1]!.t - days[i]!.t) / 3600_000).toBe(dayHours);
    expect(await page.locator('.timeline-bar .badge').count()).toBe(0); // same zone as the library: no label
    await page.close();
    // A viewer elsewhere is told the axis is in the library's zone.
    const away = await browser.newPage({ viewport: { width: 1280, height: 600 }, timezoneId: 'Asia/Tokyo' });
    await served.pair(away);
    await away.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    await away.waitForSelector('[data-lane]');
    expect(await away.locator('.timeline-bar .badge').textContent()).toBe(`times in ${NY}`);
    await away.close();
  });
});
