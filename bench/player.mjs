// `npm run bench -- player`: a 60 s 1080p MPEG-4 Part 2 AVI (a legacy camera file) in Chromium:
// double-click → first frame, seek outside the buffer → first frame (requestVideoFrameCallback),
// and ffmpeg processes after 20 rapid seeks; beside the server's own first fragment and bare ffmpeg.
import fs from 'node:fs';
import path from 'node:path';
import { startApp, launchChromium, TOKEN } from './app.mjs';
import { benchDir, built, fmtMs, median, printTable, timeSpawn } from './lib.mjs';
import { longMedia } from './long-media.mjs';

export async function run() {
  const rows = [];
  const src = longMedia().mpeg4Avi;
  const lib = path.join(benchDir('player'), 'lib');
  if (!fs.existsSync(path.join(lib, 'cam', 'legacy.avi'))) {
    fs.mkdirSync(path.join(lib, 'cam'), { recursive: true });
    fs.linkSync(src, path.join(lib, 'cam', 'legacy.avi'));
  }
  const data = path.join(benchDir('player'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const app = await startApp(lib, { dataDir: data });
  const { runningProcesses } = await import(built('media/ffmpeg.js'));
  const id = app.core.library.query({}).items[0].id;
  await app.core.probes.probe(id); // the probe is cached, as after the first look at the grid

  // Floors: the server's first fragment (fetch), and bare ffmpeg decoding one frame.
  const ttfb = async (/** @type {number} */ start) => {
    const t = performance.now();
    const r = await fetch(`${app.base}/media/transcode/${id}?start=${start}&mode=transcode&viewer=floor`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (r.body).getReader();
    await reader.read();
    const ms = performance.now() - t;
    await reader.cancel();
    return ms;
  };
  const frag0 = [], frag45 = [], ff0 = [], ff45 = [];
  for (let i = 0; i < 5; i++) {
    frag0.push(await ttfb(0));
    frag45.push(await ttfb(45));
    ff0.push(await timeSpawn('ffmpeg', ['-v', 'error', '-i', src, '-frames:v', '1', '-f', 'null', '-']));
    ff45.push(await timeSpawn('ffmpeg', ['-v', 'error', '-ss', '45', '-i', src, '-frames:v', '1', '-f', 'null', '-']));
  }
  await new Promise((r) => setTimeout(r, 500));

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(app.pairUrl);
  // Marks in the page: the double-click, and the first frame of whatever <video> appears.
  const instrument = () => page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__marks = {};
    document.addEventListener('dblclick', () => { w.__marks.dblclick = performance.now(); }, { capture: true, once: true });
    new MutationObserver((_, obs) => {
      const v = document.querySelector('video');
      if (!v) return;
      obs.disconnect();
      v.requestVideoFrameCallback((now) => { w.__marks.first = now; });
    }).observe(document.body, { childList: true, subtree: true });
  });
  const opens = [];
  for (let i = 0; i < 6; i++) {
    await page.goto(`${app.base}/#/`);
    await page.waitForSelector('.tile[data-id]');
    await instrument();
    await page.locator('.tile[data-id]').first().dblclick();
    await page.waitForFunction(() => /** @type {any} */ (window).__marks.first > 0, null, { timeout: 20_000 });
    const m = await page.evaluate(() => /** @type {any} */ (window).__marks);
    if (i > 0) opens.push(m.first - m.dblclick);
  }
  rows.push(['double-click → first frame', `${fmtMs(median(opens))} (${opens.map((x) => x.toFixed(0)).join(', ')})`, `server first fragment ${fmtMs(median(frag0))}; bare ffmpeg 1 frame ${fmtMs(median(ff0))}`, '≤ 500 ms (prototype 370–480)']);

  // Seek outside the buffer (about 30 s are kept ahead), timed to the first frame at the target.
  const seeks = [];
  for (let i = 0; i < 5; i++) {
    await page.waitForFunction(() => { const v = document.querySelector('video'); return v && v.currentTime > 1; }, null, { timeout: 20_000 });
    const target = 40 + i * 3;
    const ms = /** @type {number} */ (await page.evaluate((t) => new Promise((resolve) => {
      const v = /** @type {HTMLVideoElement} */ (document.querySelector('video'));
      const t0 = performance.now();
      const wait = () => v.requestVideoFrameCallback((now, meta) => { if (meta.mediaTime >= t - 0.5) resolve(now - t0); else wait(); });
      wait();
      v.currentTime = t;
    }), target));
    seeks.push(ms);
    await page.evaluate(() => { /** @type {HTMLVideoElement} */ (document.querySelector('video')).currentTime = 0.5; });
    await page.waitForTimeout(300);
  }
  rows.push(['seek outside the buffer → first frame', `${fmtMs(median(seeks))} (${seeks.map((x) => x.toFixed(0)).join(', ')})`, `server first fragment at 45 s ${fmtMs(median(frag45))}; bare ffmpeg -ss 45, 1 frame ${fmtMs(median(ff45))}`, '≤ 700 ms (prototype 790–870)']);

  // 20 rapid seeks, 80 ms apart, all over the file.
  let most = 0;
  const sampler = setInterval(() => { most = Math.max(most, runningProcesses().size); }, 10);
  for (let i = 0; i < 20; i++) {
    await page.evaluate((t) => { /** @type {HTMLVideoElement} */ (document.querySelector('video')).currentTime = t; }, (i * 37) % 58);
    await page.waitForTimeout(80);
  }
  await page.waitForTimeout(1500);
  clearInterval(sampler);
  const after = runningProcesses().size;
  rows.push(['ffmpeg for this viewer after 20 rapid seeks (1.5 s after)', String(after), `most at once during: ${most}`, '≤ 1']);
  await browser.close();
  await app.close();
  printTable('Player: 1080p 60 s MPEG-4 Part 2 AVI', ['measure', 'reelvault', 'floor', 'target'], rows);
}
