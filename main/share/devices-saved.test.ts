// A change to the paired devices is on disk before it is answered, or it is not made and says
// why: a pairing on a full disk must not answer 200 and be lost at the next start, and a revoke
// must not come undone.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../service/core.js';
import { tmpDir } from '../test-support/tmp.js';
import { DeviceSaveError, DeviceStore } from './devices.js';
import { startShare } from './server.js';

const DEVICES = 'share-devices.json';

/** Writes of the devices file fail from now on: a folder stands where it is renamed to. */
function breakWrites(dir: string): () => void {
  const file = path.join(dir, DEVICES);
  const saved = fs.readFileSync(file);
  fs.rmSync(file);
  fs.mkdirSync(path.join(file, 'blocker'), { recursive: true });
  return () => { fs.rmSync(file, { recursive: true }); fs.writeFileSync(file, saved); };
}

describe('paired devices are saved before they are answered', () => {
  it('a pairing that cannot be saved is refused with a clear error, is not paired, and leaves no temp file', async () => {
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
    const s = await startShare(core, { token: 'test-token-0123456789abcdef', host: '127.0.0.1', port: 0 });
    try {
      const code = new URL(await s.pairingLink()).searchParams.get('code')!;
      const repair = breakWrites(core.dataDir);
      const post = await fetch(`http://127.0.0.1:${s.port}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, label: 'script' }) });
      expect(post.status).toBe(500);
      expect(await post.json()).toMatchObject({ ok: false, code: 'not-saved', message: expect.stringMatching(/could not be saved.*not paired/) });
      const page = await fetch(`http://127.0.0.1:${s.port}/pair?code=${code}`, { redirect: 'manual' });
      expect(page.status).toBe(500);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(await page.text()).toMatch(/Pairing could not be saved/);
      expect(s.devices.list()).toEqual([]);
      expect(fs.readdirSync(core.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // Once the disk takes writes again, the same code pairs, and the device survives a restart.
      repair();
      const again = await fetch(`http://127.0.0.1:${s.port}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, label: 'script' }) });
      expect(again.status).toBe(200);
      const { credential } = await again.json() as { credential: string };
      expect((await DeviceStore.open(core.dataDir)).authenticate(credential)?.label).toBe('script');
    } finally {
      await s.close();
      await core.close();
    }
  });

  it('a revoke that cannot be saved throws and leaves the device paired, in memory and on disk', async () => {
    const dir = tmpDir();
    const store = await DeviceStore.open(dir);
    const a = await store.add('Chrome on Linux', '192.168.1.5');
    const repair = breakWrites(dir);
    await expect(store.revoke(a.device.id)).rejects.toThrow(DeviceSaveError);
    await expect(store.revokeAll()).rejects.toThrow(/could not be saved.*nothing was changed/);
    expect(store.authenticate(a.credential)?.id).toBe(a.device.id);
    repair();
    expect(await store.revoke(a.device.id)).toBe(true);
    expect((await DeviceStore.open(dir)).authenticate(a.credential)).toBeNull();
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
    const d = tmpDir();
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d]).status === 0;
    if (ok) spawnSync('umount', [d]);
    return ok;
  })();
  it.skipIf(!canMount)('on a full disk a pairing says the disk is full', async () => {
    const dir = tmpDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
    try {
      const store = await DeviceStore.open(dir);
      const code = await store.newPairingCode();
      fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(0));
      // Fill what is left, a block at a time, until the disk says it is full.
      const fd = fs.openSync(path.join(dir, 'filler'), 'w');
      try { for (;;) fs.writeSync(fd, Buffer.alloc(1024)); } catch { /* full */ } finally { fs.closeSync(fd); }
      await expect(store.redeem(code, 'phone', '192.168.1.9')).rejects.toThrow(/the disk is full/);
      expect(store.list()).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
    }
  });
});
