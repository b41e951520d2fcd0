// The mirror against a real share in this process (B), and against a share that lies: ids with
// path characters are refused, a flood is cut, and neither touches this computer's own library.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../service/core.js';
import { LibraryRunner } from '../service/library-runner.js';
import { libraryFolder, shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { isRemoteRoot } from '../library/sources.js';
import { ClipExporter } from '../media/clip-export.js';
import { runMedia, runningProcesses } from '../media/ffmpeg.js';

async function aWith(files: Record<string, string>): Promise<{ core: Core; runner: LibraryRunner; close(): Promise<void> }> {
  const core = await createCore({ dataDir: fileTmpDir('rv-a-'), local: false });
  const runner = new LibraryRunner(core, { background: false });
  await runner.setRoots([{ path: await libraryFolder(files) }]);
  await core.remotes.start();
  return { core, runner, async close() { await runner.close(); await core.close(); } };
}

const media = (core: Core, p: string) => core.remoteHandler(new Request(`http://a.local${p}`), { device: 'd1', tab: 't' });

describe('a paired share that unpairs this computer', () => {
  let b: ShareHarness;
  let a: Awaited<ReturnType<typeof aWith>>;
  beforeAll(async () => {
    b = await shareHarness({ 'yard/clip.mp4': 'cam-modern/h264_aac.mp4' });
    a = await aWith({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' });
    await a.core.remotes.add(await b.share.pairingLink(), 'Room A');
    await a.core.remotes.synced();
  }, 60_000);
  afterAll(async () => { await a?.close(); await b?.close(); });

  it('says so in words, and keeps what it had', async () => {
    expect(a.core.library.query({}).total).toBe(2);
    const device = b.share.devices.list().find((d) => d.label === 'Room A')!;
    await b.share.devices.revoke(device.id);
    // Its event stream ends at once; the next connection is refused.
    await expect.poll(() => a.core.remotes.list()[0]?.state, { timeout: 10_000 }).toBe('refused');
    expect(a.core.remotes.list()[0]?.reason).toBe('this share no longer accepts this computer (it was unpaired there): pair again with a new link');
    const root = a.runner.rootStatus().find((r) => r.label.includes(' · '))!;
    expect(root).toMatchObject({ state: 'offline', reason: expect.stringMatching(/no longer accepts this computer/) });
    expect(a.core.library.query({}).total).toBe(2);
    const id = a.core.library.query({}).items.find((e) => isRemoteRoot(e.root))!.id;
    const res = await media(a.core, `/media/file/${id}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/no longer accepts this computer/);
  });
});

describe('a recording the other Reelvault probes after this one copied it', () => {
  let b: ShareHarness;
  let a: Awaited<ReturnType<typeof aWith>>;
  beforeAll(async () => {
    b = await shareHarness({ 'gate/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi' });
    a = await aWith({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' });
    await a.core.remotes.add(await b.share.pairingLink(), 'Room A');
    await a.core.remotes.synced();
  }, 60_000);
  afterAll(async () => { await a?.close(); await b?.close(); });

  it('becomes B\'s whole entry here: probe, media, start and where the time came from', async () => {
    const theirId = b.idOf('2026-11-20_08-00-00.avi');
    const mineId = `${a.core.remotes.list()[0]!.key}.${theirId}`;
    expect(a.core.library.get(mineId)?.probe).toBe('unprobed');
    expect((await b.api.item(theirId)).ok).toBe(true); // B probes it now
    const theirs = async () => {
      const r = await b.api.query({ ids: [theirId], facets: false });
      if (!r.ok) throw new Error(r.message);
      return r.value.items[0]!;
    };
    await expect.poll(async () => (await theirs()).probe, { timeout: 20_000 }).toBe('probed');
    const want = await theirs();
    await expect.poll(() => {
      const mine = a.core.library.get(mineId);
      return mine && { ...mine, id: want.id, root: want.root };
    }, { timeout: 20_000 }).toEqual(want);
  });
});

describe('a clip of another Reelvault\'s recording', () => {
  let b: ShareHarness;
  let a: Awaited<ReturnType<typeof aWith>>;
  beforeAll(async () => {
    b = await shareHarness({ 'gate/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi' });
    a = await aWith({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' });
    await a.core.remotes.add(await b.share.pairingLink(), 'Room A');
    await a.core.remotes.synced();
  }, 60_000);
  afterAll(async () => { await a?.close(); await b?.close(); });

  it('is planned and cut there, then written into the export folder here', async () => {
    const folder = fileTmpDir('rv-exports-');
    const exporter = new ClipExporter({
      library: a.core.library, probes: a.core.probes, workDir: fileTmpDir('rv-work-'), folder: async () => ({ folder }),
      namesInSideBySide: async () => false, fontFile: '/nonexistent.ttf', remote: a.core.remotes.clips,
    });
    const id = a.core.library.query({ text: '2026-11-20' }).items[0]!.id;
    expect(id).toMatch(/^r\w{7}\./);
    const plan = await a.core.remotes.clips.plan({ id, from: 2, to: 5, exact: true });
    expect(plan).toMatchObject({ exactDefault: true, container: expect.stringMatching(/^(mp4|mkv)$/) });
    const job = await exporter.exportClip({ id, from: 2, to: 5, exact: true });
    await expect.poll(async () => (await exporter.info()).jobs.find((j) => j.id === job.id)?.state, { timeout: 30_000 }).toBe('done');
    const [file] = (await exporter.info()).jobs.find((j) => j.id === job.id)!.files;
    expect(path.basename(file!)).toMatch(/^gate 2026-11-20 08\.00\.02–08\.00\.05\.mp4$/);
    const probe = await runMedia('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file!], { timeoutMs: 20_000 });
    expect(Math.abs(Number(probe.stdout.toString()) - 3)).toBeLessThan(0.15);
    expect(runningProcesses().size).toBe(0);
    // Out of its range: said by the computer that holds it.
    await expect(a.core.remotes.clips.plan({ id, from: 2, to: 50, exact: true })).rejects.toThrow(/ends after the recording does/);
  });

  it('keeps its thumbnails in this computer\'s capped image cache, and shows them while it is away', async () => {
    const id = a.core.library.query({ text: '2026-11-20' }).items[0]!.id;
    const before = a.core.thumbs.cache.bytes;
    const first = await media(a.core, `/media/thumb/${id}?w=160`);
    expect(first.status).toBe(200);
    const body = Buffer.from(await first.arrayBuffer());
    expect(a.core.thumbs.cache.bytes).toBeGreaterThan(before + body.length - 1);
    await b.share.close();
    const offline = await media(a.core, `/media/thumb/${id}?w=160`);
    expect(offline.status).toBe(200);
    expect(Buffer.from(await offline.arrayBuffer()).equals(body)).toBe(true);
    // Never asked before: said to be unreachable.
    expect((await media(a.core, `/media/thumb/${id}?w=320`)).status).toBe(503);
  });
});

describe('a share that lies', () => {
  const SHARE = 'hostilehostilehostile1';
  let server: http.Server;
  let origin: string;
  let a: Awaited<ReturnType<typeof aWith>>;
  const good = { id: 'goodgoodgoodgoodgood01', root: 'rootA', relPath: 'cam/x.mp4', camera: 'cam', filename: 'x.mp4', size: 10, mtimeMs: 1e12, recordedAt: 1e12, startedAt: 1e12, recordedAtFrom: 'mtime', status: 'ok', probe: 'unprobed' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('X-Reelvault-Share', SHARE);
      const url = req.url ?? '';
      if (url === '/health') return void res.end(JSON.stringify({ status: 'ok', app: 'reelvault', version: '9', apiVersion: 2, shareId: SHARE }));
      if (url === '/pair') return void res.end(JSON.stringify({ credential: 'cred', deviceId: 'dev', shareId: SHARE, apiVersion: 2 }));
      if (url === '/api/events') { res.writeHead(200, { 'Content-Type': 'text/event-stream' }); res.write('retry: 2000\n\n'); return; }
      if (url === '/api/query') {
        return void res.end(JSON.stringify({ ok: true, value: { total: 5, items: [
          good,
          { ...good, id: '../../../../etc/passwd' },
          { ...good, id: 'abcdefghij/lmnopqrstuv' },
          { ...good, id: 'rootrootrootrootroot02', root: '../../etc' },
          { ...good, id: 'sizesizesizesizesize03', size: 'huge' },
        ] } }));
      }
      if (url.startsWith('/media/transcode/')) { res.writeHead(200, { 'Content-Type': 'video/mp4' }); res.write(Buffer.alloc(1000)); return; } // and holds on
      if (url.startsWith('/media/thumb/')) { // 10 GB of "thumbnail"
        const chunk = Buffer.alloc(64 * 1024);
        const pump = (): void => { while (res.write(chunk)); if (!res.destroyed) res.once('drain', pump); };
        return void pump();
      }
      res.setHeader('X-Reelvault-Share', 'someoneelsesomeoneelse');
      res.end('not the same share');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    a = await aWith({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' });
    await a.core.remotes.add(`${origin}/pair?code=anything`, 'Room A');
    await a.core.remotes.synced();
  }, 60_000);
  afterAll(async () => { await a?.close(); server.closeAllConnections(); server.close(); });

  it('keeps only the entries that pass every check; ids with path characters never enter', () => {
    const ids = a.core.library.query({ limit: 100 }).items.map((e) => e.id);
    expect(ids.filter((id) => id.includes('.'))).toEqual([`${a.core.remotes.list()[0]!.key}.goodgoodgoodgoodgood01`]);
    expect(a.core.library.query({ limit: 100 }).items.some((e) => e.filename === 'here.mp4')).toBe(true);
  });

  it('a flood for a thumbnail is cut at 2 MB, an answer from another share refused: clear errors, the local library untouched', async () => {
    const id = `${a.core.remotes.list()[0]!.key}.goodgoodgoodgoodgood01`;
    const thumb = await media(a.core, `/media/thumb/${id}?w=160`);
    expect(thumb.status).toBe(502);
    expect(((await thumb.json()) as { message: string }).message).toMatch(/thumbnail larger than 2097152 bytes/);
    const file = await media(a.core, `/media/file/${id}`);
    expect(file.status).toBe(502);
    expect(((await file.json()) as { message: string }).message).toMatch(/not the Reelvault share this computer paired with/);
    // Their ids in a path-style or a foreign form resolve to nothing here.
    for (const bad of ['rAAAAAAA.goodgoodgoodgoodgood01', `${id.split('.')[0]}.goodgoodgoodgoodgood0%2F`]) expect((await media(a.core, `/media/file/${bad}`)).status).toBe(404);
    const local = a.core.library.query({ limit: 100 }).items.find((e) => e.filename === 'here.mp4')!;
    expect((await media(a.core, `/media/file/${local.id}`)).status).toBe(200);
    expect(fs.existsSync(path.join(a.core.dataDir, 'remotes.json'))).toBe(true);
  });

  it('holds our viewers to our own per-device cap on its conversions too', async () => {
    const id = `${a.core.remotes.list()[0]!.key}.goodgoodgoodgoodgood01`;
    const open = await Promise.all(Array.from({ length: 12 }, (_, k) => a.core.remoteHandler(new Request(`http://a.local/media/transcode/${id}?viewer=t${k}`), { device: 'phone', tab: `t${k}` })));
    expect(open.filter((r) => r.status === 200)).toHaveLength(10);
    expect(open.filter((r) => r.status === 503)).toHaveLength(2);
    for (const r of open) await r.body?.cancel();
    // Closed, they count no more.
    await expect.poll(async () => {
      const r = await a.core.remoteHandler(new Request(`http://a.local/media/transcode/${id}?viewer=again`), { device: 'phone', tab: 'again' });
      await r.body?.cancel();
      return r.status;
    }).toBe(200);
  });
});
