// `npm run bench -- clips`: exports beside bare ffmpeg in the same run. (1) A fast export of
// 10 min of 1080p H.264 against `ffmpeg -ss -to -c copy` on the same interval; (2) an exact export
// of 60 s of 1080p MPEG-4 Part 2 against ffmpeg with the very same encoding arguments; (3) the
// first byte of a LAN clip download against the first byte of that ffmpeg on a pipe.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, TOKEN } from './app.mjs';
import { benchDir, fmtMs, median, printTable, timeSpawn, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';

const stamp = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-').replace('T', '_');

/** Time to the first byte on stdout of `cmd args`, then stop it. @param {string} cmd @param {string[]} args */
function firstByte(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    c.stdout.once('data', () => { resolve(performance.now() - t); c.kill('SIGKILL'); });
    c.on('error', reject);
  });
}

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'media/clip-export.js': ['ClipExporter'],
  'media/clip-args.js': ['clipArgs'],
  'media/binaries.js': ['binaries'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const { ClipExporter, clipArgs, binaries } = await modules();
  const bin = await binaries();
  const media = longMedia();
  const rows = [];

  // A library: 10 minutes of 1080p H.264 (the 60 s file ten times, copied) and the MPEG-4 file.
  const lib = path.join(benchDir('clips'), 'lib');
  const ten = path.join(lib, 'door', `${stamp(Date.UTC(2026, 10, 20, 14))}.mp4`);
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    fs.rmSync(lib, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(ten), { recursive: true });
    fs.mkdirSync(path.join(lib, 'yard'), { recursive: true });
    process.stderr.write('bench: making 10 min of 1080p H.264 (once)…\n');
    const r = spawnSync(bin.ffmpeg, ['-v', 'error', '-stream_loop', '9', '-i', media.h264Mp4, '-c', 'copy', '-movflags', '+faststart', ten]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    fs.linkSync(media.mpeg4Avi, path.join(lib, 'yard', `${stamp(Date.UTC(2026, 10, 20, 14))}.avi`));
    fs.writeFileSync(path.join(lib, '.complete'), '');
  }
  const legacy = path.join(lib, 'yard', fs.readdirSync(path.join(lib, 'yard'))[0] ?? '');
  const data = path.join(benchDir('clips'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const app = await startApp(lib, { dataDir: data });
  const out = path.join(benchDir('clips'), 'out');
  const exporter = new ClipExporter({
    library: app.core.library, probes: app.core.probes, workDir: path.join(data, 'exports'),
    folder: async () => ({ folder: out }), namesInSideBySide: async () => true, fontFile: '',
  });
  const idOf = (/** @type {string} */ f) => app.core.library.query({ limit: 10 }).items
    .find((/** @type {{ filename: string }} */ e) => e.filename === path.basename(f)).id;
  /** @param {object} req */
  const timedExport = async (req) => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const t = performance.now();
    const job = await exporter.exportClip(req);
    await new Promise((resolve) => {
      const on = (/** @type {any} */ info) => { const j = info.jobs.find((/** @type {any} */ x) => x.id === job.id); if (j && (j.state === 'done' || j.state === 'failed')) { exporter.off('changed', on); resolve(j); } };
      exporter.on('changed', on);
    });
    return performance.now() - t;
  };
  const tenId = idOf(ten), legacyId = idOf(legacy);
  await app.core.probes.probe(tenId);
  await app.core.probes.probe(legacyId);

  // 1. Fast, 10 min.
  const fast = [], fastFloor = [];
  for (let i = 0; i < 3; i++) {
    fastFloor.push(await timeSpawn(bin.ffmpeg, ['-v', 'error', '-y', '-ss', '0', '-to', '600', '-i', ten, '-c', 'copy', path.join(benchDir('clips'), 'bare.mp4')]));
    fast.push(await timedExport({ id: tenId, from: 0, to: 600, exact: false }));
  }
  rows.push(['fast export, 10 min of 1080p H.264', fmtMs(median(fast)), `ffmpeg -ss -to -c copy: ${fmtMs(median(fastFloor))}`, `${(median(fastFloor) / median(fast)).toFixed(2)}× the floor's speed`, '≥ 0.8×']);

  // 2. Exact, 60 s of MPEG-4 Part 2.
  const probe = await app.core.probes.media(legacyId);
  const bareExact = clipArgs({ parts: [{ url: `file:${legacy}`, probe, from: 0, to: 60 }], exact: true, container: 'mp4', out: path.join(benchDir('clips'), 'bare-exact.mp4') });
  const exact = [], exactFloor = [];
  for (let i = 0; i < 2; i++) {
    exactFloor.push(await timeSpawn(bin.ffmpeg, bareExact));
    exact.push(await timedExport({ id: legacyId, from: 0, to: 60, exact: true }));
  }
  rows.push(['exact export, 60 s of 1080p MPEG-4 Part 2 → H.264', fmtMs(median(exact)), `ffmpeg, same arguments: ${fmtMs(median(exactFloor))}`, `${(median(exactFloor) / median(exact)).toFixed(2)}× the floor's speed`, '≥ 0.9×']);

  // 3. First byte of a LAN download (exact, 30 s from 10 s in), against that ffmpeg on a pipe.
  const pipeArgs = clipArgs({ parts: [{ url: `file:${legacy}`, probe, from: 10, to: 40 }], exact: true, container: 'mp4', out: 'pipe:1' });
  const lan = [], lanFloor = [];
  for (let i = 0; i < 5; i++) {
    lanFloor.push(await firstByte(bin.ffmpeg, pipeArgs));
    const ac = new AbortController();
    const t = performance.now();
    const res = await fetch(`${app.base}/media/clip/${legacyId}?from=10&to=40&exact=1`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: ac.signal });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (res.body).getReader();
    await reader.read();
    lan.push(performance.now() - t);
    ac.abort();
    await new Promise((r) => setTimeout(r, 300));
  }
  rows.push(['LAN clip download, first byte (exact, 1080p MPEG-4 Part 2)', fmtMs(median(lan)), `the same ffmpeg on a pipe: ${fmtMs(median(lanFloor))}`, `${(median(lan) / median(lanFloor)).toFixed(2)}×`, '≤ 1.3×']);

  await exporter.stop();
  await app.close();
  printTable('Clips', ['measure', 'reelvault', 'floor', 'ratio', 'goal'], rows);
}
