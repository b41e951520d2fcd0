// `reelvault serve` as a user starts it (the built bin), on a temp library, paired in a page.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { copyFixtures } from '../../main/test-support/fixtures.js';

export const E2E_TOKEN = 'e2e-token-0123456789abcdefghij';
const CLI = path.resolve('out', 'main', 'cli', 'reelvault.js');

export interface Served {
  base: string;
  library: string;
  dataDir: string;
  proc: ChildProcess;
  /** The pairing link it printed. */
  pairing: string;
  pair(page: Page): Promise<void>;
  /** Stop it; its data folder goes too unless kept (to start it again on it). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Copies fixtures into a temp library: `files` maps a path in the library to a fixture file. */
export function makeLibrary(files: Record<string, string>): string {
  return copyFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'rv-e2e-lib-')), files);
}

export async function startServe(library: string, extra: string[] = [], env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<Served> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rv-e2e-data-'));
  const proc = spawn(process.execPath, [CLI, 'serve', '--library', library, '--host', '127.0.0.1', '--port', '0', '--token', E2E_TOKEN, '--data-dir', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const [base, pairing] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open on this network:\n\s+(http:\/\/\S+?)\/?\n/.exec(out);
      const p = /Pairing link[^\n]*\n\s+(http:\/\/\S+)\n/.exec(out);
      if (m && p) { clearTimeout(timer); resolve([m[1]!, p[1]!]); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}): ${err}`)); });
  });
  return {
    base, library, dataDir, proc, pairing,
    async pair(page) {
      await page.goto(pairing);
    },
    async stop(o = {}) {
      if (proc.exitCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      if (!o.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
