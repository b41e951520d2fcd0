// `npm start` on a machine without Electron's binary: it opens the product in a browser instead
// (`reelvault serve` on 127.0.0.1, on the demo library when no folder is set) and prints the
// link; that link answers with the UI, which lists the demo library.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileTmpDir } from '../main/test-support/tmp.js';
import { haveChromium, launchChromium } from './support/chromium.js';

const hasElectron = fs.existsSync(path.resolve('node_modules', 'electron', 'path.txt'));

describe.skipIf(!haveChromium || hasElectron)('npm start without Electron', () => {
  let child: ChildProcess | null = null;
  // Gone before its data folder is removed: it saves the index on the way out.
  afterAll(async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  });

  it('prints a link on 127.0.0.1 that opens the UI with the demo library', async () => {
    const dataDir = fileTmpDir('rv-start-');
    child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
      env: { ...process.env, REELVAULT_DATA_DIR: dataDir, REELVAULT_START_SKIP_BUILD: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    const link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no link printed: ${out}`)), 100_000);
      const look = setInterval(() => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/pair\?code=[\w-]+)/.exec(out);
        if (m) { clearInterval(look); clearTimeout(timer); resolve(m[1]!); }
      }, 100);
    });
    expect(out).toMatch(/opens in your browser instead/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(link);
      await page.waitForSelector('.tile[data-id]', { timeout: 30_000 });
      expect(await page.locator('.status-bar').textContent()).toMatch(/7 recordings/);
      // Desktop-only operations stay refused here, as over any HTTP transport.
      const r = await page.evaluate(async () => (await fetch('/api/chooseFolder', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })).json());
      expect(r).toMatchObject({ ok: false, code: 'unavailable' });
    } finally {
      await browser.close();
    }
  }, 150_000);
});
