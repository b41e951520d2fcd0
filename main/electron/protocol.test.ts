// The Electron glue, driven through a fake `protocol` object (no Electron binary here).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { APP_ORIGIN, handleScheme, registerSchemePrivileges, SCHEME } from './protocol.js';

function fakeProtocol() {
  const calls: { privileged: unknown[]; handlers: Map<string, (r: Request) => Promise<Response>> } = { privileged: [], handlers: new Map() };
  return {
    calls,
    registerSchemesAsPrivileged: (schemes: unknown[]) => { calls.privileged.push(...schemes); },
    handle: (scheme: string, h: (r: Request) => Promise<Response> | Response) => { calls.handlers.set(scheme, async (r) => h(r)); },
  };
}

describe('reelvault:// scheme glue', () => {
  it('registers the scheme as standard, secure, fetchable, streaming and CORS-enabled', () => {
    const p = fakeProtocol();
    registerSchemePrivileges(p as never);
    const privileges = { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true };
    expect(p.calls.privileged).toEqual([{ scheme: SCHEME, privileges }]);
  });

  it('sends /media/ to the media handler and serves the renderer build, nothing outside it', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>R</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), 'export {}');
    const p = fakeProtocol();
    const seen: string[] = [];
    handleScheme(p as never, async (r) => { seen.push(new URL(r.url).pathname); return new Response('media'); }, dir);
    const h = p.calls.handlers.get(SCHEME)!;
    expect(await (await h(new Request(`${APP_ORIGIN}/`))).text()).toContain('<title>R</title>');
    const js = await h(new Request(`${APP_ORIGIN}/assets/a.js`));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await (await h(new Request(`${APP_ORIGIN}/media/file/abc?x=1`, { headers: { Range: 'bytes=0-1' } }))).text()).toBe('media');
    expect(seen).toEqual(['/media/file/abc']);
    expect((await h(new Request(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`))).status).toBe(404);
    expect((await h(new Request(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`))).status).toBe(404);
    expect((await h(new Request(`${SCHEME}://evil/index.html`))).status).toBe(404);
  });
});
