// Two Reelvaults on loopback: B is `reelvault serve` as a user runs it (its own process, data
// folder and ffmpeg); A pairs with B's link and shows B's recordings beside its own, through its
// own share. Listing, timeline and bytes are B's own; B's process does the converting; B going
// away leaves its entries offline, and they come back by themselves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryEntry, QueryResult, RootStatus, TimelineResult } from '../contract/api.js';
import { createLiveApi } from '../main/api/live.js';
import { runningProcesses } from '../main/media/ffmpeg.js';
import { createCore, type Core } from '../main/service/core.js';
import { LibraryRunner } from '../main/service/library-runner.js';
import { startShare, type RunningShare } from '../main/share/server.js';
import { freePort } from '../main/test-support/api-harness.js';
import { E2E_TOKEN, makeLibrary, startServe, type Served } from './support/serve.js';

const A_TOKEN = 'a-token-0123456789abcdefghijkl';

describe('another Reelvault\'s recordings, through this one', () => {
  let b: Served;
  let bPort: number;
  let a: { core: Core; runner: LibraryRunner; share: RunningShare; close(): Promise<void> };
  let local: string;

  const aCall = async <T>(op: string, args: unknown[]): Promise<T> => {
    const r = await fetch(`${a.share.urls[0]}api/${op}`, { method: 'POST', headers: { Authorization: `Bearer ${A_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
    const j = await r.json() as { ok: boolean; value: T; message?: string };
    if (!j.ok) throw new Error(`${op}: ${j.message}`);
    return j.value;
  };
  const bCall = async <T>(op: string, args: unknown[]): Promise<T> => {
    const r = await fetch(`${b.base}/api/${op}`, { method: 'POST', headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
    return ((await r.json()) as { value: T }).value;
  };
  const remoteItems = async () => (await aCall<QueryResult>('query', [{ limit: 100, sort: 'name' }])).items.filter((e) => e.id.includes('.'));

  beforeAll(async () => {
    bPort = await freePort();
    b = await startServe(makeLibrary({ 'gate/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi', 'yard/clip.mp4': 'cam-modern/h264_aac.mp4' }), ['--port', String(bPort)]);
    local = makeLibrary({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-a-data-'));
    const core = await createCore({ dataDir, local: false });
    const runner = new LibraryRunner(core, { background: false });
    await runner.setRoots([{ path: local }]);
    const live = createLiveApi(core, runner, {
      settings: () => ({
        libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false },
        share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true,
      }),
    });
    const share = await startShare(core, { token: A_TOKEN, host: '127.0.0.1', port: 0, api: live });
    a = {
      core, runner, share,
      async close() { live.close(); await share.close(); await runner.close(); await core.close(); fs.rmSync(dataDir, { recursive: true, force: true }); },
    };
    await core.remotes.start();
    const added = await core.remotes.add(b.pairing, 'Reelvault A');
    expect(added).toMatchObject({ label: '127.0.0.1', state: expect.any(String) });
    await core.remotes.synced();
  }, 90_000);

  afterAll(async () => {
    await a?.close();
    await b?.stop();
  });

  /** B probes its files in the background, after A first copied them: wait until it has. */
  const bProbed = async (): Promise<LibraryEntry[]> => {
    await expect.poll(async () => (await bCall<QueryResult>('query', [{ limit: 100, sort: 'name' }])).items.map((e) => e.probe), { timeout: 30_000 })
      .not.toContain('unprobed');
    return (await bCall<QueryResult>('query', [{ limit: 100, sort: 'name' }])).items;
  };

  it('lists B\'s recordings as B does, under ids of their own, beside A\'s, with B as a facet', async () => {
    const theirs = await bProbed();
    // Every field as B has it, its probe and the start it gives included, under A's id and root.
    const strip = ({ id: _i, root: _r, ...e }: LibraryEntry) => e;
    await expect.poll(async () => (await remoteItems()).map(strip), { timeout: 20_000 }).toEqual(theirs.map(strip));
    const mine = await remoteItems();
    const key = mine[0]!.id.split('.')[0]!;
    expect(mine.map((e) => e.id)).toEqual(theirs.map((e) => `${key}.${e.id}`));
    const all = await aCall<QueryResult>('query', [{ limit: 100 }]);
    expect(all.total).toBe(3);
    expect(all.facets.cameras.map((c) => c.rootLabel).sort()).toEqual(['127.0.0.1 · ' + path.basename(b.library), '127.0.0.1 · ' + path.basename(b.library), path.basename(local)]);
    // The source is a facet above the cameras: B's name on B's cameras, none on this computer's.
    expect(all.facets.cameras.map((c) => [c.name, c.source ?? null]).sort()).toEqual([['gate', '127.0.0.1'], ['porch', null], ['yard', '127.0.0.1']]);
    const roots = await aCall<RootStatus[]>('rootStatus', []);
    expect(roots.find((r) => r.label.startsWith('127.0.0.1 · '))).toMatchObject({ state: 'ok', files: 2 });
  });

  it('draws B\'s cameras on A\'s timeline with B\'s spans', async () => {
    await bProbed();
    const from = Date.UTC(2000, 0, 1), to = Date.now() + 86_400_000;
    const theirs = await bCall<TimelineResult>('timeline', [{ from, to }]);
    const spans = (r: TimelineResult, remote: boolean) => r.lanes.filter((l) => l.rootLabel.includes('·') === remote)
      .map((l) => ({ camera: l.camera, spans: l.spans.map((s) => ('id' in s ? [s.start, s.end] : [])) })).sort((x, y) => x.camera.localeCompare(y.camera));
    expect(spans(theirs, false).map((l) => l.camera)).toEqual(['gate', 'yard']);
    expect(spans(theirs, false).every((l) => l.spans.length === 1 && l.spans[0]!.length === 2)).toBe(true);
    await expect.poll(async () => spans(await aCall<TimelineResult>('timeline', [{ from, to }]), true), { timeout: 20_000 }).toEqual(spans(theirs, false));
  });

  it('serves B\'s bytes through A, byte-exact, and B\'s thumbnails', async () => {
    const clip = (await remoteItems()).find((e) => e.filename === 'clip.mp4')!;
    const bytes = fs.readFileSync(path.join(b.library, 'yard', 'clip.mp4'));
    const res = await fetch(`${a.share.urls[0]}media/file/${clip.id}`, { headers: { Authorization: `Bearer ${A_TOKEN}`, Range: 'bytes=100-5099' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-5099/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(100, 5100))).toBe(true);
    const thumb = await fetch(`${a.share.urls[0]}media/thumb/${clip.id}?w=160`, { headers: { Authorization: `Bearer ${A_TOKEN}` } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(500);
  });

  it('converts on B: the ffmpeg is a child of B\'s process, none of A\'s', async () => {
    const avi = (await remoteItems()).find((e) => e.filename.endsWith('.avi'))!;
    const details = await aCall<{ entry: LibraryEntry; plan: { mode: string } }>('item', [avi.id]);
    expect(details.entry.id).toBe(avi.id);
    expect(details.plan.mode).toBe('transcode');
    const res = await fetch(`${a.share.urls[0]}media/transcode/${avi.id}?start=2`, { headers: { Authorization: `Bearer ${A_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-reelvault-start'))).toBeCloseTo(2, 1);
    const reader = res.body!.getReader();
    expect((await reader.read()).value!.byteLength).toBeGreaterThan(0);
    expect(runningProcesses().size).toBe(0);
    const children = execFileSync('ps', ['-o', 'comm=', '--ppid', String(b.proc.pid)]).toString();
    expect(children).toMatch(/ffmpeg/);
    await reader.cancel();
    // Our viewer gone, B's ffmpeg ends too.
    await expect.poll(() => { try { return execFileSync('ps', ['-o', 'comm=', '--ppid', String(b.proc.pid)]).toString(); } catch { return ''; } }, { timeout: 10_000 }).not.toMatch(/ffmpeg/);
  });

  it('the old dashboard\'s list on A shows A\'s files unless include_remote=1, and streams B\'s by id', async () => {
    const list = async (q: string) => (await (await fetch(`${a.share.urls[0]}videos/?token=${A_TOKEN}${q}`)).json()) as { videos: Array<{ file_id: string; filename: string }>; total_count: number };
    expect((await list('')).videos.map((v) => v.filename)).toEqual(['here.mp4']);
    const all = await list('&include_remote=1');
    expect(all.total_count).toBe(3);
    const clip = all.videos.find((v) => v.filename === 'clip.mp4')!;
    const res = await fetch(`${a.share.urls[0]}videos/${clip.file_id}/stream?token=${A_TOKEN}`, { headers: { Range: 'bytes=0-9' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(b.library, 'yard', 'clip.mp4')).subarray(0, 10))).toBe(true);
    // A path names a file of A only.
    expect((await fetch(`${a.share.urls[0]}videos/yard%2Fclip.mp4/stream?token=${A_TOKEN}`)).status).toBe(404);
  });

  it('keeps B\'s entries, offline, while B is down, and brings them back when it returns', async () => {
    await b.stop({ keepData: true });
    await expect.poll(async () => (await aCall<RootStatus[]>('rootStatus', [])).find((r) => r.label.startsWith('127.0.0.1 · '))?.state, { timeout: 15_000 }).toBe('offline');
    expect(await remoteItems()).toHaveLength(2);
    b = await startServe(b.library, ['--port', String(bPort)], {}, { dataDir: b.dataDir });
    a.core.remotes.retryNow();
    await expect.poll(async () => (await aCall<RootStatus[]>('rootStatus', [])).find((r) => r.label.startsWith('127.0.0.1 · '))?.state, { timeout: 20_000 }).toBe('ok');
    expect(await remoteItems()).toHaveLength(2);
  }, 60_000);
});

describe('reelvault serve --remote', () => {
  let b: Served;
  let a: Served;
  afterAll(async () => { await a?.stop(); await b?.stop(); });

  const remoteCount = async (base: string) => {
    const r = await fetch(`${base}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' }, body: '[{"limit":100}]' });
    return ((await r.json()) as { value: QueryResult }).value.items.filter((e) => e.id.includes('.')).length;
  };

  it('pairs with the link once, shows B\'s recordings, converts on B, and on a restart needs the link no more', async () => {
    b = await startServe(makeLibrary({ 'gate/a.avi': 'cam-legacy/vga_10s.avi', 'yard/b.mp4': 'cam-modern/h264_aac.mp4' }));
    a = await startServe(makeLibrary({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' }), ['--remote', b.pairing]);
    await expect.poll(() => remoteCount(a.base), { timeout: 20_000 }).toBe(2);
    const devices = () => (JSON.parse(fs.readFileSync(path.join(b.dataDir, 'share-devices.json'), 'utf8')) as { devices: Array<{ label: string; reshares?: boolean }> }).devices;
    expect(devices()).toEqual([expect.objectContaining({ label: `Reelvault on ${os.hostname()}`.replace(/[^\p{L}\p{N} ._()-]/gu, '').slice(0, 60), reshares: true })]);
    expect(fs.statSync(path.join(a.dataDir, 'remotes.json')).mode & 0o777).toBe(0o600);

    // A conversion of B's file through A: a streaming session's ffmpeg (fragmented MP4) runs
    // under B's process, none under A's (A's own background thumbnails may come and go).
    const childrenOf = (pid: number) => { try { return execFileSync('ps', ['-o', 'args=', '--ppid', String(pid)]).toString(); } catch { return ''; } };
    const SESSION = /ffmpeg.*-movflags \S*empty_moov/;
    const r = await fetch(`${a.base}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' }, body: '[{"text":"a.avi"}]' });
    const avi = ((await r.json()) as { value: QueryResult }).value.items[0]!;
    const res = await fetch(`${a.base}/media/transcode/${avi.id}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    expect(childrenOf(b.proc.pid!)).toMatch(SESSION);
    expect(childrenOf(a.proc.pid!)).not.toMatch(SESSION);
    await reader.cancel();

    // Restarted with a link whose code is no good any more: the kept credential is used.
    await a.stop({ keepData: true });
    const stale = b.pairing.replace(/code=[\w-]+/, 'code=expiredexpiredexpired');
    a = await startServe(a.library, ['--remote', stale], {}, { dataDir: a.dataDir });
    await expect.poll(() => remoteCount(a.base), { timeout: 20_000 }).toBe(2);
    expect(devices()).toHaveLength(1);
  }, 90_000);
});
