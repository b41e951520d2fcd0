// `npm run bench -- ui`: first grid paint with cached thumbnails after load, beside a bare page
// showing the same thumbnails; and a 5 s fling through 100,000 entries, frame by frame.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startApp, launchChromium } from './app.mjs';
import { benchDir, fmtMs, median, printTable } from './lib.mjs';
import { longMedia } from './long-media.mjs';
import { withDurations } from './timeline-data.mjs';

/** What it drives of the build: the app, as app.mjs starts it. */
export { modules } from './app.mjs';

export async function run() {
  const rows = [];
  const browser = await launchChromium();

  // 1. First paint of a grid whose thumbnails are cached: 48 recordings (hard links of one file).
  const lib = path.join(benchDir('ui'), 'lib-48');
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    const src = longMedia().h264Mp4;
    for (let c = 0; c < 4; c++) {
      fs.mkdirSync(path.join(lib, `cam-${c}`), { recursive: true });
      for (let i = 0; i < 12; i++) fs.linkSync(src, path.join(lib, `cam-${c}`, `2026-11-2${c}_0${Math.floor(i / 6)}-${String((i % 6) * 10).padStart(2, '0')}-00.mp4`));
    }
    fs.writeFileSync(path.join(lib, '.complete'), '');
  }
  const data = path.join(benchDir('ui'), 'data-48');
  fs.rmSync(data, { recursive: true, force: true });
  const app = await startApp(lib, { dataDir: data, background: true });
  await app.core.probes.whenIdle();
  await app.core.thumbs.whenIdle();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(app.pairUrl);
  await page.waitForFunction(() => document.querySelectorAll('.tile img.loaded').length > 0, null, { timeout: 30_000 });
  const paints = [];
  let visibleCount = 0;
  for (let i = 0; i < 7; i++) {
    await page.reload();
    const r = await page.evaluate(() => new Promise((resolve) => {
      const check = () => {
        const scroller = document.querySelector('[data-testid="grid"]');
        const tiles = [...document.querySelectorAll('.tile[data-id]')];
        if (scroller && tiles.length) {
          const box = scroller.getBoundingClientRect();
          const visible = tiles.filter((t) => { const b = t.getBoundingClientRect(); return b.top < box.bottom && b.bottom > box.top; });
          if (visible.length && visible.every((t) => t.querySelector('img.loaded'))) { resolve({ ms: performance.now(), n: visible.length }); return; }
        }
        requestAnimationFrame(check);
      };
      check();
    }));
    const { ms, n } = /** @type {{ ms: number, n: number }} */ (r);
    if (i > 1) paints.push(ms);
    visibleCount = n;
  }
  // Floor: a bare page with the same number of <img> of the same cached thumbnails.
  const ids = app.core.library.query({ limit: visibleCount }).items.map((/** @type {{ id: string }} */ e) => e.id);
  const thumbs = await Promise.all(ids.map(async (/** @type {string} */ id) => Buffer.from(await (await fetch(`${app.base}/media/thumb/${id}?w=320`, { headers: { Authorization: 'Bearer bench-token-0123456789abcdef' } })).arrayBuffer())));
  const bare = http.createServer((req, res) => {
    const m = /^\/t\/(\d+)$/.exec(req.url ?? '');
    if (m) { res.writeHead(200, { 'Content-Type': 'image/jpeg' }); res.end(thumbs[Number(m[1])]); return; }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><body>${thumbs.map((_, i) => `<img src="/t/${i}" width=240 height=135>`).join('')}<script>Promise.all([...document.images].map(i=>i.decode())).then(()=>{window.done=performance.now()})</script>`);
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', () => r(undefined)));
  const bareUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (bare.address()).port}/`;
  const floor = [];
  for (let i = 0; i < 7; i++) {
    await page.goto(bareUrl);
    await page.waitForFunction(() => /** @type {any} */ (window).done > 0);
    if (i > 1) floor.push(await page.evaluate(() => /** @type {any} */ (window).done));
  }
  bare.close();
  rows.push([`first grid paint, cached thumbnails (${visibleCount} visible)`, `${fmtMs(median(paints))} (${paints.map((p) => p.toFixed(0)).join(', ')})`, `bare page, same images: ${fmtMs(median(floor))}`, '≤ 500 ms after load']);
  await page.close();
  await app.close();

  // 2. A 5 s fling through 100,000 entries.
  const tree = path.join(benchDir('scan'), 'tree-100k');
  if (!fs.existsSync(path.join(tree, '.complete'))) throw new Error('run `npm run bench -- scan` first: it makes the 100,000-file tree');
  const data2 = path.join(benchDir('ui'), 'data-100k');
  fs.rmSync(data2, { recursive: true, force: true });
  const big = await startApp(tree, { dataDir: data2 });
  const p2 = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await p2.goto(big.pairUrl);
  await p2.waitForFunction(() => /100,000 recordings/.test(document.querySelector('.status-bar')?.textContent ?? ''), null, { timeout: 30_000 });
  /** @typedef {{ frames: number, maxGap: number, over50: number, loaf: number, loafMax: number, scrolled: number }} Fling */
  const fling = /** @type {Fling} */ (await p2.evaluate(() => new Promise((resolve) => {
    const el = /** @type {HTMLElement} */ (document.querySelector('[data-testid="grid"]'));
    /** @type {number[]} */
    const loaf = [];
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) loaf.push(e.duration); }).observe({ type: 'long-animation-frame', buffered: false });
    } catch { /* older Chromium: frame gaps still tell */ }
    const start = performance.now();
    let last = start;
    let v = 400; // px per frame at first: a hard fling, then flung again each second
    /** @type {number[]} */
    const gaps = [];
    const step = (/** @type {number} */ now) => {
      gaps.push(now - last);
      last = now;
      el.scrollTop += v;
      v = v * 0.985 + 0.5;
      if ((now - start) % 1000 < 17) v = 400;
      if (now - start < 5000) requestAnimationFrame(step);
      else setTimeout(() => resolve({
        frames: gaps.length, maxGap: Math.max(...gaps.slice(1)), over50: gaps.slice(1).filter((g) => g > 50).length,
        loaf: loaf.filter((d) => d > 50).length, loafMax: loaf.length ? Math.max(...loaf) : 0, scrolled: el.scrollTop,
      }), 300);
    };
    requestAnimationFrame(step);
  })));
  rows.push(['5 s fling, 100,000 entries: frames', String(fling.frames), `scrolled ${(fling.scrolled / 1e6).toFixed(2)} Mpx`, '']);
  rows.push(['  … longest frame (rAF gap)', fmtMs(fling.maxGap), `${fling.over50} frames > 50 ms`, 'none > 50 ms']);
  rows.push(['  … long-animation-frame entries > 50 ms', String(fling.loaf), fling.loaf ? `longest ${fmtMs(fling.loafMax)}` : '', '0']);
  await p2.close();

  // 3. The timeline over the same 100,000 files (each a 12-minute recording): a 5 s fling of
  // zooms and pans, frame by frame, beside the same rAF loop on a bare page (the frame floor).
  await withDurations(big.core, 720);
  const p3 = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await p3.goto(big.pairUrl);
  await p3.goto(`${big.base}/#/timeline?from=${Date.UTC(2026, 0, 1)}&to=${Date.UTC(2026, 1, 1)}`);
  await p3.waitForSelector('[data-lane]', { timeout: 30_000 });
  const tl = /** @type {Fling} */ (await p3.evaluate(timelineFling));
  const bareTl = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await bareTl.setContent('<canvas width=1400 height=400></canvas>');
  const floorTl = /** @type {Fling} */ (await bareTl.evaluate(timelineFling));
  rows.push(['timeline 5 s fling (zoom month → minute → month, pans), 100,000 files: frames', String(tl.frames), `bare page, same loop: ${floorTl.frames}`, '']);
  rows.push(['  … longest frame (rAF gap)', fmtMs(tl.maxGap), `bare: ${fmtMs(floorTl.maxGap)}; ${tl.over50} frames > 50 ms`, 'none > 50 ms']);
  rows.push(['  … long-animation-frame entries > 50 ms', String(tl.loaf), tl.loaf ? `longest ${fmtMs(tl.loafMax)}` : '', '0']);
  await p3.close();
  await bareTl.close();
  await big.close();
  await browser.close();
  printTable('Renderer: library view', ['measure', 'reelvault', 'floor / detail', 'target'], rows);
}

/**
 * In the page: wheel events on the timeline's canvas every frame for 5 s (zooming in from a
 * month to minutes and out again, with sideways pans), timing each frame.
 */
function timelineFling() {
  return new Promise((resolve) => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector('.timeline-canvas canvas') ?? document.querySelector('canvas'));
    const box = c.getBoundingClientRect();
    /** @type {number[]} */
    const loaf = [];
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) loaf.push(e.duration); }).observe({ type: 'long-animation-frame', buffered: false });
    } catch { /* older Chromium */ }
    const start = performance.now();
    let last = start;
    /** @type {number[]} */
    const gaps = [];
    const step = (/** @type {number} */ now) => {
      gaps.push(now - last);
      last = now;
      const phase = ((now - start) % 2500) / 2500; // in for 1.25 s, out for 1.25 s
      const x = box.left + box.width * (0.3 + 0.4 * Math.sin(now / 300) ** 2);
      c.dispatchEvent(new WheelEvent('wheel', { deltaY: phase < 0.5 ? -120 : 120, deltaX: 0, clientX: x, clientY: box.top + 60, bubbles: true, cancelable: true }));
      c.dispatchEvent(new WheelEvent('wheel', { deltaX: 40 * Math.sin(now / 200), deltaY: 0, clientX: x, clientY: box.top + 60, bubbles: true, cancelable: true }));
      if (now - start < 5000) requestAnimationFrame(step);
      else setTimeout(() => resolve({
        frames: gaps.length, maxGap: Math.max(...gaps.slice(1)), over50: gaps.slice(1).filter((g) => g > 50).length,
        loaf: loaf.filter((d) => d > 50).length, loafMax: loaf.length ? Math.max(...loaf) : 0, scrolled: 0,
      }), 300);
    };
    requestAnimationFrame(step);
  });
}
