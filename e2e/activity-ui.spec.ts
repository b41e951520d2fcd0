// Activity in Chromium over `reelvault serve` (issue 31 §2, §4): four cameras of the ground-truth
// scene (a still picture with light noise, a box crossing at known seconds), analysed by the real
// server. The timeline draws each lane's strip (data-activity-lane) darker where the box moves;
// A / Shift+A jump between bursts; "Skip quiet" plays every true event at the chosen speed and the
// rest at 16×, in the player and over all four cameras in the sync view.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { haveChromium, launchChromium, screenshot } from './support/chromium.js';
import { queryInPage } from './support/page-api.js';
import { startServe, type Served } from './support/serve.js';
import { makeScene, type Mover } from '../main/test-support/activity-scene.js';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const SECONDS = 60;
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-').replace('T', '_');

/** The true events per camera (seconds of its one recording, which starts at T0). */
const TRUTH: Record<string, Mover[]> = {
  'cam-a': [{ from: 10, to: 14 }, { from: 40, to: 44 }],
  'cam-b': [{ from: 25, to: 28 }],
  'cam-c': [{ from: 12, to: 15 }],
  'cam-d': [{ from: 50, to: 53 }],
};
const CAMERAS = Object.keys(TRUTH);

interface Lane { key: string; camera: string }
interface ActivityLaneAnswer { key: string; events: Array<{ from: number; to: number }>; pending: number; levels: Array<number | null> }

async function activityInPage(page: Page, lanes: string[], from: number, to: number, stepMs: number): Promise<ActivityLaneAnswer[]> {
  return page.evaluate(async (q) => {
    const r = await fetch('/api/activity', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([q]) });
    const body = (await r.json()) as { ok: boolean; value?: { lanes: ActivityLaneAnswer[] } };
    return body.value?.lanes ?? [];
  }, { lanes, from, to, stepMs });
}

/** Samples [position (s of the file, or epoch ms), playbackRate] of the chosen videos every animation frame until stopped. */
async function startSampling(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { samples: Array<[string, number, number]>; sampling: boolean };
    w.samples = [];
    w.sampling = true;
    const tick = (): void => {
      for (const v of document.querySelectorAll<HTMLVideoElement>('video')) {
        if (v.paused || v.seeking || v.readyState < 3) continue;
        const start = v.dataset.spanStart;
        w.samples.push([v.dataset.camera ?? '', start ? Number(start) + v.currentTime * 1000 : v.currentTime, v.playbackRate]);
      }
      if (w.sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopSampling(page: Page): Promise<Array<[string, number, number]>> {
  return page.evaluate(() => {
    const w = window as unknown as { samples: Array<[string, number, number]>; sampling: boolean };
    w.sampling = false;
    return w.samples;
  });
}

describe.skipIf(!haveChromium)('activity in the timeline, the player and the sync view', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let lanes: Lane[] = [];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const library = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-e2e-activity-'));
    // H.264 MP4 (VBR): sizes alone find the events, and the browser plays it as it is (at 16× too).
    await Promise.all(CAMERAS.map(async (cam) => {
      fs.mkdirSync(path.join(library, cam), { recursive: true });
      await makeScene(path.join(library, cam), stamp(T0), {
        codec: 'h264-vbr', seconds: SECONDS, rate: 10, movers: TRUTH[cam]!, extra: ['-g', '20', '-movflags', '+faststart'],
      });
    }));
    served = await startServe(library, ['--name-tz', 'UTC']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, timezoneId: 'UTC' });
    await served.pair(page);
    await vi.waitFor(async () => expect((await queryInPage(page, { limit: 10, facets: false })).length).toBe(4), { timeout: 30_000, interval: 500 });
    for (const e of await queryInPage(page, { limit: 10, facets: false })) ids.set(e.camera, e.id);
    lanes = await page.evaluate(async ([from, to]) => {
      const r = await fetch('/api/timeline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ from, to }]) });
      return ((await r.json()) as { value: { lanes: Lane[] } }).value.lanes;
    }, [T0 - 3600_000, T0 + 3600_000]);
    expect(lanes.map((l) => l.camera).sort()).toEqual(CAMERAS);
    // The server analyses in the background: wait until every camera's events are known.
    await vi.waitFor(async () => {
      const a = await activityInPage(page, lanes.map((l) => l.key), T0, T0 + SECONDS * 1000, 1000);
      expect(a.filter((l) => l.events.length > 0).length).toBe(4);
    }, { timeout: 180_000, interval: 1000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  const keyOf = (cam: string) => lanes.find((l) => l.camera === cam)!.key;

  it('finds every true event on every camera (what the views below rely on)', async () => {
    const a = await activityInPage(page, lanes.map((l) => l.key), T0, T0 + SECONDS * 1000, 1000);
    for (const cam of CAMERAS) {
      const events = a.find((l) => l.key === keyOf(cam))!.events;
      for (const t of TRUTH[cam]!) {
        expect(events.some((e) => e.from < T0 + t.to * 1000 && e.to > T0 + t.from * 1000), `${cam} ${t.from}–${t.to} in ${JSON.stringify(events)}`).toBe(true);
      }
    }
  });

  it('draws each lane\'s strip over its bars, darker where the box moves', async () => {
    const from = T0 - 10_000, to = T0 + 70_000;
    await page.goto(`${served.base}/#/timeline?from=${from}&to=${to}`);
    const strip = page.locator(`canvas[data-activity-lane="${keyOf('cam-a')}"]`);
    await strip.waitFor();
    expect(await page.locator('canvas[data-activity-lane]').count()).toBe(4);
    const box = (await strip.boundingBox())!;
    const xOf = (t: number) => ((t - from) / (to - from)) * box.width;
    // The column's ink from the strip's own canvas: summed alpha down the column.
    const ink = (t: number) => strip.evaluate((c: HTMLCanvasElement, x) => {
      const d = c.getContext('2d')!.getImageData(Math.round(x * devicePixelRatio), 0, 1, c.height).data;
      let sum = 0;
      for (let i = 3; i < d.length; i += 4) sum += d[i]!;
      return sum;
    }, xOf(t));
    await expect.poll(() => ink(T0 + 12_000), { timeout: 20_000 }).toBeGreaterThan(0);
    const busy = await ink(T0 + 12_000), quiet = await ink(T0 + 30_000), gap = await ink(T0 + 65_000);
    expect(busy).toBeGreaterThan(quiet * 3);
    expect(gap).toBe(0);
    await screenshot(page, 'timeline-activity');
    // The README's picture (UPDATE_DOCS=1 npx vitest run e2e/activity-ui.spec.ts), once the pixel pass is done (solid strips).
    if (process.env.UPDATE_DOCS) {
      await vi.waitFor(async () => {
        const a = await activityInPage(page, lanes.map((l) => l.key), T0, T0 + SECONDS * 1000, 1000);
        expect(a.every((l) => l.pending === 0)).toBe(true);
      }, { timeout: 300_000, interval: 2000 });
      await page.reload();
      await strip.waitFor();
      await expect.poll(() => ink(T0 + 12_000), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: path.resolve('docs', 'timeline-activity.png'), clip: { x: 0, y: 0, width: 1280, height: 300 } });
    }
  });

  it('A and Shift+A jump to the next and previous burst in the player', async () => {
    await page.goto(`${served.base}/#/play/${ids.get('cam-a')}?t=0`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    await page.locator('.seek-activity[data-activity-lane]').waitFor();
    await page.keyboard.press('k'); // pause: positions stay where the keys put them
    await page.waitForFunction(() => document.querySelector('video')!.paused);
    const at = () => page.evaluate(() => document.querySelector('video')!.currentTime);
    // 1 s before each burst (the detected start is within a second or two of the truth).
    await page.keyboard.press('a');
    await expect.poll(at).toBeGreaterThan(7);
    expect(await at()).toBeLessThan(11);
    await page.keyboard.press('a');
    await expect.poll(at).toBeGreaterThan(37);
    expect(await at()).toBeLessThan(41);
    await page.keyboard.press('Shift+A');
    await expect.poll(at).toBeLessThan(11);
    expect(await at()).toBeGreaterThan(7);
  });

  it('Skip quiet in the player: the true events at the chosen speed, the rest at 16×', async () => {
    await page.goto(`${served.base}/#/play/${ids.get('cam-a')}?t=0`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    await page.locator('.seek-activity[data-activity-lane]').waitFor();
    await page.keyboard.press(']'); // 1 → 2× (the speed ladder: ⅛, ¼, ½, 1, 2, 4 …)
    await expect.poll(() => page.textContent('.rate')).toBe('2×');
    const sw = page.getByRole('switch', { name: 'Skip quiet' });
    if (!(await sw.isChecked())) await sw.click();
    await startSampling(page);
    await page.evaluate(() => { const v = document.querySelector('video')!; v.currentTime = 0; void v.play(); });
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 56 || document.querySelector('video')!.ended, undefined, { timeout: 90_000 });
    const samples = await stopSampling(page);
    for (const e of TRUTH['cam-a']!) {
      const inside = samples.filter(([, t]) => t >= e.from && t < e.to);
      expect(inside.length, `samples in ${e.from}–${e.to}`).toBeGreaterThan(5);
      expect(inside.filter(([, , r]) => r !== 2), `rates in ${e.from}–${e.to}`).toEqual([]);
    }
    // Well inside the quiet (2 s from any event, whatever the detected edges): top speed.
    const quiet = samples.filter(([, t]) => (t > 17 && t < 37) || (t > 47 && t < 55));
    expect(quiet.length).toBeGreaterThan(3);
    expect(quiet.filter(([, , r]) => r !== 16)).toEqual([]);
  });

  it('A and Shift+A over four cameras, then Skip quiet: every camera\'s true events at the chosen speed, quiet on all at 16×', async () => {
    const keys = CAMERAS.map(keyOf);
    await page.goto(`${served.base}/#/sync?lanes=${keys.join(',')}&t=${T0 + 500}`);
    await page.waitForSelector('video[data-camera="cam-d"][data-file-id]');
    // A, paused: the moment goes 1 s before the first burst on any camera (cam-a's and cam-c's, near 10 s); Shift+A back from the next.
    await page.keyboard.press('k');
    const moment = async () => (Number(await page.getAttribute('.sync-moment', 'data-moment')) - T0) / 1000;
    await page.keyboard.press('a');
    await expect.poll(moment).toBeGreaterThan(7);
    expect(await moment()).toBeLessThan(11);
    await page.keyboard.press('a');
    await expect.poll(moment).toBeGreaterThan(22);
    expect(await moment()).toBeLessThan(26);
    await page.keyboard.press('Shift+A');
    await expect.poll(moment).toBeLessThan(11);
    await page.keyboard.press('k');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
    const sw = page.getByRole('switch', { name: 'Skip quiet' });
    if (!(await sw.isChecked())) await sw.click();
    await startSampling(page);
    // Until every tile has played to near the end (by the tiles' own clocks: a loaded machine is slower, not wrong).
    await page.waitForFunction((end) => [...document.querySelectorAll<HTMLVideoElement>('video[data-camera][data-file-id]')]
      .every((v) => v.ended || Number(v.dataset.spanStart) + v.currentTime * 1000 > end), T0 + 56_000, { timeout: 110_000 });
    const samples = await stopSampling(page);
    for (const cam of CAMERAS) {
      for (const e of TRUTH[cam]!) {
        // Every tile shows this moment at the chosen speed (nudged by at most 5 % to stay in step).
        const inside = samples.filter(([, t]) => t >= T0 + e.from * 1000 && t < T0 + e.to * 1000);
        expect(inside.filter(([c]) => c === cam).length, `${cam} ${e.from}–${e.to}`).toBeGreaterThan(3);
        expect(inside.filter(([, , r]) => r < 1.9 || r > 2.1), `${cam} ${e.from}–${e.to}`).toEqual([]);
      }
    }
    // Quiet on every camera (busy: 9–15, 24–28, 39–44, 49–53 s), 2 s in from each edge.
    const quiet = samples.filter(([, t]) => (t > T0 + 17_000 && t < T0 + 22_000) || (t > T0 + 30_000 && t < T0 + 37_000));
    expect(quiet.length).toBeGreaterThan(3);
    expect(quiet.filter(([, , r]) => r < 15), 'rates in the quiet').toEqual([]);
  }, 150_000);
});
