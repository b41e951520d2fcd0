// `npm run dev`: Vite's dev server proxies the share's routes with Host and Origin rewritten, so
// a paired page on the dev server talks to a share whose checks (foreign hosts, cross-site
// pages, CORS) are all on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareHarness, type ShareHarness } from '../main/test-support/api-harness.js';

describe('the dev server\'s proxy to a headless share', () => {
  let h: ShareHarness;
  let dev: { close(): Promise<void>; resolvedUrls: { local: string[] } | null };
  let base = '';
  beforeAll(async () => {
    h = await shareHarness({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' });
    process.env.REELVAULT_DEV_SHARE = h.base;
    const { createServer } = await import('vite');
    dev = await createServer({ configFile: 'vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' }) as never;
    await (dev as unknown as { listen(): Promise<void> }).listen();
    base = dev.resolvedUrls!.local[0]!.replace(/\/$/, '');
  }, 60_000);
  afterAll(async () => {
    await dev?.close();
    delete process.env.REELVAULT_DEV_SHARE;
    await h?.close();
  });

  it('pairs through the proxy and then answers the API, with the page\'s own Origin', async () => {
    // The share's pairing link, opened at the dev server's address.
    const code = new URL(await h.share.pairingLink()).searchParams.get('code');
    const paired = await fetch(`${base}/pair?code=${code}`, { redirect: 'manual' });
    expect(paired.status).toBe(303);
    const cookie = paired.headers.get('set-cookie')!.split(';')[0]!;
    const r = await fetch(`${base}/api/query`, { method: 'POST', headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/json' }, body: '[{}]' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { value: { total: number } }).value.total).toBe(1);
  });
});
