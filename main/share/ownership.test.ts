// Every session belongs to the credential that opened it: a paired device cannot end or
// disturb the desktop's playback or another device's, nor start ffmpeg without bound.
import { describe, expect, it } from 'vitest';
import { createLiveApi } from '../api/live.js';
import { LibraryRunner } from '../service/library-runner.js';
import { createCore } from '../service/core.js';
import { runningProcesses } from '../media/ffmpeg.js';
import { MAX_SESSIONS_PER_DEVICE } from '../media/sessions.js';
import { DESKTOP } from '../media/viewers.js';
import { CODEC_QUERIES, DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { copyFixtures } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { startShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

async function setup(files: Record<string, string>, maxTranscodes = 2) {
  const root = copyFixtures(tmpDir(), files);
  const dataDir = tmpDir('rv-data-');
  // As in the app: the core serves the desktop, the share serves paired devices.
  const core = await createCore({ dataDir, local: true, limits: { maxTranscodes, reserveLocal: true } });
  const runner = new LibraryRunner(core, { watch: false, background: false });
  await runner.setRoots([{ path: root }]);
  const api = createLiveApi(core, runner, { settings: () => ({ libraryRoots: [], transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false }, share: { enabled: true, port: 0, keepSharingWhenClosed: false }, cacheGiB: 2, preparePlayback: true }) });
  const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0, api });
  const base = `http://127.0.0.1:${s.port}`;
  const pair = async (): Promise<string> => (await fetch(await s.pairingLink(), { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  const id = (name: string) => core.library.query({ limit: 1000 }).items.find((e) => e.filename === name)!.id;
  return { root, dataDir, core, s, base, pair, id, async close() { api.close(); await s.close(); await runner.close(); await core.close(); } };
}

describe('sessions belong to the credential that opened them', () => {
  it('a paired device naming itself "desktop" does not end the desktop user\'s playback', async () => {
    const t = await setup({ 'cam/a.avi': 'cam-legacy/vga_10s.avi' });
    try {
      const id = t.id('a.avi');
      const desk = await t.core.handler(new Request(`reelvault://media/media/transcode/${id}?viewer=desktop`));
      expect(desk.status).toBe(200);
      const reader = desk.body!.getReader();
      await reader.read();
      const cookie = await t.pair();
      for (const viewer of ['desktop', 'desktop:0', '../desktop', 'token']) {
        const lan = await fetch(`${t.base}/media/transcode/${id}?viewer=${encodeURIComponent(viewer)}`, { headers: { Cookie: cookie } });
        expect(lan.status).toBe(200);
        await lan.body?.cancel();
      }
      const lanHeader = await fetch(`${t.base}/media/transcode/${id}`, { headers: { Cookie: cookie, 'X-Reelvault-Viewer': 'desktop' } });
      await lanHeader.body?.cancel();
      // The desktop's stream goes on to its end.
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      expect(bytes).toBeGreaterThan(100_000);
    } finally {
      await t.close();
    }
  });

  it('prepare=1: the desktop prepares a conversion in a spare slot; a LAN viewer prepares copies only (the last free slot is never taken)', async () => {
    const t = await setup({ 'cam/a.avi': 'cam-legacy/vga_10s.avi', 'cam/b.mkv': 'cam-modern/h264_aac.mkv' });
    try {
      const cookie = await t.pair();
      const lanConvert = await fetch(`${t.base}/media/transcode/${t.id('a.avi')}?viewer=t1&prepare=1`, { headers: { Cookie: cookie } });
      expect(lanConvert.status).toBe(503);
      const lanCopy = await fetch(`${t.base}/media/transcode/${t.id('b.mkv')}?viewer=t1&prepare=1`, { headers: { Cookie: cookie } });
      expect(lanCopy.status).toBe(200);
      expect(lanCopy.headers.get('x-reelvault-mode')).toBe('remux');
      await lanCopy.body?.cancel();
      const desk = await t.core.handler(new Request(`reelvault://media/media/transcode/${t.id('a.avi')}?viewer=desktop&prepare=1`));
      expect(desk.status).toBe(200);
      // Playback of the same viewer replaces it; with one slot busy, a second prepare is refused.
      const play = await t.core.handler(new Request(`reelvault://media/media/transcode/${t.id('a.avi')}?viewer=desktop&start=2`));
      expect(play.status).toBe(200);
      const again = await t.core.handler(new Request(`reelvault://media/media/transcode/${t.id('a.avi')}?viewer=desktop&prepare=1`));
      expect(again.status).toBe(503);
      expect(t.core.sessions.transcodesRunning).toBe(1);
      await desk.body?.cancel();
      await play.body?.cancel();
    } finally {
      await t.close();
    }
  });

  it('one device rotating tab names cannot start ffmpeg without bound: at most 10 sessions, then 503', async () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`cam/c${i}.mkv`, 'cam-modern/h264_aac.mkv']));
    const t = await setup(files);
    try {
      const cookie = await t.pair();
      const ids = Object.keys(files).map((f) => t.id(f.slice(4)));
      let peak = 0;
      // Sessions are the ffmpegs writing fragmented MP4; a file's ffprobe, or a background thumbnail's
      // ffmpeg, may run beside them (both are bounded by the media queue, not by this limit).
      const isSession = (p: { commandLine: string }) => p.commandLine.startsWith('ffmpeg') && p.commandLine.includes('-movflags');
      const watch = setInterval(() => { peak = Math.max(peak, [...runningProcesses()].filter(isSession).length); }, 5);
      const answers = await Promise.all(Array.from({ length: 24 }, (_, k) => fetch(`${t.base}/media/transcode/${ids[k % ids.length]}?viewer=tab${k}`, { headers: { Cookie: cookie } })));
      clearInterval(watch);
      const ok = answers.filter((r) => r.status === 200);
      const busy = answers.filter((r) => r.status === 503);
      expect(ok.length).toBeLessThanOrEqual(MAX_SESSIONS_PER_DEVICE);
      expect(ok.length + busy.length).toBe(24);
      expect(busy.every((r) => r.headers.get('retry-after'))).toBe(true);
      expect(peak).toBeLessThanOrEqual(MAX_SESSIONS_PER_DEVICE);
      expect(peak).toBeGreaterThan(0); // the filter does see sessions
      for (const r of answers) await r.body?.cancel();
      // Another device is not locked out by the first one's sessions.
      const other = await t.pair();
      const r = await fetch(`${t.base}/media/transcode/${ids[0]}?viewer=x`, { headers: { Cookie: other } });
      expect([200, 503]).toContain(r.status);
      await r.body?.cancel();
    } finally {
      await t.close();
    }
  });

  it('another Reelvault, re-sharing to its viewers, is held to the pools\' limits rather than 10 sessions, and is listed so', async () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`cam/c${i}.mkv`, 'cam-modern/h264_aac.mkv']));
    const t = await setup(files, 4); // remux slots: 16
    try {
      const code = new URL(await t.s.pairingLink()).searchParams.get('code');
      const paired = await (await fetch(`${t.base}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, label: 'Reelvault on hall', kind: 'reelvault' }) })).json() as { credential: string };
      expect(t.s.devices.list().find((d) => d.label === 'Reelvault on hall')).toMatchObject({ reshares: true });
      const ids = Object.keys(files).map((f) => t.id(f.slice(4)));
      const answers = await Promise.all(Array.from({ length: 14 }, (_, k) => fetch(`${t.base}/media/transcode/${ids[k % ids.length]}?viewer=tab${k}`, { headers: { Authorization: `Bearer ${paired.credential}` } })));
      expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(MAX_SESSIONS_PER_DEVICE);
      for (const r of answers) await r.body?.cancel();
    } finally {
      await t.close();
    }
  });

  it('keeps resume positions per device, persisted apart from the desktop\'s, which no device can evict', async () => {
    const t = await setup({ 'cam/a.avi': 'cam-legacy/vga_10s.avi' });
    const id = t.id('a.avi');
    const call = (cookie: string, op: string, args: unknown[]) => fetch(`${t.base}/api/${op}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(args) }).then((r) => r.json() as Promise<{ ok: boolean; value: unknown }>);
    try {
      t.core.viewers.positions.set(DESKTOP, id, 5, 10);
      const a = await t.pair();
      const b = await t.pair();
      expect((await call(a, 'savePlayerState', [id, 6])).ok).toBe(true);
      expect((await call(a, 'playerState', [id])).value).toMatchObject({ positionSec: 6 });
      expect((await call(b, 'playerState', [id])).value).toBeNull();
      // Many devices later, the desktop's position is still its own.
      for (let i = 0; i < 1100; i++) t.core.viewers.positions.set(`dev${i}`, id, 4, 10);
      expect(t.core.viewers.positions.get(DESKTOP, id)).toMatchObject({ positionSec: 5 });
    } finally {
      await t.close();
    }
    // Saved in the data folder, each in its own file.
    const again = await createCore({ dataDir: t.dataDir, local: true });
    try {
      expect(again.viewers.positions.get(DESKTOP, id)).toMatchObject({ positionSec: 5 });
      expect(again.viewers.positions.get('dev1099', id)).toMatchObject({ positionSec: 4 });
    } finally {
      await again.close();
    }
  });
});

describe('one playback decision', () => {
  it('a viewer that decodes HEVC gets a copy from item and from the media route alike; one that does not, a conversion from both', async () => {
    const t = await setup({ 'cam/h.mov': 'cam-modern/hevc.mov' });
    try {
      const id = t.id('h.mov');
      const cookie = await t.pair();
      const call = async (tab: string, op: string, args: unknown[]) => (await (await fetch(`${t.base}/api/${op}`, {
        method: 'POST', headers: { Cookie: cookie, 'X-Reelvault-Viewer': tab, 'Content-Type': 'application/json' }, body: JSON.stringify(args),
      })).json()) as { ok: boolean; value: { plan: { mode: string } } };
      await call('hevc-tab', 'reportCaps', [{ ...DEFAULT_CHROMIUM_CAPS, [CODEC_QUERIES.hevc]: true }]);
      for (const [tab, mode] of [['hevc-tab', 'remux'], ['plain-tab', 'transcode']] as const) {
        expect((await call(tab, 'item', [id])).value.plan.mode).toBe(mode);
        const r = await fetch(`${t.base}/media/transcode/${id}?start=0&viewer=${tab}`, { headers: { Cookie: cookie } });
        expect([tab, r.headers.get('x-reelvault-mode')]).toEqual([tab, mode]);
        await r.body?.cancel();
      }
      // The one override: a conversion, after a copy failed in the player.
      const forced = await fetch(`${t.base}/media/transcode/${id}?start=0&viewer=hevc-tab&mode=transcode`, { headers: { Cookie: cookie } });
      expect(forced.headers.get('x-reelvault-mode')).toBe('transcode');
      await forced.body?.cancel();
    } finally {
      await t.close();
    }
  });
});
