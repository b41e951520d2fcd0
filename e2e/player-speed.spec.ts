// Speeds beyond the browser's, in real Chromium on a converted legacy file (MPEG-4 Part 2 in
// AVI, a keyframe every 50 frames): 32× on the fast stream, five frames back from a still
// picture, and reverse at −2×. The player's root says where it is: data-speed, data-position.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/chromium.js';
import { playerPage, type PlayerPage } from './support/player-page.js';

const FPS = 25;

describe.skipIf(!haveChromium)('player speeds, frames back and reverse', () => {
  let p: PlayerPage;
  beforeAll(async () => {
    p = await playerPage({}, {
      prepare(library) {
        fs.mkdirSync(path.join(library, 'cam'));
        const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=${FPS}:duration=150`, '-c:v', 'mpeg4', '-g', '50', '-q:v', '8', path.join(library, 'cam', 'long.avi')]);
        if (r.status !== 0) throw new Error(r.stderr.toString());
      },
    });
  });
  afterAll(async () => { await p?.close(); });

  const player = () => p.page.locator('.player');
  const position = async () => Number(await player().getAttribute('data-position'));
  const speed = async () => Number(await player().getAttribute('data-speed'));
  /** Open at `t`, wait until the converted stream plays, then pause there. */
  async function openPaused(t: number): Promise<void> {
    await p.page.goto('about:blank');
    await p.open('cam/long.avi', t);
    await expect.poll(() => p.page.evaluate(() => document.querySelector('video')?.currentTime ?? 0), { timeout: 60_000 }).toBeGreaterThan(t + 0.2);
    await p.page.keyboard.press('k');
    await expect.poll(() => p.page.evaluate(() => document.querySelector('video')!.paused)).toBe(true);
  }
  /** Samples of the position and of the canvas's picture, every 100 ms for `ms` (a measurement, not a wait). */
  const sample = (ms: number) => p.page.evaluate(async (span) => {
    const root = document.querySelector<HTMLElement>('.player')!;
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.fast-frames')!;
    const out: Array<{ at: number; pos: number; picture: string }> = [];
    const t0 = performance.now();
    while (performance.now() - t0 <= span) {
      out.push({ at: performance.now(), pos: Number(root.dataset.position), picture: canvas.toDataURL('image/jpeg', 0.5).slice(-64) });
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  }, ms);

  it('at 32× moves at least 25 s per wall second for 3 s, the picture changing', async () => {
    await openPaused(5);
    for (let k = 0; k < 5; k++) await p.page.keyboard.press(']');
    await expect.poll(speed).toBe(32);
    await p.page.keyboard.press('k');
    const start = await position();
    // The fast stream's first pictures are in.
    await expect.poll(position, { timeout: 30_000 }).toBeGreaterThan(start + 8);
    const s = await sample(3000);
    const first = s[0]!, last = s[s.length - 1]!;
    const perSec = (last.pos - first.pos) / ((last.at - first.at) / 1000);
    expect(perSec).toBeGreaterThanOrEqual(25);
    expect(new Set(s.map((x) => x.picture)).size).toBeGreaterThanOrEqual(10);
    // The time shown is the picture's own: the label says the same second as data-position.
    const label = await p.page.getByLabel('Position').textContent();
    expect(label).toMatch(/\d+:\d\d/);
  });

  it('steps 5 frames back from a still picture, exactly', async () => {
    await openPaused(30);
    await p.page.evaluate(() => { document.querySelector('video')!.currentTime = 40; });
    await expect.poll(position, { timeout: 30_000 }).toBe(40);
    for (let k = 0; k < 5; k++) await p.page.keyboard.press(',');
    await expect.poll(position, { timeout: 30_000 }).toBeCloseTo(40 - 5 / FPS, 3);
    // And one forward again, from the frames kept.
    await p.page.keyboard.press('.');
    await expect.poll(position).toBeCloseTo(40 - 4 / FPS, 3);
  });

  it('plays backwards at −2×, the picture changing', async () => {
    await openPaused(60);
    const from = await position();
    for (let k = 0; k < 5; k++) await p.page.keyboard.press('[');
    await expect.poll(speed).toBe(-2);
    await p.page.keyboard.press('k');
    await expect.poll(position, { timeout: 30_000 }).toBeLessThan(from - 0.5);
    const s = await sample(2000);
    expect(s[s.length - 1]!.pos).toBeLessThan(s[0]!.pos - 1);
    expect(new Set(s.map((x) => x.picture)).size).toBeGreaterThanOrEqual(8);
    // Backspace: 1× again, on the video, from where reverse got to.
    await p.page.keyboard.press('Backspace');
    await expect.poll(speed).toBe(1);
  });
});
