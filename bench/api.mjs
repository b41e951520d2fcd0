// `npm run bench -- api`: the contract's JSON API on 100,000 indexed files (query round trip,
// page 1 with filters) beside its floors, and how a 1,000-file copy reaches a viewer's stream.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDir, fmtMs, median, percentile, printTable, load } from './lib.mjs';
import { withDurations } from './timeline-data.mjs';

const TOKEN = 'bench-token-0123456789abcdef';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'service/core.js': ['createCore'],
  'share/server.js': ['startShare'],
  'api/live.js': ['createLiveApi'],
  'service/library-runner.js': ['LibraryRunner'],
});

export async function run() {
  const { createCore, startShare, createLiveApi, LibraryRunner } = await modules();
  const rows = [];

  const tree = path.join(benchDir('scan'), 'tree-100k');
  if (!fs.existsSync(path.join(tree, '.complete'))) throw new Error('run `npm run bench -- scan` first: it makes the 100,000-file tree');
  const data = path.join(benchDir('api'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const core = await createCore({ dataDir: data, local: false });
  const runner = new LibraryRunner(core, { watch: false });
  await runner.setRoots([{ path: tree }]);
  core.probes.stop();
  core.thumbs.stop();
  const live = createLiveApi(core, runner, { settings: () => ({}) });
  const share = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api: live });
  const base = `http://127.0.0.1:${share.port}`;
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  const cams = core.library.index.cameraList().slice(0, 3);
  const all = core.library.query({ limit: 1 });
  const q = { cameras: cams, from: all.facets.recordedRange.min, to: all.facets.recordedRange.min + 30 * 86400_000, text: 'cam', sort: 'recorded-desc', limit: 60 };
  const body = JSON.stringify([q]);

  const timedApi = async () => { const t = performance.now(); const r = await fetch(`${base}/api/query`, { method: 'POST', headers, body }); await r.json(); return performance.now() - t; };
  for (let i = 0; i < 5; i++) await timedApi();
  const api = [];
  for (let i = 0; i < 100; i++) api.push(await timedApi());

  // Floor 1: the same query in-process, no HTTP, no JSON.
  const inproc = [];
  for (let i = 0; i < 100; i++) { const t = performance.now(); core.library.query(q); inproc.push(performance.now() - t); }
  // Floor 2: a bare node:http server answering the same bytes from memory.
  const fixed = JSON.stringify({ ok: true, value: core.library.query(q) });
  const bare = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(fixed); }); });
  await new Promise((r) => bare.listen(0, '127.0.0.1', () => r(undefined)));
  const bareUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (bare.address()).port}/`;
  const timedBare = async () => { const t = performance.now(); const r = await fetch(bareUrl, { method: 'POST', headers, body }); await r.json(); return performance.now() - t; };
  for (let i = 0; i < 5; i++) await timedBare();
  const floor = [];
  for (let i = 0; i < 100; i++) floor.push(await timedBare());
  bare.closeAllConnections();
  bare.close();
  rows.push(...await timelineRows(core, live, base, headers));
  rows.push(['query round trip, page 1 (60) with camera+date+text filters, facets', `${fmtMs(median(api))} (p95 ${fmtMs(percentile(api, 95))})`, `in-process ${fmtMs(median(inproc))}; bare HTTP same bytes ${fmtMs(median(floor))}`, `${(fixed.length / 1024).toFixed(0)} KiB`, 'median ≤ 15 ms']);
  live.close();
  await share.close();
  await runner.close();
  await core.close();

  // 2. 1,000 files copied into a watched library: what a viewer's stream receives.
  const lib = path.join(benchDir('api'), 'lib');
  fs.rmSync(lib, { recursive: true, force: true });
  fs.mkdirSync(path.join(lib, 'cam-1'), { recursive: true });
  fs.writeFileSync(path.join(lib, 'cam-1', 'seed.mp4'), Buffer.alloc(1024));
  const data2 = path.join(benchDir('api'), 'data2');
  fs.rmSync(data2, { recursive: true, force: true });
  const core2 = await createCore({ dataDir: data2, local: false });
  const runner2 = new LibraryRunner(core2, {});
  await runner2.setRoots([{ path: lib, watch: { stabilityMs: 1000 } }]);
  core2.probes.stop();
  core2.thumbs.stop();
  const live2 = createLiveApi(core2, runner2, { settings: () => ({}) });
  const share2 = await startShare(core2, { token: TOKEN, host: '127.0.0.1', port: 0, api: live2 });
  /** @type {Array<{ at: number, data: { updated: string[] } }>} */
  const events = [];
  const ac = new AbortController();
  const res = await fetch(`http://127.0.0.1:${share2.port}/api/events`, { headers, signal: ac.signal });
  const reader = /** @type {ReadableStream<Uint8Array>} */ (res.body).pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.includes('event: library')) events.push({ at: performance.now(), data: JSON.parse(block.split('\ndata: ')[1] ?? '{}') });
        }
      }
    } catch { /* aborted */ }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  const dir = path.join(lib, 'cam-2');
  fs.mkdirSync(dir);
  for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(dir, `clip-${String(i).padStart(4, '0')}.mp4`), Buffer.alloc(1024, i & 255));
  const tCopied = performance.now();
  const finished = () => core2.library.query({ text: 'cam-2', status: ['ok'], limit: 0 }).total === 1000;
  while (!finished() && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 600));
  ac.abort();
  const ids = new Set(events.flatMap((e) => e.data.updated));
  const want = core2.library.query({ text: 'cam-2', limit: 1000 }).items.map((/** @type {{ id: string }} */ e) => e.id);
  const carried = want.filter((/** @type {string} */ id) => ids.has(id)).length;
  const gaps = events.slice(1).map((e, i) => e.at - (events[i]?.at ?? 0));
  rows.push(['1,000 files copied in (1 s stability): library events', String(events.length), `copy took ${fmtMs(tCopied - t0)}`, '', '']);
  rows.push(['  … shortest gap between events', gaps.length ? fmtMs(Math.min(...gaps)) : 'one event', '', '', '≥ 250 ms']);
  rows.push(['  … ids carried of 1,000', String(carried), '', '', 'all']);
  rows.push(['  … last event after the copy ended', events.length ? fmtMs((events.at(-1)?.at ?? 0) - tCopied) : '-', 'stability window 1 s', '', '']);
  live2.close();
  await share2.close();
  await runner2.close();
  await core2.close();

  printTable('Contract JSON API', ['measure', 'reelvault', 'floor', 'size', 'target'], rows);
}

/**
 * The timeline of a month across the 100,000 files (every one a 12-minute recording), merged to
 * 2 px of a 1,200 px wide view: in process, against a bare pass over the index that counts the
 * month's files (the least any answer must do), and over HTTP.
 * @param {any} core @param {any} live @param {string} base @param {Record<string, string>} headers
 */
async function timelineRows(core, live, base, headers) {
  await withDurations(core, 720);
  const from = Date.UTC(2026, 0, 1), to = Date.UTC(2026, 1, 1);
  const q = { from, to, minSpanMs: ((to - from) / 1200) * 2 };
  const ctx = { transport: 'http', who: { device: 'bench' } };
  const t0 = performance.now();
  const first = await live.service.call(ctx, 'timeline', [q]);
  const firstMs = performance.now() - t0;
  if (!first.ok) throw new Error(first.message);
  const inproc = [];
  for (let i = 0; i < 100; i++) { const t = performance.now(); await live.service.call(ctx, 'timeline', [q]); inproc.push(performance.now() - t); }
  const floor = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    let n = 0;
    for (const e of core.library.index.entries()) if (e.startedAt >= from && e.startedAt < to) n++;
    floor.push(performance.now() - t);
    if (n === 0) throw new Error('no files in the month');
  }
  // One probe result lands (background probing): that camera's lane is rebuilt, not the others.
  const one = [];
  const entries = [...core.library.index.entries()];
  for (let i = 0; i < 20; i++) {
    const e = entries[i * 997];
    core.library.index.put({ ...e, media: { ...e.media, durationSec: 700 + i } });
    const t = performance.now();
    await live.service.call(ctx, 'timeline', [q]);
    one.push(performance.now() - t);
  }
  const body = JSON.stringify([q]);
  const http = [];
  for (let i = 0; i < 30; i++) { const t = performance.now(); await (await fetch(`${base}/api/timeline`, { method: 'POST', headers, body })).json(); http.push(performance.now() - t); }
  const spans = first.value.lanes.reduce((/** @type {number} */ n, /** @type {{ spans: unknown[] }} */ l) => n + l.spans.length, 0);
  return [
    [`timeline, a month of 100,000 files (${first.value.lanes.length} lanes, ${spans} spans at 2 px)`, `${fmtMs(median(inproc))} (p95 ${fmtMs(percentile(inproc, 95))})`,
      `bare pass counting the month: ${fmtMs(median(floor))} (${(median(inproc) / median(floor)).toFixed(2)}×)`, `${(JSON.stringify(first.value).length / 1024).toFixed(0)} KiB`, '≤ 20 ms in process'],
    ['  … the first ever (every lane built)', fmtMs(firstMs), '', '', ''],
    ['  … after one probe result (its camera\'s lane rebuilt)', `${fmtMs(median(one))} (p95 ${fmtMs(percentile(one, 95))})`, '', '', ''],
    ['  … over HTTP', `${fmtMs(median(http))} (p95 ${fmtMs(percentile(http, 95))})`, '', '', ''],
  ];
}
