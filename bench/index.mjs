// `npm run bench -- index`: the library index in SQLite at scale (issue 29), each figure beside its
// floor measured in the same run. Makes once, and keeps between runs: 1,000,000 tiny files (100
// cameras × 100 days × 100, names carrying a time), a 100,000-file tree, and a synthetic
// 10,000,000-row database at the same density over 1,000 days. `--no-10m` skips the last.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDir, built, CLI, fmtMs, load, median, printTable, timeCommand } from './lib.mjs';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const TOKEN = 'bench-index-token-0123456789abcdef';

/** @param {number} d */
const dayName = (d) => new Date(START + d * DAY).toISOString().slice(0, 10);
/** @param {number} f */
const hhmm = (f) => `${String(Math.floor((f * 864) / 3600)).padStart(2, '0')}${String(Math.floor(((f * 864) % 3600) / 60)).padStart(2, '0')}`;

/**
 * cams × days × perDay files, names carrying a time (as make-scale-tree makes them).
 * @param {string} dir @param {number} cams @param {number} days @param {number} perDay
 */
function makeTree(dir, cams, days, perDay) {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: making ${(cams * days * perDay).toLocaleString('en')} files (once)…\n`);
  for (let c = 0; c < cams; c++) {
    for (let d = 0; d < days; d++) {
      const folder = path.join(dir, `cam-${c}`, dayName(d));
      fs.mkdirSync(folder, { recursive: true });
      for (let f = 0; f < perDay; f++) fs.writeFileSync(path.join(folder, `rec_${dayName(d).replaceAll('-', '')}_${hhmm(f)}00.mp4`), 'x');
    }
  }
  fs.writeFileSync(marker, '');
  return dir;
}

/** A synthetic database of cams × days × perDay probed ten-minute recordings. @param {string} dataDir */
async function make10M(dataDir, cams = 100, days = 1000, perDay = 100) {
  const marker = path.join(dataDir, '.complete');
  if (fs.existsSync(marker)) return;
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.stderr.write(`bench: writing a ${(cams * days * perDay).toLocaleString('en')}-row database (once)…\n`);
  const { Library } = await import(built('library/library.js'));
  const lib = await Library.open(dataDir);
  const root = '/bench/synthetic';
  const media = { durationSec: 600, videoCodec: 'h264', width: 1920, height: 1080, audioCodecs: [] };
  for (let d = 0; d < days; d++) {
    const batch = [];
    for (let c = 0; c < cams; c++) {
      for (let f = 0; f < perDay; f++) {
        const t = START + d * DAY + f * 864_000;
        const filename = `rec_${dayName(d).replaceAll('-', '')}_${hhmm(f)}00.mp4`;
        batch.push({
          id: `s${c}_${d}_${f}`, root, relPath: `cam-${c}/${dayName(d)}/${filename}`, camera: `cam-${c}`, filename, size: 1, mtimeMs: t + 600_000,
          recordedAt: t, startedAt: t, recordedAtFrom: 'name', status: 'ok', probe: 'probed', media,
        });
      }
    }
    lib.index.write(batch, []);
    if (d % 100 === 99) process.stderr.write(`bench:   ${((d + 1) * cams * perDay).toLocaleString('en')} rows\n`);
  }
  const t = performance.now();
  lib.index.text.finish();
  process.stderr.write(`bench:   text index over 10M paths built in ${fmtMs(performance.now() - t)}\n`);
  await lib.close();
  fs.writeFileSync(marker, '');
}

/** The library-level figures (no HTTP): camera + week with facets, text searches, a month's timeline. @param {string} dataDir */
async function libraryFigures(dataDir, runs = 30) {
  const { Library } = await import(built('library/library.js'));
  const { timelineOf } = await import(built('api/timeline.js'));
  const lib = await Library.open(dataDir);
  lib.index.text.finish();
  const cams = lib.query({ limit: 1 }).facets.cameras;
  /** @param {() => unknown} fn */
  const time = (fn) => {
    const xs = [];
    for (let i = 0; i < runs; i++) { const t = performance.now(); fn(); xs.push(performance.now() - t); }
    return median(xs);
  };
  let i = 0;
  const week = time(() => {
    const cam = cams[i++ % cams.length];
    const from = START + (i % 90) * DAY + 3_600_000;
    lib.query({ cameras: [{ root: cam.root, name: cam.name }], from, to: from + 7 * DAY, limit: 60 });
  });
  const few = time(() => lib.query({ text: `cam-${i++ % 100}/${dayName(15)}`, limit: 60 }));
  const many = time(() => lib.query({ text: `cam-${i++ % 100}/`, limit: 60 }));
  const rootId = lib.rootId(cams[0].root);
  const from = START + 30 * DAY;
  const month = time(() => timelineOf(lib, (/** @type {string} */ r) => r, undefined, { from, to: from + 30 * DAY, minSpanMs: (30 * DAY) / 750 }));
  // The floor of the text rows: the same FTS query alone.
  const fts = lib.index.db.prepare('SELECT rid FROM fts JOIN entries ON entries.rid = fts.rowid WHERE fts MATCH ? ORDER BY rec DESC LIMIT 60');
  const ftsFew = time(() => fts.all(`"cam-${i++ % 100}/${dayName(15)}"`));
  const ftsMany = time(() => fts.all(`"cam-${i++ % 100}/"`));
  const counts = {
    few: lib.query({ text: `cam-7/${dayName(15)}`, limit: 1 }).total, many: lib.query({ text: 'cam-7/', limit: 1 }).total,
    lanes: timelineOf(lib, (/** @type {string} */ r) => r, undefined, { from, to: from + 30 * DAY, minSpanMs: (30 * DAY) / 750 }).lanes.length,
  };
  void rootId;
  await lib.close();
  return { week, few, many, month, ftsFew, ftsMany, counts };
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve) => { const s = http.createServer(); s.listen(0, '127.0.0.1', () => { const p = /** @type {import('node:net').AddressInfo} */ (s.address()).port; s.close(() => resolve(p)); }); });
}

/** @param {string} url @param {unknown} [body] @returns {Promise<any>} */
async function post(url, body) {
  const ask = () => fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? []) });
  // A kept-alive connection the share closed as idle (5 s) while this request was on its way is
  // reset: asked again once on a new one, as a browser does (these queries change nothing).
  const r = await ask().catch((err) => { if (err?.cause?.code === 'ECONNRESET') return ask(); throw err; });
  return r.json();
}

/** `reelvault serve` on the 1M index: spawn → first page over HTTP, RSS, then queries over HTTP. @param {string} tree @param {string} data */
async function serveFigures(tree, data) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--library', tree, '--data-dir', data, '--host', '127.0.0.1', '--port', String(port), '--token', TOKEN, '--rescan', '0'], { stdio: 'ignore' });
  let page = null;
  while (!page) {
    try { page = await post(`${base}/api/query`, [{ limit: 60, facets: false }]); } catch { await new Promise((r) => setTimeout(r, 5)); }
  }
  const firstPage = performance.now() - t0;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  const facets = (await post(`${base}/api/query`, [{ limit: 1 }])).value.facets.cameras;
  const times = [];
  for (let i = 0; i < 40; i++) {
    const cam = facets[i % facets.length];
    const from = START + (i % 90) * DAY + 3_600_000;
    const t = performance.now();
    await post(`${base}/api/query`, [{ cameras: [{ root: cam.root, name: cam.name }], from, to: from + 7 * DAY, limit: 60 }]);
    if (i >= 5) times.push(performance.now() - t);
  }
  const text = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); await post(`${base}/api/query`, [{ text: `cam-${i}/${dayName(15)}`, limit: 60 }]); text.push(performance.now() - t); }
  const from = START + 30 * DAY;
  const tl = [];
  for (let i = 0; i < 10; i++) { const t = performance.now(); await post(`${base}/api/timeline`, [{ from, to: from + 30 * DAY, minSpanMs: (30 * DAY) / 750 }]); tl.push(performance.now() - t); }
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { firstPage, rss, week: median(times), text: median(text), timeline: median(tl) };
}

/** The floors of the HTTP rows: node -e 0, and a bare HTTP server's answer. */
async function httpFloors() {
  const node = timeCommand(process.execPath, ['-e', '0'], { runs: 5 }).median;
  const port = await freePort();
  const script = `require('http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"ok":true}')); }).listen(${port}, '127.0.0.1')`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  for (;;) {
    try { await post(`http://127.0.0.1:${port}/`); break; } catch { await new Promise((r) => setTimeout(r, 5)); }
  }
  const spawnBare = performance.now() - t0;
  const rt = [];
  for (let i = 0; i < 30; i++) { const t = performance.now(); await post(`http://127.0.0.1:${port}/`); rt.push(performance.now() - t); }
  child.kill();
  return { node, spawnBare, roundTrip: median(rt) };
}

/** What this bench needs from the build (e2e/benches.spec.ts imports it, so a moved file fails the suite). */
export const modules = () => load({ 'library/library.js': ['Library'], 'api/timeline.js': ['timelineOf'] }, [CLI]);

/** @param {string[]} args */
export async function run(args = []) {
  await modules();
  const dir = benchDir('index');
  const tree = makeTree(path.join(dir, 'tree-1m'), 100, 100, 100);
  const data = path.join(dir, 'data-1m');

  spawnSync('find', [tree, '-type', 'f'], { stdio: 'ignore' });
  const find = timeCommand('find', [tree, '-type', 'f', '-printf', '%T@ %s %p\\n'], { runs: 3 }).median;
  const nodeStart = timeCommand(process.execPath, ['-e', '0'], { runs: 5 }).median;
  const cold = timeCommand(process.execPath, [CLI, 'scan', '--library', tree, '--data-dir', data, '--json'], { runs: 1, before: () => fs.rmSync(data, { recursive: true, force: true }) }).median;
  // The text index, built after the scan in the background, timed on its own.
  const { Library } = await import(built('library/library.js'));
  const lib = await Library.open(data);
  const tText = performance.now();
  lib.index.text.finish();
  const textBuild = performance.now() - tText;
  await lib.close();

  const floors = await httpFloors();
  const served = await serveFigures(tree, data);
  const one = await libraryFigures(data);

  // Warm start and query on 100,000 (the scan bench's tree shape).
  const tree100 = makeTree(path.join(dir, 'tree-100k'), 10, 100, 100);
  const data100 = path.join(dir, 'data-100k');
  fs.rmSync(data100, { recursive: true, force: true });
  spawnSync(process.execPath, [CLI, 'scan', '--library', tree100, '--data-dir', data100, '--json'], { stdio: 'ignore' });
  const warm = spawnSync(process.execPath, ['--input-type=module', '-e', `
    const { Library } = await import(${JSON.stringify(built('library/library.js'))});
    const t0 = performance.now();
    const lib = await Library.open(${JSON.stringify(data100)});
    const first = lib.query({ limit: 60 });
    const warmMs = performance.now() - t0;
    const cams = first.facets.cameras, times = [];
    for (let i = 0; i < 300; i++) {
      const cam = cams[i % cams.length], from = ${START} + (i % 90) * ${DAY};
      const t = performance.now();
      lib.query({ cameras: [{ root: cam.root, name: cam.name }], from, to: from + 7 * ${DAY}, limit: 60 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(JSON.stringify({ warmMs, query: times[150] }));`], { encoding: 'utf8' });
  const w = JSON.parse(warm.stdout || '{}');

  let ten = null;
  if (!args.includes('--no-10m')) {
    const data10 = path.join(dir, 'data-10m');
    await make10M(data10);
    ten = await libraryFigures(data10);
  }

  const ratio = (/** @type {number} */ a, /** @type {number} */ b) => `${(a / b).toFixed(2)}×`;
  printTable('Index in SQLite (issue 29): 1,000,000 files, 100 cameras × 100 days', ['figure', 'measured', 'floor / reference', 'goal'], [
    ['serve on 1M: spawn → first page over HTTP', fmtMs(served.firstPage), `node -e 0 + bare HTTP answer: ${fmtMs(floors.spawnBare)}`, '≤ 600 ms'],
    ['RSS after the first page, 1M', `${served.rss.toFixed(0)} MiB`, '', '≤ 150 MiB'],
    ['camera + week with facets, 1M, over HTTP', fmtMs(served.week), `library alone ${fmtMs(one.week)}; bare HTTP ${fmtMs(floors.roundTrip)}`, 'median ≤ 10 ms'],
    [`text, ~${one.counts.few} rows, first page (library / HTTP)`, `${fmtMs(one.few)} / ${fmtMs(served.text)}`, `FTS alone ${fmtMs(one.ftsFew)}`, 'median ≤ 10 ms'],
    [`text, ~${one.counts.many} rows, first page`, fmtMs(one.many), `FTS alone ${fmtMs(one.ftsMany)}`, 'median ≤ 50 ms'],
    [`timeline, one month, ${one.counts.lanes} lanes (library / HTTP)`, `${fmtMs(one.month)} / ${fmtMs(served.timeline)}`, '', '≤ 30 ms'],
    ...(ten ? [
      ['10M: camera + week with facets', fmtMs(ten.week), `1M: ${fmtMs(one.week)} (${ratio(ten.week, one.week)})`, '≤ 3× 1M'],
      [`10M: text, ~${ten.counts.few} rows`, fmtMs(ten.few), `1M: ${fmtMs(one.few)} (${ratio(ten.few, one.few)}); FTS alone ${fmtMs(ten.ftsFew)}`, '≤ 3× 1M'],
      ['10M: timeline, one month', fmtMs(ten.month), `1M: ${fmtMs(one.month)} (${ratio(ten.month, one.month)})`, '≤ 3× 1M'],
    ] : [['10M rows', 'skipped (--no-10m)', '', '']]),
    ['cold scan of 1M, text index excluded (process − node -e 0)', fmtMs(cold - nodeStart), `find -printf: ${fmtMs(find)} (${ratio(cold - nodeStart, find)})`, '≤ 2.5× find'],
    ['  building the text index after it (background)', fmtMs(textBuild), '', ''],
    ['warm start → first page, 100,000', fmtMs(w.warmMs ?? NaN), 'before: 817 ms', '< 200 ms'],
    ['camera + week query, 100,000', fmtMs(w.query ?? NaN), 'before: 7.4 ms', '< 5 ms'],
    ['mirroring 1M from 10 remotes', 'not measured here', '`npm run bench -- remotes` mirrors at its own scale', '≤ 1.5× fetch floor'],
  ]);
}
