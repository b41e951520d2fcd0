// The owner over the share, on real HTTP (loopback): the app's parts without Electron, its share
// on 127.0.0.1 as `npm start` runs it in a browser. The owner link pairs one device once; the
// owner's browser manages folders and devices with its share's Origin, a program with Bearer;
// viewers get 403 `forbidden` for every owner operation, and a cross-site form post is refused.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER_OPERATIONS, WINDOW_ONLY_OPERATIONS } from '../../contract/owner-operations.js';
import { copyFixtures } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { DeviceStore } from '../share/devices.js';
import { loadToken } from '../share/token.js';
import { createDesktop } from './desktop.js';

const noPicker = { pickFolder: async () => null, picturesDir: () => tmpDir('rv-pics-'), background: false };

interface Answer { status: number; body: { ok: boolean; code?: string; message?: string; value?: unknown } }

describe('the owner in the browser', () => {
  it('pairs once from loopback, manages folders with its Origin, and viewers get 403 for every owner operation', async () => {
    const root = copyFixtures(tmpDir(), { 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' });
    const recordings = copyFixtures(tmpDir(), { 'yard/b.mp4': 'cam-modern/h264_aac.mp4', 'yard/c.mp4': 'cam-modern/h264_aac.mp4' });
    const dataDir = tmpDir('rv-data-');
    const exportsDir = tmpDir('rv-exports-');
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root }], exportFolder: exportsDir }));
    const app = await createDesktop({ dataDir, ...noPicker, demo: false, loopbackShare: true, sharePort: 0 });
    try {
      await app.ready;
      const link = (await app.share.ownerLink())!;
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pair\?code=[A-Za-z0-9_-]{22}$/);
      const base = new URL(link).origin;
      expect(app.share.info().urls).toEqual([`${base}/`]);

      // The link pairs this browser as the owner, once.
      const paired = await fetch(link, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' } });
      expect(paired.status).toBe(303);
      const ownerCookie = paired.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);

      const call = async (op: string, args: unknown[], headers: Record<string, string>): Promise<Answer> => {
        const r = await fetch(`${base}/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(args) });
        return { status: r.status, body: await r.json() as Answer['body'] };
      };
      const owner = { Cookie: ownerCookie, Origin: base };
      const caps = (await call('capabilities', [], owner)).body.value as { role: string; allowed: Record<string, boolean> };
      expect(caps.role).toBe('owner');
      expect(caps.allowed).toMatchObject({
        addRoot: true, browseFolders: true, updateSettings: true, pairDevice: true, exportClip: true, chooseFolder: false,
        showExport: false, setShareEnabled: false,
      });

      // The folder browser: subfolders, readable, their videos counted; forbidden folders say why.
      const listing = (await call('browseFolders', [recordings], owner)).body.value as { folders: Array<{ name: string; videos: number; readable: boolean }> };
      expect(listing.folders).toEqual([expect.objectContaining({ name: 'yard', videos: 2, readable: true })]);
      for (const bad of ['/', dataDir, path.join(dataDir, 'logs'), exportsDir]) {
        const r = await call('addRoot', [bad], owner);
        expect(r.status, bad).toBe(400);
      }
      const added = await call('addRoot', [recordings, 'Back yard'], owner);
      expect(added.body.ok).toBe(true);
      expect((added.body.value as { libraryRoots: Array<{ path: string; label: string }> }).libraryRoots.map((r) => r.label)).toEqual([path.basename(root), 'Back yard']);
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).libraryRoots).toHaveLength(2);

      // Without its share's Origin the owner's cookie is a viewer's; a cross-site form post is refused.
      expect((await call('addRoot', [recordings], { Cookie: ownerCookie })).body.code).toBe('forbidden');
      const form = await fetch(`${base}/api/removeRoot`, {
        method: 'POST', headers: { Cookie: ownerCookie, Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: `0=${encodeURIComponent(root)}`,
      });
      expect(form.status).toBe(403);
      expect(app.settings.get().libraryRoots).toHaveLength(2);

      // A viewer (paired with the owner's link for devices), the token and a trusted address: 403 forbidden.
      const pairing = (await call('pairDevice', [], owner)).body.value as { pairingUrl: string };
      const viewerPaired = await fetch(pairing.pairingUrl, { redirect: 'manual' });
      const viewer = { Cookie: viewerPaired.headers.get('set-cookie')!.split(';')[0]!, Origin: base };
      const token = { Authorization: `Bearer ${await loadToken(dataDir)}` };
      expect(((await call('capabilities', [], viewer)).body.value as { role: string }).role).toBe('viewer');
      for (const who of [viewer, token]) {
        for (const op of OWNER_OPERATIONS) {
          const r = await call(op, [], who);
          expect([op, r.status, r.body.code]).toEqual([op, 403, 'forbidden']);
        }
        for (const op of WINDOW_ONLY_OPERATIONS) expect((await call(op, [], who)).body.code).toBe('unavailable');
      }
      const r = await fetch(`${base}/exports/abc/0`, { headers: { Cookie: viewer.Cookie } });
      expect(r.status).toBe(403);

      // A file opened from outside every library (`npm start -- ./clip.mp4`): the owner here plays it, a viewer never sees it.
      const outside = copyFixtures(tmpDir(), { 'clip.mp4': 'cam-modern/h264_aac.mp4' });
      const opened = await app.openFile(path.join(outside, 'clip.mp4'));
      if (!('id' in opened)) throw new Error(opened.error);
      expect((await call('takeOpen', [], owner)).body.value).toBe(opened.id);
      expect((await call('item', [opened.id], owner)).body.ok).toBe(true);
      expect((await fetch(`${base}/media/file/${opened.id}`, { headers: { Cookie: ownerCookie } })).status).toBe(200);
      expect((await call('item', [opened.id], viewer)).body.code).toBe('not-found');
      expect((await fetch(`${base}/media/file/${opened.id}`, { headers: { Cookie: viewer.Cookie } })).status).toBe(404);

      // A program with `reelvault pair --owner`'s code is an owner by Bearer, no Origin needed.
      const code = await DeviceStore.newOwnerCode(dataDir);
      const prog = await (await fetch(`${base}/pair`, { method: 'POST', body: JSON.stringify({ code, label: 'backup script' }) })).json() as { credential: string; owner?: boolean };
      expect(prog.owner).toBe(true);
      expect((await fetch(`${base}/pair`, { method: 'POST', body: JSON.stringify({ code, label: 'again' }) })).status).toBe(401);
      const bearer = { Authorization: `Bearer ${prog.credential}` };
      expect((await call('removeRoot', [recordings], bearer)).body.ok).toBe(true);

      // Settings list the owners; the audit log names who did what.
      const info = (await call('shareInfo', [], owner)).body.value as { devices: Array<{ label: string; owner?: boolean }> };
      expect(info.devices.map((d) => [d.label, d.owner === true])).toEqual([['Chrome on Linux', true], ['node', false], ['backup script', true]]);
      const audit = (await call('auditLog', [], owner)).body.value as Array<{ action: string; device: string; detail?: string }>;
      expect(audit.slice(0, 3).map((e) => [e.action, e.device, e.detail])).toEqual([
        ['removeRoot', 'backup script', recordings], ['pairDevice', 'Chrome on Linux', undefined], ['addRoot', 'Chrome on Linux', recordings],
      ]);
      expect((await call('auditLog', [], viewer)).body.code).toBe('forbidden');

      // The owner signs out: its cookie no longer works.
      const out = await fetch(`${base}/api/signOut`, { method: 'POST', headers: { ...owner, 'Content-Type': 'application/json' }, body: '[]' });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
      expect((await call('capabilities', [], owner)).status).toBe(401);
    } finally {
      await app.close();
    }
  }, 60_000);
});
