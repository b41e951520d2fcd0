// `npm run bench -- thumbs`: thumbnails and sprites on 60 s 1080p files, against the old
// service's ffmpeg command run in the same process with the same ffmpeg binary.
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, printTable, timeSpawn, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'library/library.js': ['Library'],
  'media/thumbnails.js': ['ThumbnailService'],
  'media/probe-service.js': ['ProbeService'],
  'media/sprites.js': ['SpriteService'],
  'media/ffmpeg.js': ['spawnCounts'],
  'media/binaries.js': ['binaries'],
  'media/thumb-cache.js': ['ImageCache'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const { Library, ThumbnailService, ProbeService, SpriteService, spawnCounts, binaries, ImageCache } = await modules();
  const bin = await binaries();
  const media = longMedia();
  const work = benchDir('thumbs');

  // A library of 24 distinct paths (hard links: the page cache is warm for both sides anyway).
  const lib24 = path.join(work, 'lib-24');
  if (!fs.existsSync(path.join(lib24, '.complete'))) {
    fs.rmSync(lib24, { recursive: true, force: true });
    for (let i = 0; i < 24; i++) {
      const src = i % 2 ? media.h264Mp4 : media.mpeg4Avi;
      fs.mkdirSync(path.join(lib24, `cam-${i % 4}`), { recursive: true });
      fs.linkSync(src, path.join(lib24, `cam-${i % 4}`, `clip${i}${path.extname(src)}`));
    }
    fs.writeFileSync(path.join(lib24, '.complete'), '');
  }
  const fresh = async (/** @type {string} */ name) => {
    const data = path.join(work, name);
    fs.rmSync(data, { recursive: true, force: true });
    const lib = await Library.open(data);
    await lib.scan([lib24]);
    return { lib, data };
  };
  const rows = [];
  const oldCmd = (/** @type {string} */ input, /** @type {string} */ o) => [bin.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-ss', '1', '-i', input, '-vframes', '1', '-vf',
    "scale='min(320,iw)':-2,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2", o]];

  // 1. One cold thumbnail, ours vs the old command, per codec; unprobed (no -lowres) and probed.
  for (const [label, ext] of [['1080p MPEG-4 AVI', '.avi'], ['1080p H.264 MP4', '.mp4']]) {
    const { lib, data } = await fresh(`data-single${ext}`);
    const entries = lib.query({ limit: 100 }).items.filter((/** @type {any} */ e) => e.filename.endsWith(ext));
    const old = [];
    for (let i = 0; i < 9; i++) {
      const [cmd, args] = oldCmd(lib.pathOf(entries[i]), path.join(work, 'old.jpg'));
      old.push(await timeSpawn(/** @type {string} */ (cmd), /** @type {string[]} */ (args)));
    }
    const thumbs = new ThumbnailService(lib, data);
    const cold = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      await thumbs.get(entries[i].id);
      cold.push(performance.now() - t);
    }
    const probes = new ProbeService(lib, data);
    for (const e of entries) await probes.probe(e.id);
    const probed = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      await thumbs.get(entries[i].id, { width: 320, height: 180, time: 2 });
      probed.push(performance.now() - t);
    }
    rows.push([`cold thumbnail, ${label} (unprobed)`, fmtMs(median(cold)), `old command: ${fmtMs(median(old))}`, `${(median(cold) / median(old)).toFixed(2)}×`, '≤ 0.5×']);
    rows.push([`cold thumbnail, ${label} (probed: -lowres)`, fmtMs(median(probed)), '', `${(median(probed) / median(old)).toFixed(2)}×`, '≤ 0.5×']);

    // Warm: served from the cache.
    const warm = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const r = await thumbs.get(entries[i % 9].id);
      await fs.promises.readFile(r.file);
      warm.push(performance.now() - t);
    }
    if (ext === '.mp4') rows.push(['warm thumbnail (cache hit + read)', fmtMs(median(warm)), '', '', '≤ 5 ms']);
  }

  // 2. 24 cold thumbnails of distinct files: batched background lane vs one ffmpeg per file.
  for (const probed of [false, true]) {
    const { lib, data } = await fresh(`data-24-${probed}`);
    if (probed) { const p = new ProbeService(lib, data); for (const e of lib.query({ limit: 100 }).items) await p.probe(e.id); }
    const batched = new ThumbnailService(lib, data);
    let t = performance.now();
    batched.fillBackground();
    await batched.whenIdle();
    const batchMs = performance.now() - t;
    const { lib: lib2, data: data2 } = await fresh(`data-24b-${probed}`);
    if (probed) { const p = new ProbeService(lib2, data2); for (const e of lib2.query({ limit: 100 }).items) await p.probe(e.id); }
    const single = new ThumbnailService(lib2, data2);
    t = performance.now();
    await Promise.all(lib2.query({ limit: 100 }).items.map((/** @type {any} */ e) => single.get(e.id)));
    const singleMs = performance.now() - t;
    rows.push([`24 cold thumbnails, batched${probed ? ' (probed)' : ''}`, fmtMs(batchMs), `per file, 2 at a time: ${fmtMs(singleMs)}`, '', '≤ 600 ms']);
  }

  // 3. Sprite sheet of a 60 s 1080p file.
  {
    const { lib, data } = await fresh('data-sprite');
    const p = new ProbeService(lib, data);
    const items = lib.query({ limit: 100 }).items;
    for (const e of items) await p.probe(e.id);
    const sprites = new SpriteService(lib, new ImageCache(data));
    for (const [label, ext] of [['H.264 MP4', '.mp4'], ['MPEG-4 AVI', '.avi']]) {
      const ms = [];
      for (const e of items.filter((/** @type {any} */ x) => x.filename.endsWith(ext)).slice(0, 5)) {
        const t = performance.now();
        await sprites.get(e.id);
        ms.push(performance.now() - t);
      }
      rows.push([`sprite sheet, 60 s 1080p ${label}`, fmtMs(median(ms)), '', '', '≤ 1.5 s']);
    }
  }

  // 4. Scrolling past 500 tiles (24 visible, a row of 6 every 16 ms), then stopping.
  {
    const dir = path.join(work, 'lib-500');
    if (!fs.existsSync(path.join(dir, '.complete'))) {
      fs.mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 500; i++) fs.linkSync(i % 2 ? media.h264Mp4 : media.mpeg4Avi, path.join(dir, `t${String(i).padStart(3, '0')}${i % 2 ? '.mp4' : '.avi'}`));
      fs.writeFileSync(path.join(dir, '.complete'), '');
    }
    const data = path.join(work, 'data-scroll');
    fs.rmSync(data, { recursive: true, force: true });
    const lib = await Library.open(data);
    await lib.scan([dir]);
    const thumbs = new ThumbnailService(lib, data);
    const ids = lib.query({ sort: 'name', limit: 1000 }).items.map((/** @type {any} */ e) => e.id);
    const visible = 24;
    /** @type {Map<string, AbortController>} */
    const live = new Map();
    const started = new Set();
    const before = spawnCounts().ffmpeg;
    const all = [];
    let lastTop = 0;
    for (let top = 0; top + visible <= ids.length; top += 6) {
      lastTop = top;
      const want = new Set(ids.slice(top, top + visible));
      for (const [id, ac] of live) if (!want.has(id)) { ac.abort(); live.delete(id); }
      for (const id of want) {
        if (live.has(id)) continue;
        const ac = new AbortController();
        live.set(id, ac);
        all.push(thumbs.get(id, {}, ac.signal).then(() => started.add(id), (/** @type {Error} */ e) => { if (!ac.signal.aborted) process.stderr.write(`tile ${id}: ${e.message}\n`); }));
      }
      await new Promise((r) => setTimeout(r, 16));
    }
    await Promise.all(all);
    const finalVisible = ids.slice(lastTop, lastTop + visible);
    const spawned = spawnCounts().ffmpeg - before;
    const shown = finalVisible.filter((/** @type {string} */ id) => started.has(id)).length;
    rows.push(['scroll past 500 tiles: ffmpeg started', String(spawned), `for tiles no longer visible: ${spawned - shown} (final ${shown}/${visible} shown)`, '', `≤ ${2 * visible} (2 × visible)`]);
  }

  printTable('Thumbnails (Debian ffmpeg, 320×180 JPEG; same binary both sides)', ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
