// electron-builder itself, run on the real configuration against a stand-in prepackaged app
// (no Electron download needed), with an empty tool cache and a binaries mirror that refuses
// at once: `dir` builds; AppImage, deb and NSIS get through every check of the configuration
// and fail only when they fetch their own tool, whose name is asserted. (--prepackaged skips
// the fuses step: electronFuses are checked by main/electron/builder-config.test.ts instead.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BUILDER = path.resolve('node_modules', '.bin', 'electron-builder');
const SEVEN_ZA = ['/usr/bin/7za', '/usr/bin/7z'].find((p) => fs.existsSync(p));

async function build(target: string[]): Promise<{ status: number | null; out: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-pack-'));
  const app = path.join(tmp, 'app');
  fs.mkdirSync(path.join(app, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(app, 'resources', 'package.json'), JSON.stringify({ name: 'reelvault', version: '0.1.0', main: 'out/main/index.js' }));
  const dist = path.join(tmp, 'dist');
  const child = spawn(BUILDER, [...target, '--prepackaged', app, `-c.directories.output=${dist}`], {
    env: {
      ...process.env, DEBUG: 'electron-builder', ELECTRON_BUILDER_CACHE: path.join(tmp, 'cache'),
      ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/', ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      // NSIS first packs the app with 7-Zip: the system's, where there is one (p7zip-full).
      ...(SEVEN_ZA ? { ELECTRON_BUILDER_7ZIP_PATH: SEVEN_ZA } : {}),
    },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, out };
}

// Concurrent: each target waits out electron-builder's own download retries (about 30 s).
describe.runIf(fs.existsSync(BUILDER)).concurrent('electron-builder on the real configuration', () => {
  it('builds the dir target', async () => {
    const r = await build(['--linux', 'dir']);
    expect(r.status, r.out).toBe(0); // (prepackaged: the folder given is the unpacked app)
    expect(r.out).not.toMatch(/Please specify|is missed|⨯/);
  }, 150_000);

  it.each([
    ['AppImage', ['--linux', 'AppImage'], /downloading\s+file=appimage-[\d.]+\.7z/],
    ['deb', ['--linux', 'deb'], /downloading\s+file=fpm-[\w.-]+\.7z/],
    ['nsis', ['--win', 'nsis'], SEVEN_ZA ? /downloading\s+file=nsis-[\d.]+\.7z/ : /downloading\s+file=7zip-/],
  ] as const)('%s passes every configuration check and stops only at downloading its tool', async (_name, target, tool) => {
    const r = await build([...target]);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(tool);
    expect(r.out).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(r.out).not.toMatch(/Please specify|is missed|default Electron icon is used/);
  }, 150_000);
});
