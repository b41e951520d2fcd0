// `npm run bench -- sync`: four cameras of 1080p MPEG-4 Part 2 played together. (1) Throughput of
// four tile sessions (scaled to 540p, ultrafast, half-size decoding) against four bare ffmpeg
// runs of the very same arguments to -f null, at the same time. (2) Drift of the sync view in
// Chromium over 45 s, every tile read in one frame every 250 ms. (3) The stall when playback
// continues from one recording into the next.
import fs from 'node:fs';
import path from 'node:path';
import { startApp, launchChromium } from './app.mjs';
import { benchDir, fmtMs, median, percentile, printTable, timeSpawn, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';

const TILE_HEIGHT = 540;
const T0 = Date.UTC(2026, 10, 20, 14, 30, 0);
const stamp = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-').replace('T', '_');

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'media/probe.js': ['probeFile'],
  'media/playback-plan.js': ['planPlayback'],
  'media/sessions.js': ['SessionManager'],
  'media/session-args.js': ['sessionArgs', 'DEFAULT_TRANSCODE'],
  'media/binaries.js': ['binaries'],
  'media/input-args.js': ['inputArgs'],
  '../contract/codec-caps.js': ['DEFAULT_CHROMIUM_CAPS'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const { probeFile, planPlayback, SessionManager, sessionArgs, DEFAULT_TRANSCODE, binaries, inputArgs, DEFAULT_CHROMIUM_CAPS } = await modules();
  const bin = await binaries();
  const media = longMedia();
  const rows = [];

  // 1. Throughput.
  const file = media.mpeg4Avi;
  const probe = await probeFile(file);
  const plan = planPlayback(probe, DEFAULT_CHROMIUM_CAPS, { ext: '.avi' });
  const args = sessionArgs({ input: file, probe, plan, start: 0, settings: DEFAULT_TRANSCODE, maxHeight: TILE_HEIGHT });
  // The same arguments, the output to -f null (and the input as a plain path).
  const bare = [...args.slice(0, args.indexOf('-f', args.indexOf('-max_muxing_queue_size'))), '-f', 'null', '-']
    .flatMap((a, i, all) => (all[i - 1] === '-i' ? [file] : [a])).filter((a, i, all) => !(a === '-progress' || all[i - 1] === '-progress'));
  void inputArgs;
  const floorRuns = [];
  const ours = [];
  for (let round = 0; round < 2; round++) {
    const t = performance.now();
    await Promise.all([0, 1, 2, 3].map(() => timeSpawn(bin.ffmpeg, bare)));
    floorRuns.push(performance.now() - t);
    const m = new SessionManager({ maxTranscodes: 2 });
    const t2 = performance.now();
    await Promise.all([0, 1, 2, 3].map(async (i) => {
      const s = await m.open({ root: path.dirname(file), file, probe, plan, start: 0, viewer: `bench#tile${i}`, kind: 'tile', maxHeight: TILE_HEIGHT });
      for await (const _chunk of s.body) { /* read as fast as it comes */ }
      await s.ended;
    }));
    ours.push(performance.now() - t2);
  }
  const secs = 4 * (probe.durationSec ?? 60);
  const oursRt = secs / (median(ours) / 1000), floorRt = secs / (median(floorRuns) / 1000);
  rows.push([`4 tile sessions of 1080p MPEG-4 Part 2 → ${TILE_HEIGHT}p (all four together)`, `${(oursRt / 4).toFixed(2)}× realtime each`,
    `4 bare ffmpeg, same arguments, -f null: ${(floorRt / 4).toFixed(2)}× each`, `${(oursRt / floorRt).toFixed(2)}× the floor`, '≥ 0.9× the floor']);

  // 2. Drift in the sync view, and 3. the continuation stall.
  const lib = path.join(benchDir('sync'), 'lib');
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    fs.rmSync(lib, { recursive: true, force: true });
    for (let c = 0; c < 4; c++) {
      fs.mkdirSync(path.join(lib, `cam-${c}`), { recursive: true });
      fs.linkSync(media.mpeg4Avi, path.join(lib, `cam-${c}`, `${stamp(T0 + c * 1000)}.avi`));
    }
    fs.mkdirSync(path.join(lib, 'door'), { recursive: true });
    fs.linkSync(media.h264Mp4, path.join(lib, 'door', `${stamp(T0)}.mp4`));
    fs.linkSync(media.h264Mp4, path.join(lib, 'door', `${stamp(T0 + 60_000)}.mp4`));
    fs.writeFileSync(path.join(lib, '.complete'), '');
  }
  const data = path.join(benchDir('sync'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const prevTz = process.env.TZ;
  process.env.TZ = 'UTC'; // the names are UTC times
  const app = await startApp(lib, { dataDir: data });
  for (const e of app.core.library.query({ limit: 100 }).items) await app.core.probes.probe(e.id);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(app.pairUrl);
  const lanes = /** @type {Array<{ key: string, camera: string }>} */ (await page.evaluate(async ([from, to]) => {
    const r = await fetch('/api/timeline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ from, to }]) });
    return (await r.json()).value.lanes;
  }, [T0 - 60_000, T0 + 120_000]));
  const keys = lanes.filter((l) => l.camera.startsWith('cam-')).map((l) => l.key);
  await page.goto(`${app.base}/#/sync?lanes=${keys.join(',')}&t=${T0 + 5000}`);
  await page.waitForFunction(() => document.querySelectorAll('video[data-file-id]').length === 4 && [...document.querySelectorAll('video')].every((v) => !v.paused), null, { timeout: 60_000 });
  const samples = /** @type {number[]} */ (await page.evaluate(() => new Promise((resolve) => {
    /** @type {number[]} */
    const out = [];
    const t = setInterval(() => requestAnimationFrame(() => {
      const at = [...document.querySelectorAll('video[data-file-id]')].map((v) => Number(/** @type {HTMLVideoElement} */ (v).dataset.spanStart) + /** @type {HTMLVideoElement} */ (v).currentTime * 1000);
      out.push(Math.max(...at) - Math.min(...at));
    }), 250);
    setTimeout(() => { clearInterval(t); resolve(out); }, 45_000);
  })));
  const settled = samples.slice(8); // after the first 2 s, while the nudges line the tiles up
  rows.push(['sync view, 4 × 1080p MPEG-4 Part 2 converted: drift over 45 s', `p95 ${fmtMs(percentile(settled, 95))}, median ${fmtMs(median(settled))}`,
    `max ${fmtMs(Math.max(...settled))}; ${samples.length} samples; first 2 s: max ${fmtMs(Math.max(...samples.slice(0, 8)))}`, '', 'p95 ≤ 40 ms (one frame at 30 fps: 33 ms)']);

  const door = app.core.library.query({ limit: 100, sort: 'name' }).items.filter((/** @type {{ camera: string }} */ e) => e.camera === 'door');
  const stalls = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${app.base}/#/play/${door[0].id}?t=${56 + i * 0.1}`);
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.log = [];
      for (const type of ['ended', 'playing']) document.addEventListener(type, () => w.log.push([type, performance.now()]), true);
    });
    await page.waitForFunction((id) => location.hash.includes(id), door[1].id, { timeout: 30_000 });
    const log = /** @type {Array<[string, number]>} */ (await page.waitForFunction(() => {
      const l = /** @type {any} */ (window).log;
      const ended = l.find((/** @type {[string, number]} */ x) => x[0] === 'ended');
      return ended && l.some((/** @type {[string, number]} */ x) => x[0] === 'playing' && x[1] > ended[1]) ? l : null;
    }, null, { timeout: 30_000 }).then((h) => h.jsonValue()));
    const ended = log.find((x) => x[0] === 'ended');
    const next = log.find((x) => x[0] === 'playing' && x[1] > /** @type {[string, number]} */ (ended)[1]);
    stalls.push(/** @type {[string, number]} */ (next)[1] - /** @type {[string, number]} */ (ended)[1]);
  }
  rows.push(['continuing into the next recording (1080p H.264, direct): ended → playing', `${fmtMs(median(stalls))} (${stalls.map((s) => s.toFixed(0)).join(', ')})`, '', '', '≤ 100 ms']);
  await browser.close();
  await app.close();
  if (prevTz === undefined) delete process.env.TZ;
  else process.env.TZ = prevTz;
  printTable('Sync view and continuation', ['measure', 'reelvault', 'floor / detail', 'ratio', 'goal'], rows);
}
