// The contract's behaviour, written once and run against every transport: the browser
// transport over a real share (share/http-contract.test.ts) and the IPC transport over a fake
// IPC pair (preload). A transport passes when the renderer cannot tell it apart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryChange, ReelvaultApi, Result, RootStatus, ScanProgressInfo } from '../../contract/api.js';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { DESKTOP_OPERATIONS } from '../../contract/operations.js';
import { fixture } from './fixtures.js';
import type { ContractHarness } from './api-harness.js';
import { statusOf } from './http.js';

export const CONTRACT_FILES = {
  'cam-1/2026-11-20_08-00-00.mp4': 'cam-modern/h264_aac.mp4',
  'cam-1/2026-11-21_08-00-00.avi': 'cam-legacy/vga_10s.avi',
  'cam-2/2026-11-22_09-30-00.mkv': 'cam-legacy/mpeg2.mkv',
  'cam-2/broken.avi': 'broken/garbage.avi',
};

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

function waitFor<T>(subscribe: (cb: (v: T) => void) => () => void, pred: (v: T) => boolean, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('timed out waiting for an event')); }, ms);
    const off = subscribe((v) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

export function contractSuite(name: string, setup: () => Promise<ContractHarness>, expectTransport: 'ipc' | 'http'): void {
  describe(`contract over ${name}`, () => {
    let h: ContractHarness;
    let api: ReelvaultApi;
    beforeAll(async () => { h = await setup(); api = h.api; });
    afterAll(async () => { await h?.close(); });

    it('says what it allows: desktop operations only over IPC', async () => {
      const caps = await api.capabilities();
      expect(caps.transport).toBe(expectTransport);
      // The app window may do all but sign out; a viewer over HTTP nothing (the owner: owner-share.test.ts).
      for (const op of DESKTOP_OPERATIONS) expect([op, caps.allowed[op]]).toEqual([op, expectTransport === 'ipc' && op !== 'signOut']);
      if (expectTransport === 'http') {
        // An owner operation is forbidden to a viewer; what needs the app's window is unavailable.
        for (const r of [await api.shareInfo(), await api.updateSettings({ cacheGiB: 3 }), await api.regenerateToken(), await api.pairDevice(), await api.revokeDevice('abc'), await api.revokeAllDevices()]) {
          expect(r).toMatchObject({ ok: false, code: 'forbidden' });
        }
        for (const r of [await api.chooseFolder(), await api.setShareEnabled(false)]) expect(r).toMatchObject({ ok: false, code: 'unavailable' });
      }
    });

    it.runIf(expectTransport === 'ipc')('lets the desktop change settings, folders, the share and save snapshots', async () => {
      const d = h.desktop!;
      expect(await api.updateSettings({ transcode: { crf: 99 } })).toMatchObject({ ok: false, code: 'bad-request', message: /transcode\.crf/ });
      expect(value(await api.updateSettings({ transcode: { crf: 20, maxConcurrent: 3 } })).transcode).toMatchObject({ crf: 20, maxConcurrent: 3 });
      expect(value(await api.settings()).transcode.crf).toBe(20);

      const other = fs.mkdtempSync(path.join(path.dirname(h.root), 'rv-second-'));
      try {
        fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(other, 'second.mp4'));
        d.pickNext(null);
        expect(value(await api.chooseFolder())).toBeNull(); // cancelled
        d.pickNext(other);
        expect(value(await api.chooseFolder())!.libraryRoots.map((r) => r.path)).toEqual([h.root, other]);
        expect(value(await api.query({ text: 'second' })).total).toBe(1);
        // Folders come only from the picker: the page cannot add, swap or drop one here...
        const outside = fs.mkdtempSync(path.join(path.dirname(h.root), 'rv-made-up-'));
        const tries = [
          [{ path: h.root }, { path: other }, { path: outside }], [{ path: h.root }, { path: outside }],
          [{ path: h.root }], [{ path: h.root }, { path: h.root }],
        ];
        for (const libraryRoots of tries) {
          expect(await api.updateSettings({ libraryRoots })).toMatchObject({ ok: false, code: 'bad-request', message: /Add folder/ });
        }
        fs.rmSync(outside, { recursive: true, force: true });
        expect(value(await api.settings()).libraryRoots.map((r) => r.path)).toEqual([h.root, other]);
        // ...only their options, and the name viewers see (empty gives the folder's name back).
        const renamed = value(await api.updateSettings({ libraryRoots: [{ path: h.root }, { path: other, label: ' Gate camera ', stabilitySec: 7 }] }));
        expect(renamed.libraryRoots[1]).toMatchObject({ path: other, label: 'Gate camera', stabilitySec: 7 });
        expect(value(await api.rootStatus()).map((r) => r.label)).toEqual([path.basename(h.root), 'Gate camera']);
        expect(value(await api.updateSettings({ libraryRoots: [{ path: h.root }, { path: other, label: '' }] })).libraryRoots[1]!.label).toBe(path.basename(other));
        expect(await api.removeRoot('/nowhere')).toMatchObject({ ok: false, code: 'not-found' });
        expect(value(await api.removeRoot(other)).libraryRoots.map((r) => r.path)).toEqual([h.root]);
        expect(value(await api.query({ text: 'second' })).total).toBe(0);
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }

      expect(value(await api.shareInfo())).toMatchObject({ enabled: false, pairingUrl: null });
      const on = value(await api.setShareEnabled(true));
      expect(on.enabled).toBe(true);
      expect(on.pairingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pair\?code=[A-Za-z0-9_-]{22}$/);
      expect(on.pairingQr).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(on.devices).toEqual([]);
      // A device pairs with the link: a credential of its own, listed with its browser's name.
      const paired = await fetch(on.pairingUrl!, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile Safari/537.36' } });
      expect(paired.status).toBe(303);
      const cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
      const base = new URL(on.pairingUrl!).origin;
      const asDevice = () => fetch(`${base}/videos/`, { headers: { Cookie: cookie } }).then((r) => r.status);
      expect(await asDevice()).toBe(200);
      const listed = value(await api.shareInfo()).devices;
      expect(listed).toMatchObject([{ label: 'Chrome on Android', address: '127.0.0.1' }]);
      // "Pair a device" makes a fresh link; a new bearer token leaves paired devices paired.
      const fresh = value(await api.pairDevice());
      expect(fresh.pairingUrl).not.toBe(on.pairingUrl);
      expect(await statusOf(fresh.pairingUrl!)).toBe(303);
      const again = value(await api.regenerateToken());
      expect(again.devices.length).toBe(2);
      expect(await asDevice()).toBe(200);
      // Revoking one device ends its access at once; the other stays.
      expect(value(await api.revokeDevice(listed[0]!.id)).devices.length).toBe(1);
      expect(await asDevice()).toBe(401);
      expect(await api.revokeDevice(listed[0]!.id)).toMatchObject({ ok: false, code: 'not-found' });
      expect(value(await api.revokeAllDevices()).devices).toEqual([]);
      expect(value(await api.setShareEnabled(false)).enabled).toBe(false);

      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
      const id = h.idOf('2026-11-21_08-00-00.avi');
      const saved = value(await api.saveSnapshot({ id, positionSec: 65.2, png }));
      expect(path.dirname(saved.savedTo)).toBe(path.join(d.picturesDir, 'Reelvault'));
      expect(path.basename(saved.savedTo)).toBe('cam-1 2026-11-21_08-00-00 1m05.2s.png');
      expect(value(await api.saveSnapshot({ id, positionSec: 65.2, png })).savedTo).toMatch(/ \(2\)\.png$/);
      expect(fs.readdirSync(h.root, { recursive: true }).some((n) => String(n).endsWith('.png'))).toBe(false);
      expect(await api.saveSnapshot({ id, positionSec: 1, png: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) })).toMatchObject({ ok: false, code: 'bad-request' });
    }, 30_000);

    it('queries with filters, facets and paging', async () => {
      const all = value(await api.query({ sort: 'recorded-asc' }));
      expect(all.total).toBe(4);
      expect(all.items.map((e) => e.filename)).toContain('2026-11-21_08-00-00.avi');
      expect(all.facets.cameras.map((c) => [c.name, c.count])).toEqual([['cam-1', 2], ['cam-2', 2]]);
      const cam1 = all.facets.cameras.find((c) => c.name === 'cam-1')!;
      const filtered = value(await api.query({ cameras: [{ root: cam1.root, name: 'cam-1' }], from: Date.parse('2026-11-21T00:00:00'), limit: 10 }));
      expect(filtered.items.map((e) => e.filename)).toEqual(['2026-11-21_08-00-00.avi']);
      const page = value(await api.query({ sort: 'name', offset: 1, limit: 2 }));
      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(4);
      expect(value(await api.query({ text: 'broken' })).items.map((e) => e.filename)).toEqual(['broken.avi']);
    });

    it('lays out every camera in time: spans from name times, gaps, merging and lane keys', async () => {
      const a = h.idOf('2026-11-20_08-00-00.mp4'), b = h.idOf('2026-11-21_08-00-00.avi'), c = h.idOf('2026-11-22_09-30-00.mkv');
      for (const id of [a, b, c]) value(await api.item(id)); // probed: their lengths are known
      const from = new Date(2026, 10, 19).getTime(), to = new Date(2026, 10, 24).getTime();
      const t = value(await api.timeline({ from, to }));
      const cam1 = t.lanes.find((l) => l.camera === 'cam-1')!;
      const cam2 = t.lanes.find((l) => l.camera === 'cam-2')!;
      expect(cam1).toMatchObject({ source: 'local', rootLabel: expect.any(String), unreliable: false });
      expect(cam1.key).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cam1.rootId).not.toContain('/');
      const start = new Date(2026, 10, 20, 8).getTime();
      expect(cam1.spans[0]).toMatchObject({ id: a, start, inProgress: false });
      expect(cam1.spans[0]!.end - start).toBeGreaterThan(1000);
      expect(cam1.spans.map((s) => ('id' in s ? s.id : null))).toEqual([a, b]);
      expect(cam2.spans.map((s) => ('id' in s ? s.id : null))).toEqual([c]); // broken.avi has no name time: it sits at its mtime, today
      // Two days apart merge at a zoom of a few days per pixel.
      expect(value(await api.timeline({ from, to, minSpanMs: 3 * 86400_000, lanes: [cam1.key] })).lanes)
        .toEqual([{ ...cam1, spans: [{ start, end: cam1.spans[1]!.end, count: 2, firstId: a, inProgress: false }] }]);
      expect(value(await api.timeline({ from, to, cameras: [{ root: cam2.rootId, name: 'cam-2' }] })).lanes.map((l) => l.camera)).toEqual(['cam-2']);
      expect(value(await api.timeline({ from, to, text: 'mkv' })).lanes.map((l) => l.camera)).toEqual(['cam-2']);
      expect(await api.timeline({ from: to, to: from })).toMatchObject({ ok: false, code: 'bad-request' });
      expect((await api.capabilities()).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    });

    it.runIf(expectTransport === 'ipc')('reads name times in the zone a folder is set to, and names cameras by the folder level', async () => {
      const a = h.idOf('2026-11-20_08-00-00.mp4');
      const at = async () => value(await api.item(a)).entry;
      const keep = value(await api.settings()).libraryRoots.map((r) => ({ path: r.path! }));
      expect(await api.updateSettings({ libraryRoots: keep.map((r) => ({ ...r, nameTimeZone: 'Mars/Olympus' })) })).toMatchObject({ ok: false, code: 'bad-request' });
      value(await api.updateSettings({ libraryRoots: keep.map((r) => ({ ...r, nameTimeZone: 'Asia/Kolkata' })) }));
      await expect.poll(async () => (await at()).startedAt).toBe(Date.UTC(2026, 10, 20, 2, 30));
      expect((await at()).recordedAt).toBe(Date.UTC(2026, 10, 20, 2, 30)); // the grid's date follows the name's zone too
      value(await api.updateSettings({ libraryRoots: keep.map((r) => ({ ...r, nameTimeZone: 'local', cameraLevel: 2 })) }));
      await expect.poll(async () => (await at()).startedAt).toBe(new Date(2026, 10, 20, 8).getTime());
      expect((await at()).camera).toBe('cam-1'); // no deeper folder: the deepest there is
      value(await api.updateSettings({ libraryRoots: keep.map((r) => ({ ...r, cameraLevel: 1 })) }));
    });

    it('answers bad input as data, never by throwing', async () => {
      const bad = [
        await api.query({ limit: -1 }),
        await api.query({ sort: 'sideways' } as never),
        await api.item('../../etc/passwd'),
        await api.prioritize(['x'.repeat(5000)]),
        await api.savePlayerState(h.idOf('2026-11-20_08-00-00.mp4'), Number.NaN),
      ];
      for (const r of bad) expect(r).toMatchObject({ ok: false, code: 'bad-request' });
      expect(await api.item('AAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ ok: false, code: 'not-found' });
    });

    it('gives item details with probe and a plan that follows the reported caps', async () => {
      const id = h.idOf('2026-11-21_08-00-00.avi');
      const d = value(await api.item(id));
      expect(d.entry.id).toBe(id);
      expect(d.probe?.video?.codec).toBe('mpeg4');
      expect(d.plan?.mode).toBe('transcode');
      const mp4 = value(await api.item(h.idOf('2026-11-20_08-00-00.mp4')));
      expect(mp4.plan?.mode).toBe('direct');
      // A viewer that decodes no H.264 in MP4 gets a transcode even for it.
      const noH264 = Object.fromEntries(Object.keys(DEFAULT_CHROMIUM_CAPS).map((k) => [k, k.includes('mp4a') ? DEFAULT_CHROMIUM_CAPS[k]! : false]));
      expect(value(await api.reportCaps(noH264))).toBeNull();
      expect(value(await api.item(h.idOf('2026-11-20_08-00-00.mp4'))).plan?.mode).toBe('transcode');
      value(await api.reportCaps(DEFAULT_CHROMIUM_CAPS));
      const broken = value(await api.item(h.idOf('broken.avi')));
      expect(broken.plan).toBeNull();
      expect(broken.probeError).toMatch(/\w/);
    });

    it('builds same-origin media URLs that serve the file, thumbnail and sprite', async () => {
      const id = h.idOf('2026-11-20_08-00-00.mp4');
      const url = api.mediaUrl({ kind: 'file', id });
      expect(url).not.toMatch(/token/);
      expect(api.mediaUrl({ kind: 'transcode', id, start: 12.5, mode: 'remux' })).toMatch(/start=12\.500.*mode=remux.*viewer=/);
      expect(api.mediaUrl({ kind: 'thumb', id, width: 320, format: 'webp' })).toMatch(/\/media\/thumb\/[\w-]{22}\?w=320&f=webp$/);
      expect(api.mediaUrl({ kind: 'sprite', id, index: true })).toMatch(/\/media\/sprite\/[\w-]{22}\?index=1$/);
    });

    it('names folders by an opaque id and a label, never by path: entries, cameras, roots and errors', async () => {
      const rootId = h.library.rootId(h.root);
      expect(rootId).toMatch(/^[A-Za-z0-9_-]{12}$/);
      const r = value(await api.query({}));
      expect(new Set(r.items.map((e) => e.root))).toEqual(new Set([rootId]));
      expect(r.facets.cameras.map((c) => [c.root, c.rootLabel])).toEqual([[rootId, path.basename(h.root)], [rootId, path.basename(h.root)]]);
      // The id filters by camera; a made-up id matches nothing.
      expect(value(await api.query({ cameras: [{ root: rootId, name: 'cam-2' }] })).total).toBe(2);
      expect(value(await api.query({ cameras: [{ root: h.root, name: 'cam-2' }] })).total).toBe(0);
      const id = h.idOf('broken.avi');
      const answers: unknown[] = [r, await api.item(id), await api.item(h.idOf('2026-11-20_08-00-00.mp4')), await api.rootStatus(), await api.scanProgress(), await api.item('AAAAAAAAAAAAAAAAAAAAAA')];
      if (expectTransport === 'http') answers.push(await api.settings());
      for (const a of answers) expect(JSON.stringify(a)).not.toContain(h.root);
    });

    it('takes prioritize and cancel, and reports settings, roots and progress', async () => {
      const ids = value(await api.query({})).items.map((e) => e.id);
      expect(await api.prioritize(ids)).toEqual({ ok: true, value: null });
      expect(await api.cancel(ids.slice(0, 1))).toEqual({ ok: true, value: null });
      const s = value(await api.settings());
      const rootId = h.library.rootId(h.root);
      expect(s.libraryRoots.map((r) => r.rootId)).toEqual([rootId]);
      // Only the person at the desktop is told where the folder is.
      expect(s.libraryRoots.map((r) => r.path)).toEqual(expectTransport === 'ipc' ? [h.root] : [undefined]);
      const roots = value(await api.rootStatus());
      expect(roots).toMatchObject([{ root: rootId, label: s.libraryRoots[0]!.label, state: 'ok', files: 4 }]);
      const p = value(await api.scanProgress());
      expect(p.scanning).toBe(false);
      expect(p.lastScanAt).toBeGreaterThan(0);
      expect(p.backlog.probes).toBeGreaterThanOrEqual(0);
      // What prioritize started finishes here, not in the next test (slow on a loaded machine).
      await h.whenIdle();
    });

    it('keeps the resume position per file and viewer', async () => {
      const id = h.idOf('2026-11-21_08-00-00.avi');
      expect(value(await api.playerState(id))).toBeNull();
      value(await api.savePlayerState(id, 4.25));
      expect(value(await api.playerState(id))).toMatchObject({ positionSec: 4.25 });
      // Near the start is not worth resuming: it forgets.
      value(await api.savePlayerState(id, 1));
      expect(value(await api.playerState(id))).toBeNull();
      expect(await api.savePlayerState('AAAAAAAAAAAAAAAAAAAAAA', 5)).toMatchObject({ ok: false, code: 'not-found' });
    });

    it('tells subscribers about new files, removed files, root states and scan progress', async () => {
      const roots: RootStatus[][] = [];
      const progress: ScanProgressInfo[] = [];
      const offRoots = api.onRootStatus((r) => roots.push(r));
      const offScan = api.onScanProgress((p) => progress.push(p));
      // Probes finishing elsewhere in the library send changes too: wait for the one about this file.
      const isNew = (id: string) => h.library.get(id)?.filename === 'new.mp4';
      const added = waitFor<LibraryChange>((cb) => api.onLibraryChange(cb), (c) => c.updated.some(isNew));
      await new Promise((r) => setTimeout(r, 300)); // the stream is open
      fs.mkdirSync(path.join(h.root, 'cam-3'), { recursive: true });
      fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(h.root, 'cam-3', 'new.mp4'));
      const change = await added;
      const newId = h.idOf('new.mp4');
      expect(change.updated).toContain(newId);
      const removed = waitFor<LibraryChange>((cb) => api.onLibraryChange(cb), (c) => c.removed.includes(newId));
      await new Promise((r) => setTimeout(r, 100));
      fs.rmSync(path.join(h.root, 'cam-3', 'new.mp4'));
      await removed;
      // A fresh stream begins with the current state.
      expect(roots.at(-1)?.[0]).toMatchObject({ root: h.library.rootId(h.root) });
      expect(progress.length).toBeGreaterThan(0);
      offRoots();
      offScan();
    }, 20_000);
  });
}
