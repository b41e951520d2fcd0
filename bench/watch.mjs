// `npm run bench -- watch [idleSeconds]`: the watcher in a child process (so its CPU time is its
// own), fed by this process writing files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { benchDir, built, fmtMs, load, printTable } from './lib.mjs';

const CHILD = `
const [lib, watch, dataDir, root, stability] = process.argv.slice(1);
const { Library } = await import(lib);
const { LibraryWatcher } = await import(watch);
const l = await Library.open(dataDir);
await l.scan([root]);
const w = new LibraryWatcher(l, { batchMs: 250 });
const t0 = performance.now();
await w.addRoot(root, { stabilityMs: Number(stability) });
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
l.on('changed', (ids) => say({ ev: 'changed', at: Date.now(), n: ids.length, ok: l.query({ status: ['ok'], limit: 0 }).total, total: l.index.size }));
say({ ev: 'ready', readyMs: performance.now() - t0, entries: l.index.size, cpu: process.cpuUsage() });
process.stdin.on('data', (d) => { if (String(d).trim() === 'cpu') say({ ev: 'cpu', cpu: process.cpuUsage(), rss: process.memoryUsage().rss }); });
`;

/** @param {string} root @param {number} stability */
function startChild(root, stability) {
  const data = path.join(benchDir('watch'), `data-${path.basename(root)}`);
  fs.rmSync(data, { recursive: true, force: true });
  const c = spawn(process.execPath, ['--input-type=module', '-e', CHILD,
    built('library/library.js'), built('library/watcher.js'), data, root, String(stability)], { stdio: ['pipe', 'pipe', 'inherit'] });
  /** @type {Array<(m: any) => boolean>} */
  const waiters = [];
  /** @type {any[]} */
  const events = [];
  readline.createInterface({ input: c.stdout }).on('line', (line) => {
    const m = JSON.parse(line);
    events.push(m);
    for (let i = waiters.length - 1; i >= 0; i--) if (/** @type {any} */ (waiters[i])(m)) waiters.splice(i, 1);
  });
  const wait = (/** @type {(m: any) => boolean} */ pred) => new Promise((resolve) => {
    const hit = events.find(pred);
    if (hit) return resolve(hit);
    waiters.push((m) => { if (pred(m)) { resolve(m); return true; } return false; });
  });
  let rss = 0;
  const cpu = async () => { const before = events.length; c.stdin.write('cpu\n'); const m = /** @type {any} */ (await wait((x) => x.ev === 'cpu' && events.indexOf(x) >= before)); rss = m.rss; return (m.cpu.user + m.cpu.system) / 1000; };
  return { c, events, wait, cpu, kill: () => c.kill(), rss: () => rss };
}

/** What a child process of it opens of the build. */
export const modules = () => load({ 'library/library.js': ['Library'], 'library/watcher.js': ['LibraryWatcher'] });

/** @param {string[]} args */
export async function run(args) {
  await modules();
  const idleSeconds = Number(args[0] ?? 60);
  const stability = 5000;
  const rows = [];

  // 1. One new file, written and closed: time until it is a finished entry.
  const small = path.join(benchDir('watch'), 'small');
  fs.rmSync(small, { recursive: true, force: true });
  fs.mkdirSync(path.join(small, 'cam'), { recursive: true });
  fs.writeFileSync(path.join(small, 'cam', 'seed.mp4'), 'x');
  const a = startChild(small, stability);
  await a.wait((m) => m.ev === 'ready');
  const t = Date.now();
  fs.writeFileSync(path.join(small, 'cam', 'new.mp4'), Buffer.alloc(1024 * 1024));
  const done = /** @type {any} */ (await a.wait((m) => m.ev === 'changed' && m.ok === 2));
  rows.push(['new file written and closed → finished entry', fmtMs(done.at - t), `stability window: ${stability} ms`, `+${fmtMs(done.at - t - stability)}`, '≤ window + 500 ms']);

  // 2. 1,000 files in one burst.
  const cpu0 = await a.cpu();
  const t1 = Date.now();
  for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(small, 'cam', `burst${i}.mp4`), 'x');
  const all = /** @type {any} */ (await a.wait((m) => m.ev === 'changed' && m.ok === 1002));
  const burstEvents = a.events.filter((m) => m.ev === 'changed' && m.at >= t1);
  let minGap = Infinity;
  for (let i = 1; i < burstEvents.length; i++) minGap = Math.min(minGap, burstEvents[i].at - burstEvents[i - 1].at);
  const cpuBurst = (await a.cpu()) - cpu0;
  rows.push(['1,000 files in a burst: all finished', fmtMs(all.at - t1), `${burstEvents.length} change events, min gap ${fmtMs(minGap)}`, '', '≤ 1 event / 250 ms']);
  rows.push(['  … watcher CPU time for the burst', fmtMs(cpuBurst), '', '', '≤ 2 s']);
  a.kill();

  // 3. Idle CPU of a watched 100,000-file library.
  const tree = path.join(benchDir('scan'), 'tree-100k');
  if (fs.existsSync(path.join(tree, '.complete'))) {
    const b = startChild(tree, stability);
    const ready = /** @type {any} */ (await b.wait((m) => m.ev === 'ready'));
    await new Promise((r) => setTimeout(r, 10_000)); // let the start-up's garbage be collected first
    const c0 = await b.cpu();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idle = (await b.cpu()) - c0;
    rows.push([`idle CPU, 100,000 watched files, ${idleSeconds} s`, `${((idle / (idleSeconds * 1000)) * 100).toFixed(2)} % of a core`, `start-up to watching: ${fmtMs(ready.readyMs)}`, '', '≤ 1 %']);
    rows.push(['  … watcher process RSS', `${(b.rss() / 1024 ** 2).toFixed(0)} MiB`, '@parcel/watcher; the index itself included', '', '']);
    b.kill();
  } else {
    rows.push(['idle CPU, 100,000 watched files', 'skipped', 'run `npm run bench -- scan` first to make the tree', '', '']);
  }
  printTable('Watching (@parcel/watcher for local roots)', ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
