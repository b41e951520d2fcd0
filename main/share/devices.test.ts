import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../service/core.js';
import { runPair } from '../cli/pair-command.js';
import { tmpDir } from '../test-support/tmp.js';
import { FailureLimiter } from './access.js';
import { DeviceStore, labelFromUserAgent, PAIRING_TTL_MS } from './devices.js';
import { API_VERSION, LEGACY_COOKIE, redactUrl, startShare } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('the device store', () => {
  it('stores codes and credentials hashed, and a code lasts 15 minutes for any number of devices', async () => {
    const dir = tmpDir();
    const store = await DeviceStore.open(dir);
    const t0 = Date.now();
    const code = await store.newPairingCode(t0);
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits
    const a = await store.redeem(code, 'Chrome on Linux', '192.168.1.5', t0 + 1000);
    const b = await store.redeem(code, 'Safari on iOS', '192.168.1.6', t0 + PAIRING_TTL_MS - 1);
    expect(a && b).toBeTruthy();
    expect(await store.redeem(code, 'late', '192.168.1.7', t0 + PAIRING_TTL_MS + 1)).toBeNull();
    expect(await store.redeem('wrong', 'x', '1.2.3.4', t0)).toBeNull();
    expect(store.authenticate(a!.credential)?.label).toBe('Chrome on Linux');
    expect(store.authenticate(`${a!.credential}x`)).toBeNull();
    // Nothing in the data folder is a usable secret.
    const files = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(files).not.toContain(code);
    expect(files).not.toContain(a!.credential);
    // Revoking one leaves the other; a reopened store knows the survivors and the share id.
    expect(await store.revoke(a!.device.id)).toBe(true);
    expect(store.authenticate(a!.credential)).toBeNull();
    await store.close();
    const again = await DeviceStore.open(dir);
    expect(again.shareId).toBe(store.shareId);
    expect(again.authenticate(b!.credential)?.label).toBe('Safari on iOS');
  });

  it('names a browser from its User-Agent', () => {
    expect(labelFromUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0')).toBe('Edge on Windows');
    expect(labelFromUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on macOS');
    expect(labelFromUserAgent(null)).toBe('Unknown device');
    expect(labelFromUserAgent('curl/8.5.0')).toBe('curl');
  });

  it('bounds the wrong-token limiter', () => {
    const l = new FailureLimiter(3, 60_000, 100);
    for (let i = 0; i < 1000; i++) l.fail(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(l.size).toBe(100);
    expect(l.blocked('10.0.3.231', 1)).toBe(false); // remembered only once
  });

  it('redacts tokens and codes from logged URLs', () => {
    expect(redactUrl(new URL('http://h/videos/x/stream?token=secret&a=1'))).toBe('/videos/x/stream?token=REDACTED&a=1');
    expect(redactUrl(new URL('http://h/pair?code=abc'))).toBe('/pair?code=REDACTED');
  });
});

describe('pairing over HTTP', () => {
  async function share() {
    const dataDir = tmpDir('rv-data-');
    const core = await createCore({ dataDir, local: false });
    const s = await startShare(core, { token: TOKEN, host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${s.port}`;
    return { dataDir, core, s, base, async close() { await s.close(); await core.close(); } };
  }

  it('lets a program pair with POST /pair and use its credential as a bearer', async () => {
    const t = await share();
    try {
      const health = await (await fetch(`${t.base}/health`)).json() as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', app: 'reelvault', apiVersion: API_VERSION, shareId: t.s.devices.shareId });
      const code = new URL(await t.s.pairingLink()).searchParams.get('code')!;
      const bad = await fetch(`${t.base}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'nope', label: 'x' }) });
      expect(bad.status).toBe(401);
      const r = await fetch(`${t.base}/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, label: 'Reelvault at the gate' }) });
      expect(r.status).toBe(200);
      const body = await r.json() as { credential: string; shareId: string; apiVersion: number };
      expect(body).toMatchObject({ shareId: t.s.devices.shareId, apiVersion: API_VERSION });
      expect((await fetch(`${t.base}/videos/`, { headers: { Authorization: `Bearer ${body.credential}` } })).status).toBe(200);
      expect(t.s.devices.list().map((d) => d.label)).toEqual(['Reelvault at the gate']);
    } finally {
      await t.close();
    }
  });

  it('exchanges an old master-token cookie once for a device credential, then clears it', async () => {
    const t = await share();
    try {
      const r = await fetch(`${t.base}/videos/`, { headers: { Cookie: `${LEGACY_COOKIE}=${TOKEN}`, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' } });
      expect(r.status).toBe(200);
      const cookies = r.headers.getSetCookie();
      const device = cookies.find((c) => c.startsWith(`rv_${t.s.devices.shareId}=`))!;
      expect(device).toMatch(/HttpOnly; SameSite=Strict/);
      expect(cookies.some((c) => c.startsWith(`${LEGACY_COOKIE}=;`) && /Max-Age=0/.test(c))).toBe(true);
      expect(t.s.devices.list().map((d) => d.label)).toEqual(['Firefox on Linux']);
      expect((await fetch(`${t.base}/videos/`, { headers: { Cookie: device.split(';')[0]! } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('reelvault pair writes a code a running share accepts at once, on the addresses serve recorded', async () => {
    const t = await share();
    try {
      fs.writeFileSync(path.join(t.dataDir, 'serve.json'), JSON.stringify({ urls: [`${t.base}/`], port: t.s.port, pid: process.pid, startedAt: Date.now() }));
      let out = '';
      const code = await runPair(['--data-dir', t.dataDir], { write: (s: string) => { out += s; return true; } }, { write: () => true });
      expect(code).toBe(0);
      const link = new RegExp(`(${t.base.replace(/[.]/g, '\\.')}/pair\\?code=[A-Za-z0-9_-]{22})`).exec(out)![1]!;
      const r = await fetch(link, { redirect: 'manual' });
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/');
    } finally {
      await t.close();
    }
  });
});
