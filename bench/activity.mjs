// `npm run bench -- activity [--files N]`: issue 31's figures, each beside its floor.
//  1. activity from sizes of one 1-hour 1080p file (MP4 and AVI) against ffprobe listing its packets;
//  2. the sizes pass over a library of hard links in the background, and `query` meanwhile
//     (N files, default 2,000, scaled to 100,000);
//  3. the pixel pass against a bare ffmpeg decoding the same files small.
// The strip-drawing and "Skip quiet" rows belong to the UI (renderer) and are printed as such.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, printTable, timeSpawn, load } from './lib.mjs';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'media/analysis/read-frames.js': ['readVideoFrames'],
  'media/analysis/size-levels.js': ['sizeActivity'],
  'media/analysis/pixel-pass.js': ['pixelPass'],
  'media/analysis/video-frames.js': ['keyframeGapSec'],
  'media/analysis/activity-service.js': ['ActivityService', 'decoderOf', 'SIZES_KIND'],
  'media/analysis/activity-store.js': ['ActivityStore'],
  'media/contained-file.js': ['openContained'],
  'media/media-queue.js': ['MediaQueue'],
  'media/binaries.js': ['binaries'],
  'library/library.js': ['Library'],
});

/** A still scene with a box crossing it: what a camera mostly records (small predicted frames). */
/** @param {number} w @param {number} h @param {number} d */
const SCENE = (w, h, d) => ['-f', 'lavfi', '-i', `color=c=0x607080:s=${w}x${h}:r=25:d=${d}`, '-f', 'lavfi', '-i', `testsrc=s=${h >> 2}x${h >> 2}:r=25:d=${d}`,
  '-filter_complex', `[0:v][1:v]overlay=x='mod(t*200,${w})':y=${h >> 2}[v]`, '-map', '[v]'];

const ENC = {
  mp4: ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '28', '-g', '50', '-pix_fmt', 'yuv420p'],
  avi: ['-c:v', 'mpeg4', '-q:v', '6', '-g', '25'],
};

/** @param {string} file @param {string[]} args */
function make(file, args) {
  if (fs.existsSync(file)) return file;
  process.stderr.write(`bench: making ${path.basename(file)} (once)…\n`);
  const tmp = `${file}.part${path.extname(file)}`;
  const r = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args, tmp], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`could not make ${path.basename(file)}`);
  fs.renameSync(tmp, file);
  return file;
}

/** One minute of 1080p, and an hour of it by copying that minute 60 times (no encoding). */
/** @param {string} dir */
function media(dir) {
  /** @type {Record<'mp4' | 'avi', { minute: string, hour: string }>} */
  const out = /** @type {any} */ ({});
  for (const ext of /** @type {const} */ (['mp4', 'avi'])) {
    const minute = make(path.join(dir, `minute-1080p.${ext}`), [...SCENE(1920, 1080, 60), ...ENC[ext], '-t', '60']);
    const hour = make(path.join(dir, `hour-1080p.${ext}`), ['-stream_loop', '59', '-i', minute, '-c', 'copy', ...(ext === 'mp4' ? ['-movflags', '+faststart'] : [])]);
    out[ext] = { minute, hour };
  }
  return out;
}

/** @param {string[]} args */
export async function run(args) {
  const m = await modules();
  const bin = await m.binaries();
  const dir = benchDir('activity');
  const files = media(dir);
  const rows = [];

  // 1. Sizes of one hour: reader + levels, min and median of 7, warm cache; floor ffprobe, median of 3.
  for (const ext of /** @type {const} */ (['mp4', 'avi'])) {
    const file = files[ext].hour;
    const times = [];
    for (let i = 0; i < 8; i++) {
      const f = await m.openContained(dir, file);
      const t = performance.now();
      const frames = await m.readVideoFrames(f.handle, f.size);
      m.sizeActivity(frames);
      const ms = performance.now() - t;
      await f.close();
      if (i) times.push(ms);
    }
    const probe = [];
    for (let i = 0; i < 3; i++) probe.push(await timeSpawn(bin.ffprobe, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=size,pts_time', '-of', 'csv', file]));
    const ratio = median(times) / median(probe);
    rows.push([`activity from sizes, 1 h 1080p ${ext.toUpperCase()}`, `${fmtMs(Math.min(...times))} min, ${fmtMs(median(times))} median (goal ≤ 20 ms)`,
      `ffprobe packets: ${fmtMs(median(probe))}`, `${ratio.toFixed(3)}×`, '≤ 0.1×']);
  }

  // 2. The sizes pass over a library of hard links, in the background through the media queue.
  const n = Number(args[args.indexOf('--files') + 1]) || 2000;
  const lib = path.join(dir, `lib-${n}`);
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    for (let i = 0; i < n; i++) {
      const cam = path.join(lib, `cam-${i % 16}`);
      fs.mkdirSync(cam, { recursive: true });
      const ext = i % 2 ? 'avi' : 'mp4';
      fs.linkSync(files[ext].minute, path.join(cam, `f${String(i).padStart(6, '0')}.${ext}`));
    }
    fs.writeFileSync(path.join(lib, '.complete'), '');
  }
  const data = path.join(dir, 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const library = await m.Library.open(data);
  await library.scan([lib]);
  const ask = () => { const t = performance.now(); library.query({ limit: 200, sort: 'recorded-desc' }); return performance.now() - t; };
  for (let i = 0; i < 30; i++) ask(); // warm: the first queries compile
  const idle = [];
  for (let i = 0; i < 30; i++) idle.push(ask());
  const queue = new m.MediaQueue();
  const store = m.ActivityStore.open(data);
  const service = new m.ActivityService(library, store, queue);
  const hold = service.holdPixels();
  /** @type {number[]} */
  const busy = [];
  const t0 = performance.now();
  service.fillBackground();
  const poll = setInterval(() => busy.push(ask()), 50);
  let analysed = 0;
  await new Promise((resolve) => {
    service.on('changed', (/** @type {unknown[]} */ es) => { analysed += es.length; if (analysed >= n) resolve(undefined); });
  });
  const passMs = performance.now() - t0;
  clearInterval(poll);
  hold();
  service.stop();
  queue.stop();
  store.close();
  await library.close();
  const scaled = (passMs / n) * 100_000;
  rows.push([`sizes pass, ${n.toLocaleString('en')} files (hard links to 1-minute 1080p MP4/AVI)`, `${(passMs / 1000).toFixed(1)} s; ${(scaled / 60_000).toFixed(1)} min scaled to 100,000 (goal ≤ 10 min)`,
    `query idle median ${fmtMs(median(idle))}`, `query meanwhile median ${fmtMs(median(busy))} (${(median(busy) / median(idle)).toFixed(2)}×)`, '≤ 2× idle']);

  // 3. Pixel pass over both minutes in one ffmpeg, against the bare commands one after the other.
  const pixelJobs = async () => Promise.all([files.mp4.minute, files.avi.minute].map(async (file) => {
    const f = await m.openContained(dir, file);
    const frames = await m.readVideoFrames(f.handle, f.size);
    const info = {
      codec: m.decoderOf(frames.codec, null), width: frames.width, keyframeIntervalSec: m.keyframeGapSec(frames), intraOnly: frames.keys.every(Boolean),
    };
    return { file: f, info };
  }));
  const bare = (/** @type {string} */ file, /** @type {boolean} */ lowres) => ['-v', 'error', '-skip_frame', 'nokey', ...(lowres ? ['-lowres', '2'] : []), '-i', file, '-vf', 'scale=64:36,format=gray', '-f', 'rawvideo', '-'];
  /** @type {number[]} */
  const pass = [], floor = [];
  for (let i = 0; i < 3; i++) {
    floor.push(await timeSpawn(bin.ffmpeg, bare(files.mp4.minute, false)) + await timeSpawn(bin.ffmpeg, bare(files.avi.minute, true)));
    const jobs = await pixelJobs();
    const tp = performance.now();
    await m.pixelPass(jobs);
    pass.push(performance.now() - tp);
    await Promise.all(jobs.map((j) => j.file.close()));
  }
  rows.push(['pixel analysis, 1 min 1080p H.264 MP4 + MPEG-4 AVI', fmtMs(median(pass)), `bare ffmpeg -skip_frame nokey [-lowres 2] … 64x36 gray: ${fmtMs(median(floor))}`,
    `${(median(floor) / median(pass)).toFixed(2)}× its speed`, '≥ 0.9×']);
  rows.push(['strip drawing, a month of 16 lanes', 'not measured here', 'the UI\'s (renderer) row', '—', 'p95 ≤ 1.2× bare page']);
  rows.push(['review of a 4-camera hour with "Skip quiet"', 'not measured here', 'the UI\'s (renderer) row', '—', '≤ 6 min']);
  printTable('activity (issue 31)', ['figure', 'measured', 'floor', 'ratio', 'goal'], rows);
}
