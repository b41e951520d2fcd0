// Instant start in real Chromium: a hovered or keyboard-selected tile prepares its playback, and
// the double-click plays what the page already holds (no second session, no second request).
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/chromium.js';
import { playerPage, type PlayerPage } from './support/player-page.js';

const files = {
  'cam/a_xvid.avi': 'cam-legacy/vga_10s.avi',
  'cam/b_h264.mkv': 'cam-modern/h264_aac.mkv',
  'cam/c_h264.mp4': 'cam-modern/h264_aac.mp4',
};

describe.skipIf(!haveChromium)('prepared playback (Chromium + reelvault serve)', () => {
  let p: PlayerPage;
  let page: Page;
  const fileRequests: string[] = [];

  beforeAll(async () => {
    p = await playerPage(files, { viewport: { width: 1280, height: 800 } });
    page = p.page;
    page.on('request', (r) => { if (r.url().includes('/media/file/')) fileRequests.push(r.url()); });
  });
  afterAll(async () => { await p?.close(); });

  const tile = (rel: string) => page.locator(`[data-id="${p.ids.get(rel)}"]`);
  const requestsFor = (rel: string) => p.sessionRequests.filter((u) => u.includes(`/media/transcode/${p.ids.get(rel)}`));
  const playing = () => page.evaluate(() => { const v = document.querySelector('video'); return !!v && v.videoWidth > 0 && v.currentTime > 0.5; });

  /** Until a direct file loads in the hidden element that waits for the player. */
  const preparedFile = (id: string | null | undefined) => page.waitForFunction((x) => [...document.querySelectorAll<HTMLVideoElement>('video.prepared-video')]
    .some((v) => v.currentSrc.includes(`/media/file/${x}`)), id, { timeout: 5000 });

  async function grid(): Promise<void> {
    await page.goto(`${p.served.base}/#/`);
    await tile('cam/a_xvid.avi').waitFor();
    await page.mouse.move(1, 1);
  }

  it.each(['cam/a_xvid.avi', 'cam/b_h264.mkv'])('hovering %s prepares its session; the double-click plays it without another', async (rel) => {
    await grid();
    const prepared = page.waitForResponse((r) => r.url().includes(`/media/transcode/${p.ids.get(rel)}`) && r.url().includes('prepare=1'));
    await tile(rel).hover();
    expect((await prepared).status()).toBe(200);
    // Its first fragments are in the hidden element that waits for the player.
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.prepared-video')?.buffered.length ?? 0) > 0, undefined, { timeout: 15_000 });
    await tile(rel).dblclick();
    await expect.poll(playing, { timeout: 15_000 }).toBe(true);
    expect(requestsFor(rel)).toHaveLength(1);
    expect(requestsFor(rel)[0]).toContain('prepare=1');
  });

  it('a direct file loads in a hidden element that becomes the player\'s', async () => {
    await grid();
    const before = fileRequests.length;
    await tile('cam/c_h264.mp4').hover();
    await expect.poll(() => fileRequests.length, { timeout: 5000 }).toBeGreaterThan(before);
    await tile('cam/c_h264.mp4').dblclick();
    await expect.poll(playing, { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(1);
  });

  it('a tile passed over quickly prepares nothing; moving on ends what was prepared', async () => {
    await grid();
    const n = p.sessionRequests.length;
    await tile('cam/a_xvid.avi').hover();
    // The pass itself: shorter than the hover that shows intent (PREPARE.hoverMs, 400 ms).
    await page.waitForTimeout(150);
    await page.mouse.move(1, 1);
    // A tile hovered after it prepares (its direct file is asked for): the one passed over,
    // whose hover began earlier, would have asked by then.
    await tile('cam/c_h264.mp4').hover();
    await preparedFile(p.ids.get('cam/c_h264.mp4'));
    await page.mouse.move(1, 1);
    expect(p.sessionRequests.length).toBe(n);
    // Selected with the keyboard for 300 ms: prepared; then the selection moves on.
    await page.getByTestId('grid').focus();
    const order = await page.evaluate(() => [0, 1, 2].map((i) => document.getElementById(`tile-${i}`)?.getAttribute('data-id')));
    const sessionFile = (id: string | null | undefined) => id !== p.ids.get('cam/c_h264.mp4');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      if (!sessionFile(order[i])) {
        // Its direct file prepared: loading in the hidden element that waits for the player.
        await preparedFile(order[i]);
        continue;
      }
      await expect.poll(() => p.sessionRequests.at(-1), { timeout: 5000 }).toContain(`/media/transcode/${order[i]}`);
    }
    // The first one's ffmpeg ended with it: the share runs one session at most.
    await expect.poll(() => ffmpegChildren(p.served.proc.pid!), { timeout: 5000 }).toBeLessThanOrEqual(1);
  });
});

/** The ffmpeg processes a process started (read from /proc: no procps needed). */
function ffmpegChildren(pid: number): number {
  let n = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'ffmpeg' && Number(m[2]) === pid) n++;
    } catch { /* gone meanwhile */ }
  }
  return n;
}
