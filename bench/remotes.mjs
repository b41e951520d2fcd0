// `npm run bench -- remotes`: one Reelvault showing 10 others' recordings, 100,000 each.
//
// The 10 remotes are generated shares on loopback: each speaks the share's protocol (health,
// pairing, the event stream, `query` by page and by ids) from 100,000 entries in memory, so the
// figures are this computer's own work: mirroring 1,000,000 entries, resuming after a restart
// from the event stream's last point, and then a query and a month of timeline over them, each
// beside the same on a local 1,000,000-entry index (the floor). RSS is printed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDir, fmtMs, median, percentile, printTable, load } from './lib.mjs';

const REMOTES = 10;
const PER_REMOTE = 100_000;
const CAMERAS = 16;
const JAN = Date.UTC(2026, 0, 1);

/** @param {string} s */
const id22 = (s) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

/** A remote's entries: 16 cameras, 12-minute recordings back to back from January on. */
function entries(/** @type {number} */ r) {
  const out = [];
  for (let i = 0; i < PER_REMOTE; i++) {
    const cam = i % CAMERAS, k = Math.floor(i / CAMERAS);
    const start = JAN + k * 12 * 60_000;
    const name = `cam-${cam}/${new Date(start).toISOString().slice(0, 19).replace(/[T:]/g, '_')}.mp4`;
    out.push({
      id: id22(`${r}/${name}`), root: 'rootA', relPath: name, camera: `cam-${cam}`, filename: name.split('/')[1], size: 50_000_000 + i, mtimeMs: start + 720_000,
      recordedAt: start, startedAt: start, recordedAtFrom: 'name', status: 'ok', probe: 'probed',
      media: { durationSec: 720, videoCodec: 'h264', width: 1920, height: 1080, audioCodecs: ['aac'] },
    });
  }
  return out.sort((a, b) => a.relPath.localeCompare(b.relPath));
}

/** A generated share: the protocol's answers, from memory. */
async function fakeShare(/** @type {number} */ r) {
  const shareId = id22(`share-${r}`);
  const list = entries(r);
  const byId = new Map(list.map((e) => [e.id, e]));
  const stats = { pages: 0, byIds: 0 };
  const streams = new Set();
  let seq = 1_000;
  const server = http.createServer((req, res) => {
    res.setHeader('X-Reelvault-Share', shareId);
    const url = req.url ?? '';
    if (url === '/health') return void res.end(JSON.stringify({ status: 'ok', app: 'reelvault', version: 'bench', apiVersion: 2, shareId }));
    if (url === '/pair') return void res.end(JSON.stringify({ credential: `cred-${r}`, deviceId: `dev-${r}`, shareId, apiVersion: 2 }));
    if (url === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const last = Number(req.headers['last-event-id'] ?? NaN);
      res.write('retry: 2000\n\n');
      // Resumed: nothing missed. Otherwise the current state first.
      if (!(last >= 1_000 && last <= seq)) res.write(`id: ${seq}\nevent: roots\ndata: ${JSON.stringify([{ root: 'rootA', label: `room-${r}`, state: 'ok', watch: 'watching', files: PER_REMOTE }])}\n\n`);
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    if (url === '/api/query') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const [q] = JSON.parse(body);
        let items;
        if (q.ids) {
          stats.byIds++;
          items = q.ids.map((/** @type {string} */ i) => byId.get(i)).filter(Boolean);
        } else {
          stats.pages++;
          items = list.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 1000));
        }
        res.end(JSON.stringify({ ok: true, value: { items, total: q.ids ? items.length : list.length, facets: { cameras: [], recordedRange: null } } }));
      });
      return;
    }
    res.writeHead(404).end('{}');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    link: `http://127.0.0.1:${port}/pair?code=bench`, stats, list,
    /** Some entries changed: say so on the stream, as a share does. */
    change(/** @type {string[]} */ ids) {
      seq++;
      for (const id of ids) { const e = byId.get(id); if (e) e.size++; }
      for (const s of streams) s.write(`id: ${seq}\nevent: library\ndata: ${JSON.stringify({ updated: ids, removed: [] })}\n\n`);
    },
    close() { server.closeAllConnections(); server.close(); },
  };
}

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'service/core.js': ['createCore'],
  'library/library.js': ['Library'],
  'api/live.js': ['createLiveApi'],
  'service/library-runner.js': ['LibraryRunner'],
  'api/timeline.js': ['timelineOf'],
});

export async function run() {
  const { createCore, Library, createLiveApi, LibraryRunner, timelineOf } = await modules();
  const rows = [];
  const shares = await Promise.all(Array.from({ length: REMOTES }, (_, r) => fakeShare(r)));
  const data = path.join(benchDir('remotes'), 'data');
  fs.rmSync(data, { recursive: true, force: true });

  // Mirroring 1,000,000 entries, against the floor of fetching and parsing the same pages.
  const rss0 = process.memoryUsage().rss;
  let core = await createCore({ dataDir: data, local: false });
  const t0 = performance.now();
  await core.remotes.start();
  for (const s of shares) await core.remotes.add(s.link, 'bench');
  await core.remotes.synced();
  const mirrorMs = performance.now() - t0;
  const mirrored = core.library.index.size;
  const tf = performance.now();
  for (const s of shares.slice(0, 1)) {
    for (let offset = 0; offset < PER_REMOTE; offset += 1000) {
      const origin = new URL(s.link).origin;
      const r = await fetch(`${origin}/api/query`, { method: 'POST', body: JSON.stringify([{ offset, limit: 1000 }]) });
      JSON.parse(await r.text());
    }
  }
  const fetchFloor = (performance.now() - tf) * REMOTES;
  rows.push([`mirror ${mirrored.toLocaleString('en')} entries from ${REMOTES} remotes`, fmtMs(mirrorMs), `fetching and parsing the pages alone: ${fmtMs(fetchFloor)} (${(mirrorMs / fetchFloor).toFixed(2)}×)`, '']);

  // A change on one remote reaches the index through its event stream.
  const three = /** @type {Awaited<ReturnType<typeof fakeShare>>} */ (shares[3]);
  const changed = three.list.slice(0, 100).map((e) => e.id);
  const key = core.remotes.list()[3]?.key;
  const before = core.library.get(`${key}.${changed[0]}`).size;
  const tc = performance.now();
  three.change(changed);
  while (core.library.get(`${key}.${changed[0]}`).size === before) await new Promise((r) => setTimeout(r, 2));
  rows.push(['  … 100 entries changed on one remote, until they are in the index', fmtMs(performance.now() - tc), '', '']);

  // A restart resumes from the last event: no page is fetched again.
  await core.close();
  const pagesBefore = shares.reduce((n, s) => n + s.stats.pages, 0);
  const tr = performance.now();
  core = await createCore({ dataDir: data, local: false });
  const openMs = performance.now() - tr;
  await core.remotes.start();
  await core.remotes.synced();
  const pagesAfter = shares.reduce((n, s) => n + s.stats.pages, 0);
  rows.push(['  … restart: the saved index opens, each mirror resumes from its last event', fmtMs(performance.now() - tr), `opening the index: ${fmtMs(openMs)}; pages fetched again: ${pagesAfter - pagesBefore}`, '']);

  const runner = new LibraryRunner(core, { watch: false, background: false });
  await runner.setRoots([]);
  const live = createLiveApi(core, runner, { settings: () => ({}) });
  const rss = process.memoryUsage().rss;

  // The floor: the same entries as a local library of 1,000,000.
  const localData = path.join(benchDir('remotes'), 'local');
  fs.rmSync(localData, { recursive: true, force: true });
  const local = await Library.open(localData);
  for (const [r, s] of shares.entries()) {
    const root = `/bench/room-${r}`;
    for (let i = 0; i < s.list.length; i += 10_000) await local.applyChanges(s.list.slice(i, i + 10_000).map((e) => ({ ...e, id: id22(`local/${r}/${e.id}`), root })), []);
  }

  const q = { sort: 'recorded-desc', limit: 200 };
  const timeQuery = (/** @type {any} */ lib) => { const t = performance.now(); lib.query(q); return performance.now() - t; };
  for (let i = 0; i < 3; i++) { timeQuery(core.library); timeQuery(local); }
  const qm = [], ql = [];
  for (let i = 0; i < 20; i++) { qm.push(timeQuery(core.library)); ql.push(timeQuery(local)); }
  rows.push(['query, recorded-desc, 200, with facets, over the mirrored 1,000,000', `${fmtMs(median(qm))} (p95 ${fmtMs(percentile(qm, 95))})`, `local 1,000,000-entry index: ${fmtMs(median(ql))} (${(median(qm) / median(ql)).toFixed(2)}×)`, '≤ 1.2×']);

  const tq = { from: JAN, to: JAN + 31 * 86400_000, minSpanMs: ((31 * 86400_000) / 1200) * 2 };
  const localEntries = [...local.index.entries()];
  const tlm = [], tll = [];
  for (let i = 0; i < 12; i++) {
    // Each time as after one change: that camera's lane is built anew, on both.
    const m = core.library.get(`${key}.${changed[i]}`);
    core.library.index.put({ ...m, size: m.size + 1 });
    const l = localEntries[i * 7919];
    local.index.put({ ...l, size: l.size + 1 });
    let t = performance.now(); timelineOf(core.library, (/** @type {string} */ r) => runner.labelOf(r), undefined, tq); tlm.push(performance.now() - t);
    t = performance.now(); timelineOf(local, () => 'room', undefined, tq); tll.push(performance.now() - t);
  }
  rows.push(['a month of timeline over them', `${fmtMs(median(tlm))} (p95 ${fmtMs(percentile(tlm, 95))})`, `local 1,000,000-entry index: ${fmtMs(median(tll))} (${(median(tlm) / median(tll)).toFixed(2)}×)`, '≤ 1.2×']);
  rows.push(['RSS with the mirrored 1,000,000 (the generated shares in the same process)', `${((rss - rss0) / 2 ** 20).toFixed(0)} MiB more`, `${(rss / 2 ** 20).toFixed(0)} MiB in all`, '']);

  live.close();
  await runner.close();
  await core.close();
  await local.close();
  for (const s of shares) s.close();
  printTable('Other Reelvaults as sources (10 generated shares × 100,000 entries, on loopback)', ['measure', 'reelvault', 'floor', 'target'], rows);
}
