// `npm run bench -- scan`: the index's figures on 100,000 tiny files in 1,000 folders, each
// beside its floor measured in the same run (find for the walk, node -e 0 for start-up).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, built, CLI, fmtMs, load, median, percentile, printTable, timeCommand } from './lib.mjs';

const CAMERAS = 10;
const DAYS = 100;
const PER_DAY = 100;

/** 10 cameras × 100 day folders × 100 files, names carrying a timestamp. Kept between runs. */
function makeTree() {
  const dir = path.join(benchDir('scan'), 'tree-100k');
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write('bench: making 100,000 files (once)…\n');
  for (let c = 0; c < CAMERAS; c++) {
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      const folder = path.join(dir, `cam-${c}`, day);
      fs.mkdirSync(folder, { recursive: true });
      for (let f = 0; f < PER_DAY; f++) {
        const hh = String(Math.floor(f / 5)).padStart(2, '0');
        const mm = String((f % 5) * 12).padStart(2, '0');
        fs.writeFileSync(path.join(folder, `rec_${day.replaceAll('-', '')}_${hh}${mm}00.mp4`), 'x');
      }
    }
  }
  fs.writeFileSync(marker, '');
  return dir;
}

/** Runs in a child: open the saved index, then time queries. Prints JSON. */
const QUERY_SCRIPT = `
const { Library } = await import(process.argv[1]);
const t0 = performance.now();
const lib = await Library.open(process.argv[2]);
const first = lib.query({ limit: 60 });
const warmMs = performance.now() - t0;
const day = 86400000, start = Date.UTC(2026, 0, 1);
const cams = first.facets.cameras;
const times = [];
for (let i = 0; i < 300; i++) {
  const cam = cams[i % cams.length];
  const from = start + (i % 90) * day;
  const t = performance.now();
  const r = lib.query({ cameras: [{ root: cam.root, name: cam.name }], from, to: from + 7 * day, limit: 60 });
  times.push(performance.now() - t);
  if (r.items.length !== 60) throw new Error('unexpected page size ' + r.items.length);
}
process.stdout.write(JSON.stringify({ warmMs, times, entries: lib.index.size, maxRss: process.resourceUsage().maxRSS }));
`;

/** What it runs of the build: the CLI, and the library a child process opens. */
export const modules = () => load({ 'library/library.js': ['Library'] }, [CLI]);

/** @param {string[]} [_args] */
export async function run(_args) {
  await modules();
  const tree = makeTree();
  const data = path.join(benchDir('scan'), 'data');
  const fresh = () => fs.rmSync(data, { recursive: true, force: true });
  const runs = 5;

  // Page cache warm for everyone.
  spawnSync('find', [tree, '-type', 'f'], { stdio: 'ignore' });
  const nodeStart = timeCommand(process.execPath, ['-e', '0'], { runs });
  const find = timeCommand('find', [tree, '-type', 'f', '-printf', '%T@ %s %p\\n'], { runs });
  const cold = timeCommand(process.execPath, [CLI, 'scan', '--library', tree, '--data-dir', data, '--json'], { runs, before: fresh });
  const rescan = timeCommand(process.execPath, [CLI, 'scan', '--library', tree, '--data-dir', data, '--json'], { runs });

  // Peak RSS of a cold scan, read by the scan process itself as it exits.
  fresh();
  const rssRun = spawnSync(process.execPath, ['--input-type=module', '-e', `
    process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'scan', '--library', ${JSON.stringify(tree)}, '--data-dir', ${JSON.stringify(data)}, '--json'];
    await import(${JSON.stringify(CLI)});`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const rssKiB = Number(/MAXRSS (\d+)/.exec(rssRun.stderr)?.[1] ?? NaN);

  const warmRuns = [];
  const queryTimes = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', QUERY_SCRIPT, built('library/library.js'), data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const out = JSON.parse(r.stdout);
    warmRuns.push(out.warmMs);
    queryTimes.push(...out.times);
  }

  const work = cold.median - nodeStart.median;
  printTable(`Scan: 100,000 files in 1,000 folders (median of ${runs}; page cache warm)`, ['figure', 'measured', 'floor / reference', 'ratio', 'target'], [
    ['cold scan work (process − node -e 0)', fmtMs(work), `find -printf: ${fmtMs(find.median)}`, `${(work / find.median).toFixed(2)}×`, '≤ 1.3× find'],
    ['  whole cold scan process', fmtMs(cold.median), `node -e 0: ${fmtMs(nodeStart.median)}`, '', ''],
    ['rescan, nothing changed (process)', fmtMs(rescan.median), '', `${((rescan.median - nodeStart.median) / find.median).toFixed(2)}× find`, ''],
    ['warm start: open snapshot+journal → first page', fmtMs(median(warmRuns)), '', '', '≤ 300 ms'],
    ['query: camera + 7-day range, limit 60, facets', `${fmtMs(median(queryTimes))} (p95 ${fmtMs(percentile(queryTimes, 95))})`, '', '', 'median ≤ 5 ms'],
    ['peak RSS of a cold scan', `${(rssKiB / 1024).toFixed(0)} MiB`, '', '', '≤ 250 MiB'],
  ]);
}
