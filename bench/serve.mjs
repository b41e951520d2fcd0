// `npm run bench -- serve`: the media handler through the node:http adapter on loopback, against
// a bare fs.createReadStream(…4 MiB…).pipe(res) server in the same run; curl is the client.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDir, fmtMs, median, printTable, load } from './lib.mjs';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** @param {string[]} args */
function curl(args) {
  return new Promise((resolve, reject) => {
    const c = spawn('curl', ['-s', '-o', '/dev/null', ...args]);
    let o = '';
    c.stdout.on('data', (d) => { o += d; });
    c.on('error', reject);
    c.on('close', () => resolve(o.trim()));
  });
}

/** A bare range-capable server: the floor. @param {string} file */
function bareServer(file) {
  const size = fs.statSync(file).size;
  return http.createServer((req, res) => {
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] ? Number(m[2]) : size - 1;
    res.writeHead(m ? 206 : 200, { 'Content-Length': String(end - start + 1), ...(m ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) });
    fs.createReadStream(file, { start, end, highWaterMark: 4 * MiB }).pipe(res);
  });
}

/** @param {http.Server} s */
const listen = (s) => new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (s.address()).port}`)));

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'service/core.js': ['createCore'],
  'serve/node-adapter.js': ['toNodeListener'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const { createCore, toNodeListener } = await modules();
  const dir = benchDir('serve');
  const lib = path.join(dir, 'lib');
  const file = path.join(lib, 'cam', 'big.mp4');
  if (!fs.existsSync(file) || fs.statSync(file).size !== GiB) {
    process.stderr.write('bench: writing a 1 GiB file (once)…\n');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'w');
    const block = Buffer.alloc(16 * MiB);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
    for (let i = 0; i < GiB / block.length; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
  }
  const data = path.join(dir, 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const core = await createCore({ dataDir: data, local: false });
  await core.library.scan([lib]);
  const id = core.library.query({}).items[0].id;
  const ours = http.createServer(toNodeListener(core.handler));
  const bare = bareServer(file);
  const oursUrl = `${await listen(ours)}/media/file/${id}`;
  const bareUrl = `${await listen(bare)}/big.mp4`;
  await curl([bareUrl]); // page cache warm

  const rows = [];
  // 1. Full GET of 1 GiB, alternating, 3 rounds.
  const speed = async (/** @type {string} */ url) => Number(await curl(['-w', '%{speed_download}', url])) / GiB;
  const so = [], sb = [];
  for (let i = 0; i < 3; i++) { sb.push(await speed(bareUrl)); so.push(await speed(oursUrl)); }
  rows.push(['full GET of 1 GiB', `${median(so).toFixed(2)} GiB/s`, `bare pipe server: ${median(sb).toFixed(2)} GiB/s`, `${(median(so) / median(sb)).toFixed(2)}×`, '≥ 0.9×']);

  // 2. Range: bytes=0- → time to first byte, and RSS growth while it streams.
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  const sampler = setInterval(() => { rssMax = Math.max(rssMax, process.memoryUsage().rss); }, 20);
  const ttfb = [];
  for (let i = 0; i < 3; i++) ttfb.push(Number(await curl(['-H', 'Range: bytes=0-', '-w', '%{time_starttransfer}', oursUrl])) * 1000);
  clearInterval(sampler);
  const ttfbBare = [];
  for (let i = 0; i < 3; i++) ttfbBare.push(Number(await curl(['-H', 'Range: bytes=0-', '-w', '%{time_starttransfer}', bareUrl])) * 1000);
  rows.push(['Range: bytes=0- of 1 GiB, time to first byte', fmtMs(median(ttfb)), `bare: ${fmtMs(median(ttfbBare))}`, '', '≤ 5 ms']);
  rows.push(['  … server RSS growth while streaming', `${((rssMax - rss0) / MiB).toFixed(0)} MiB`, '', '', '≤ 64 MiB']);

  // 3. 64 concurrent 8 MiB ranges, aggregate throughput.
  const concurrent = async (/** @type {string} */ url) => {
    const t = performance.now();
    await Promise.all(Array.from({ length: 64 }, (_, i) => {
      const start = i * 16 * MiB;
      return curl(['-H', `Range: bytes=${start}-${start + 8 * MiB - 1}`, url]);
    }));
    return (64 * 8 * MiB) / GiB / ((performance.now() - t) / 1000);
  };
  const co = [], cb = [];
  for (let i = 0; i < 3; i++) { cb.push(await concurrent(bareUrl)); co.push(await concurrent(oursUrl)); }
  rows.push(['64 concurrent 8 MiB ranges, aggregate', `${median(co).toFixed(2)} GiB/s`, `bare: ${median(cb).toFixed(2)} GiB/s`, `${(median(co) / median(cb)).toFixed(2)}×`, '≥ 0.9×']);

  ours.closeAllConnections(); ours.close(); bare.closeAllConnections(); bare.close();
  await core.close();
  printTable('Serve (loopback, curl client, page cache warm)', ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
