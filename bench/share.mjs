// `npm run bench -- share`: the LAN share's legacy listing on 100,000 indexed files, and a mixed
// load of range clients and transcode clients (transcode limit 2).
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, percentile, printTable, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';

const TOKEN = 'bench-token-0123456789abcdef';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'service/core.js': ['createCore'],
  'share/server.js': ['startShare'],
  'media/ffmpeg.js': ['runningProcesses'],
});

/** @param {string[]} args */
export async function run(args) {
  const seconds = Number(args[0] ?? 60);
  const { createCore, startShare, runningProcesses } = await modules();
  const rows = [];

  // 1. Listing on 100,000 files (the scan bench's tree; dummy files, so probes fail fast and
  //    are remembered: the first request of a page pays for them).
  const tree = path.join(benchDir('scan'), 'tree-100k');
  if (!fs.existsSync(path.join(tree, '.complete'))) throw new Error('run `npm run bench -- scan` first: it makes the 100,000-file tree');
  const data = path.join(benchDir('share'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const core = await createCore({ dataDir: data, local: false });
  await core.library.scan([tree]);
  const share = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${share.port}`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const timed = async (/** @type {string} */ p) => {
    const t = performance.now();
    const r = await fetch(base + p, { headers });
    await r.arrayBuffer();
    return performance.now() - t;
  };
  const cold = await timed('/videos/?limit=24');
  const one = [];
  for (let i = 0; i < 50; i++) one.push(await timed('/videos/?limit=24'));
  const four = [];
  for (let i = 0; i < 20; i++) four.push(...await Promise.all([0, 1, 2, 3].map(() => timed('/videos/?limit=24'))));
  const cam = [];
  for (let i = 0; i < 20; i++) cam.push(await timed('/videos/?limit=24&camera_name=cam-3&start_date=2026-02-01&end_date=2026-02-10'));
  rows.push(['/videos/?limit=24 on 100,000 files', `${fmtMs(median(one))} (p95 ${fmtMs(percentile(one, 95))})`, 'old service: 1.72 s', '', 'median ≤ 10 ms']);
  rows.push(['  … first request of the page (probes 24)', fmtMs(cold), '', '', '']);
  rows.push(['  … 4 concurrent, each', `${fmtMs(median(four))} (p95 ${fmtMs(percentile(four, 95))})`, 'old service: 7.9 s', '', '≤ 20 ms']);
  rows.push(['  … with camera + date filters', fmtMs(median(cam)), '', '', '']);
  await share.close();
  await core.close();

  // 2. Mixed load: 64 range clients and 8 transcode clients for `seconds`.
  const media = longMedia();
  const lib = path.join(benchDir('share'), 'media-lib');
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    fs.mkdirSync(path.join(lib, 'cam'), { recursive: true });
    fs.linkSync(media.h264Mp4, path.join(lib, 'cam', 'direct.mp4'));
    fs.linkSync(media.mpeg4Avi, path.join(lib, 'cam', 'legacy.avi'));
    fs.writeFileSync(path.join(lib, '.complete'), '');
  }
  const data2 = path.join(benchDir('share'), 'data2');
  fs.rmSync(data2, { recursive: true, force: true });
  const core2 = await createCore({ dataDir: data2, local: false, limits: { maxTranscodes: 2, queueMax: 2, queueWaitMs: 2000 } });
  await core2.library.scan([lib]);
  const s2 = await startShare(core2, { token: TOKEN, host: '127.0.0.1', port: 0 });
  const base2 = `http://127.0.0.1:${s2.port}`;
  const byName = (/** @type {string} */ n) => core2.library.query({}).items.find((/** @type {any} */ e) => e.filename === n).id;
  const direct = byName('direct.mp4');
  const legacy = byName('legacy.avi');
  const whole = fs.readFileSync(media.h264Mp4);
  await core2.probes.probe(legacy);
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  const sampler = setInterval(() => { rssMax = Math.max(rssMax, process.memoryUsage().rss); }, 100);
  const end = Date.now() + seconds * 1000;
  const stats = { ranges: 0, rangeMismatch: 0, transcodeOk: 0, busy: 0, other: 0 };
  const rangeClient = async () => {
    while (Date.now() < end) {
      const start = Math.floor(Math.random() * (whole.length - 1024 * 1024));
      const len = 1 + Math.floor(Math.random() * 1024 * 1024);
      const r = await fetch(`${base2}/media/file/${direct}`, { headers: { ...headers, Range: `bytes=${start}-${start + len - 1}` } });
      const got = Buffer.from(await r.arrayBuffer());
      stats.ranges++;
      if (r.status !== 206 || !got.equals(whole.subarray(start, start + len))) stats.rangeMismatch++;
    }
  };
  const transcodeClient = async (/** @type {number} */ i) => {
    while (Date.now() < end) {
      const ac = new AbortController();
      const r = await fetch(`${base2}/media/transcode/${legacy}?start=${Math.floor(Math.random() * 50)}&viewer=t${i}`, { headers, signal: ac.signal }).catch(() => null);
      if (!r) continue;
      if (r.status === 200) {
        const reader = /** @type {ReadableStream<Uint8Array>} */ (r.body).getReader();
        const first = await reader.read();
        if (!first.done && first.value.length > 0) stats.transcodeOk++;
        await new Promise((res) => setTimeout(res, 1000 + Math.random() * 2000));
        ac.abort();
      } else if (r.status === 503 && r.headers.get('retry-after')) {
        stats.busy++;
        await r.arrayBuffer();
        await new Promise((res) => setTimeout(res, 500));
      } else {
        stats.other++;
        await r.arrayBuffer();
      }
    }
  };
  await Promise.all([...Array.from({ length: 64 }, rangeClient), ...Array.from({ length: 8 }, (_, i) => transcodeClient(i))]);
  clearInterval(sampler);
  await s2.close();
  await core2.close();
  await new Promise((r) => setTimeout(r, 500));
  rows.push([`${seconds} s: 64 range clients + 8 transcode clients`, `${stats.ranges} ranges, ${stats.rangeMismatch} not byte-exact`, '', '', '0 not exact']);
  rows.push(['  … transcode answers', `${stats.transcodeOk} 200 with video, ${stats.busy} 503 + Retry-After, ${stats.other} other`, '', '', 'only 200 or 503']);
  rows.push(['  … RSS growth', `${((rssMax - rss0) / 1024 ** 2).toFixed(0)} MiB`, '', '', '≤ 150 MiB']);
  rows.push(['  … ffmpeg left after', String(runningProcesses().size), '', '', '0']);
  printTable('LAN share', ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
