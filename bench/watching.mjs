// `npm run bench -- watching`: speeds beyond the browser's, in Chromium, on a 1080p MPEG-4 Part 2
// AVI with a keyframe every 50 frames (converted for playback): 64× (pictures shown per second,
// CPU of the server and its ffmpeg), a frame back (the first step, then later ones), a speed
// change to the first picture at the new speed, and reverse at −2×; beside bare ffmpeg making the
// same keyframe stream and decoding the same GOP. (The zoom and bookmark rows are another bench's.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, launchChromium } from './app.mjs';
import { benchDir, fmtMs, median, printTable, timeSpawn, load } from './lib.mjs';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'media/ffmpeg.js': ['runningProcesses'],
  'media/fast-stream-args.js': ['fastStreamArgs', 'picking', 'pictureHeight'],
  'media/probe.js': ['probeFile'],
});

const TICKS = 100; // clock ticks per second in /proc (USER_HZ)

/** 240 s of 1080p25 MPEG-4 Part 2, GOP 50: 30 s made once, looped by copying. */
function legacyFile() {
  const dir = benchDir('watching');
  const file = path.join(dir, 'gop50_mpeg4_1080p.avi');
  if (fs.existsSync(file)) return file;
  process.stderr.write('bench: making a 1080p GOP-50 MPEG-4 AVI (once)…\n');
  const part = path.join(dir, 'part.avi');
  const run = (/** @type {string[]} */ args) => {
    const r = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('ffmpeg failed making the bench file');
  };
  run(['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25:duration=30', '-c:v', 'mpeg4', '-q:v', '4', '-g', '50', part]);
  run(['-stream_loop', '7', '-i', part, '-c', 'copy', `${file}.part.avi`]);
  fs.renameSync(`${file}.part.avi`, file);
  fs.rmSync(part);
  return file;
}

/**
 * CPU seconds this process has spent with its children: its own, its finished children's (reaped:
 * /proc's cutime, cstime) and its running ffmpeg's so far.
 * @param {Set<{ child: { pid?: number } }>} running
 */
function serverCpu(running) {
  /** @returns {number[] | null} */
  const read = (/** @type {string} */ pid) => {
    try { return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').map(Number); } catch { return null; }
  };
  const at = (/** @type {number[]} */ f, /** @type {number} */ i) => f[i] ?? 0;
  const self = read('self');
  let ticks = self ? at(self, 11) + at(self, 12) + at(self, 13) + at(self, 14) : 0;
  for (const p of running) { const f = p.child.pid ? read(String(p.child.pid)) : null; if (f) ticks += at(f, 11) + at(f, 12); }
  return ticks / TICKS;
}

/** Bare ffmpeg running `args`: wall ms, CPU s (the shell's children's time) and pictures made. @param {string[]} args */
function bareRun(args) {
  const t = performance.now();
  const r = spawnSync('sh', ['-c', 'ffmpeg -nostdin -hide_banner "$@" >/dev/null 2>"$0.err"; cat /proc/$$/stat', path.join(benchDir('watching'), 'bare'), ...args], { encoding: 'utf8' });
  const ms = performance.now() - t;
  const f = r.stdout.replace(/^.*\) /, '').split(' ');
  const cpu = (Number(f[13]) + Number(f[14])) / TICKS;
  const err = fs.readFileSync(path.join(benchDir('watching'), 'bare.err'), 'utf8');
  return { ms, cpu, pictures: (err.match(/Parsed_showinfo.* n:/g) ?? []).length };
}

export async function run() {
  const { runningProcesses, fastStreamArgs, picking, pictureHeight, probeFile } = await modules();
  const src = legacyFile();
  const lib = path.join(benchDir('watching'), 'lib');
  fs.mkdirSync(path.join(lib, 'cam'), { recursive: true });
  if (!fs.existsSync(path.join(lib, 'cam', 'legacy.avi'))) fs.linkSync(src, path.join(lib, 'cam', 'legacy.avi'));
  const data = path.join(benchDir('watching'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const app = await startApp(lib, { dataDir: data });
  const id = app.core.library.query({ limit: 10 }).items[0].id;
  await app.core.probes.probe(id);
  const probe = await probeFile(src);
  const VIEW = { width: 1280, height: 800 };

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: VIEW });
  await page.goto(app.pairUrl);
  const openPaused = async (/** @type {number} */ t) => {
    await page.goto('about:blank');
    await page.goto(`${app.base}/#/play/${id}?t=${t}`);
    await page.waitForFunction((at) => (document.querySelector('video')?.currentTime ?? 0) > at + 0.2, t, { timeout: 60_000 });
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('video')?.paused === true);
  };
  const keys = async (/** @type {string} */ k, /** @type {number} */ n) => { for (let i = 0; i < n; i++) await page.keyboard.press(k); };
  const drawn = () => page.evaluate(() => Number(document.querySelector('canvas.fast-frames')?.getAttribute('data-drawn') ?? 0));
  /** Pictures shown per second over `ms` (a measurement window). @param {number} ms */
  const picturesPerSec = async (ms) => {
    const a = await drawn(), t = performance.now();
    await page.waitForTimeout(ms);
    return ((await drawn()) - a) / ((performance.now() - t) / 1000);
  };
  const maxHeight = await page.evaluate(() => Math.round(document.querySelector('.stage')?.clientHeight ?? 600));

  // 64×: pictures shown, and what the server and its ffmpeg spend meanwhile.
  const at64 = [], cpu64 = [];
  for (let rep = 0; rep < 3; rep++) {
    await openPaused(5);
    await keys(']', 6);
    await page.keyboard.press('k');
    await page.waitForFunction(() => Number(document.querySelector('canvas.fast-frames')?.getAttribute('data-drawn') ?? 0) >= 3, null, { timeout: 30_000 });
    const c0 = serverCpu(runningProcesses()), w0 = performance.now();
    at64.push(await picturesPerSec(1500));
    const wall = (performance.now() - w0) / 1000;
    const c1 = serverCpu(runningProcesses());
    cpu64.push((c1 - c0) / wall / 2 * 100);
  }
  // Its floor: bare ffmpeg making the same keyframe stream (the server's own arguments), as fast as it can.
  const height = pictureHeight(probe, maxHeight);
  const bare = bareRun(fastStreamArgs({ input: `file:${src}`, probe, from: 5, pick: picking(64, probe), height }).map(String));
  const bareRate = bare.pictures / (bare.ms / 1000);
  const bareCpu = bare.cpu / (bare.ms / 1000) / 2 * 100;

  // A frame back, at the end of a 50-frame GOP (48 frames after its keyframe): the first step
  // decodes the GOP, later steps show what it kept. Timed in the page, key to picture.
  // Cold: the key right after the seek; warm: a second later (the player decodes the GOP before a
  // still picture ahead of a step, so this is the usual case: pause, look, step back).
  /** @type {number[]} */
  const firsts = [];
  /** @type {number[]} */
  const warmFirsts = [];
  /** @type {number[]} */
  const laters = [];
  for (let rep = 0; rep < 6; rep++) {
    const warm = rep % 2 === 1;
    await openPaused(20 + rep * 10);
    const at = 21.92 + rep * 10;
    await page.evaluate((t) => { /** @type {HTMLVideoElement} */ (document.querySelector('video')).currentTime = t; }, at);
    await page.waitForFunction((t) => Number(document.querySelector('.player')?.getAttribute('data-position')) === t, at);
    if (warm) await page.waitForTimeout(1000);
    const times = /** @type {number[]} */ (await page.evaluate(async () => {
      const root = /** @type {HTMLElement} */ (document.querySelector('.player'));
      /** @type {number[]} */
      const out = [];
      for (let k = 0; k < 8; k++) {
        const before = root.dataset.position;
        const t0 = performance.now();
        const changed = new Promise((resolve) => {
          const obs = new MutationObserver(() => { if (root.dataset.position !== before) { obs.disconnect(); resolve(performance.now() - t0); } });
          obs.observe(root, { attributes: true, attributeFilter: ['data-position'] });
        });
        root.dispatchEvent(new KeyboardEvent('keydown', { key: ',', bubbles: true }));
        out.push(/** @type {number} */ (await changed));
      }
      return out;
    }));
    (warm ? warmFirsts : firsts).push(/** @type {number} */ (times[0]));
    laters.push(...times.slice(1));
  }
  const gopFloor = [];
  for (let i = 0; i < 3; i++) gopFloor.push(await timeSpawn('ffmpeg', ['-v', 'error', '-ss', '21.92', '-i', src, '-frames:v', '1', '-f', 'null', '-']));

  // A speed change while fast: key to the first picture of the new speed's stream.
  const changes = [];
  await openPaused(5);
  await keys(']', 5);
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('canvas.fast-frames')?.getAttribute('data-speed') === '32', null, { timeout: 30_000 });
  for (const [key, to] of [[']', '64'], ['[', '32'], [']', '64'], ['[', '32'], [']', '64'], ['[', '32']]) {
    await page.waitForTimeout(300); // let the stream run a moment at the speed it has
    changes.push(/** @type {number} */ (await page.evaluate(async ([k, want]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas.fast-frames'));
      const t0 = performance.now();
      const seen = new Promise((resolve) => {
        const obs = new MutationObserver(() => { if (c.dataset.speed === want) { obs.disconnect(); resolve(performance.now() - t0); } });
        obs.observe(c, { attributes: true, attributeFilter: ['data-drawn'] });
      });
      document.querySelector('.player')?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      return seen;
    }, [key, to])));
  }

  // Reverse at −2×: pictures shown.
  const rev = [];
  for (let rep = 0; rep < 2; rep++) {
    await openPaused(120 + rep * 40);
    await keys('[', 5);
    await page.keyboard.press('k');
    await page.waitForFunction(() => Number(document.querySelector('canvas.fast-frames')?.getAttribute('data-drawn') ?? 0) >= 3, null, { timeout: 30_000 });
    rev.push(await picturesPerSec(2000));
  }

  await browser.close();
  await app.close();
  const list = (/** @type {number[]} */ xs, /** @type {number} */ d = 0) => xs.map((x) => x.toFixed(d)).join(', ');
  printTable('watching: 1080p25 MPEG-4 Part 2 AVI, GOP 50, converted (Chromium, 2 cores)', ['figure', 'measured', 'floor', 'goal'], [
    ['64×: pictures shown per second', `${median(at64).toFixed(1)}/s (${list(at64, 1)})`, `bare ffmpeg, same keyframe stream: ${bareRate.toFixed(0)}/s at full speed`, '≥ 15/s'],
    ['64×: CPU (server + its ffmpeg), % of 2 cores', `${median(cpu64).toFixed(0)} % (${list(cpu64)})`, `bare ffmpeg at full speed: ${bareCpu.toFixed(0)} %; at 64× it needs ${(bareCpu * median(at64) / bareRate).toFixed(0)} %`, '≤ 70 %'],
    ['frame back, first step (key right after a seek)', `${fmtMs(median(firsts))} (${list(firsts)})`, `bare ffmpeg decoding that GOP ${fmtMs(median(gopFloor))}`, '≤ 150 ms'],
    ['frame back, first step (paused a second first)', `${fmtMs(median(warmFirsts))} (${list(warmFirsts)})`, `bare ffmpeg decoding that GOP ${fmtMs(median(gopFloor))}`, '≤ 150 ms'],
    ['frame back, later steps', `${fmtMs(median(laters))} (max ${fmtMs(Math.max(...laters))})`, '—', '≤ 20 ms'],
    ['speed change → first picture at the new speed', `${fmtMs(median(changes))} (${list(changes)})`, '—', '≤ 300 ms'],
    ['reverse −2×: pictures shown per second', `${median(rev).toFixed(1)}/s (${list(rev, 1)})`, '—', '≥ 15/s'],
  ]);
}
