// Crash safety, by killing: a library process is SIGKILLed at a random moment during a cold scan
// and during a burst of watcher changes, then started again. Each time the database must open
// (nothing set aside) and, after a rescan, hold exactly what the folder holds.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shareHarness } from '../test-support/api-harness.js';
import { tmpDir } from '../test-support/tmp.js';
import { INDEXES } from './db-schema.js';

const CHILD = fileURLToPath(new URL('../test-support/crash-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../out/main/library/library.js', import.meta.url));

/** A small tree of tiny "recordings" (the index only reads names, sizes and times). */
function makeTree(root: string, cams: number, days: number, perDay: number): void {
  for (let c = 0; c < cams; c++) {
    for (let d = 0; d < days; d++) {
      const dir = path.join(root, `cam-${c}`, `2026-11-${String(d + 1).padStart(2, '0')}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < perDay; f++) fs.writeFileSync(path.join(dir, `cam-${c}_202611${String(d + 1).padStart(2, '0')}_${String(f).padStart(4, '0')}00.mp4`), 'x'.repeat(f + 1));
    }
  }
}

/** What the folder holds, as the index should: [path below the root, size, mtime, status]. */
function listing(root: string): Array<[string, number, number, string]> {
  const out: Array<[string, number, number, string]> = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.push([path.relative(root, p).split(path.sep).join('/'), st.size, st.mtimeMs, st.size ? 'ok' : 'empty']);
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function start(mode: string, dataDir: string, root: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CHILD, mode, dataDir, root], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += String(d); });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += String(d); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const said = (what: string) => new Promise<void>((resolve, reject) => {
    const look = (): void => { if (out.includes(what)) resolve(); };
    child.stdout.on('data', look);
    look();
    void exited.then(() => (out.includes(what) ? resolve() : reject(new Error(`the child ended before "${what}": ${err}`))));
  });
  return { child, said, exited, output: () => out };
}

function verify(dataDir: string, root: string): void {
  const r = spawnSync(process.execPath, [CHILD, 'verify', dataDir, root], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const v = JSON.parse(r.stdout) as { check: string; warnings: string[]; entries: unknown[]; total: number; rootStatus: string; indexes: number };
  expect(v.check).toBe('ok');
  expect(v.indexes).toBe(INDEXES.length);
  expect(v.warnings).toEqual([]);
  expect(v.rootStatus).toBe('ok');
  expect(v.entries).toEqual(listing(root));
  expect(v.total).toBe(v.entries.length);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(fs.existsSync(BUILT))('killed with SIGKILL, started again', () => {
  it('a cold scan killed at random moments: the index opens and a rescan makes it equal the folder', async () => {
    const root = tmpDir();
    makeTree(root, 3, 8, 40);
    for (let i = 0; i < 12; i++) {
      const dataDir = tmpDir();
      const p = start('scan', dataDir, root, i % 4 < 2 ? { RV_BULK: '1' } : {});
      await p.said('ready');
      // A random point of the scan: it takes tens to hundreds of ms here.
      await pause(Math.random() * 60 * (i % 3 + 1));
      p.child.kill('SIGKILL');
      await p.exited;
      // Half the time a second process is killed too, over what the first left.
      if (i % 2) {
        const q = start('scan', dataDir, root);
        await q.said('ready');
        await pause(Math.random() * 80);
        q.child.kill('SIGKILL');
        await q.exited;
      }
      verify(dataDir, root);
    }
  }, 240_000);

  it('a burst of watcher changes killed at random moments: the index opens and a rescan makes it equal the folder', async () => {
    const root = tmpDir();
    makeTree(root, 2, 3, 20);
    const dataDir = tmpDir();
    for (let i = 0; i < 10; i++) {
      const p = start('watch', dataDir, root);
      await p.said('ready');
      // Files appear, grow, go and move while the watcher writes what it sees.
      const burst = (async () => {
        for (let k = 0; k < 200 && p.child.exitCode === null; k++) {
          const dir = path.join(root, `cam-${k % 3}`, 'burst');
          fs.mkdirSync(dir, { recursive: true });
          const f = path.join(dir, `b${i}_${k}.mp4`);
          fs.writeFileSync(f, 'y'.repeat(k));
          if (k % 3 === 0) fs.appendFileSync(f, 'zz');
          if (k % 5 === 1) fs.rmSync(f);
          else if (k % 7 === 2) fs.renameSync(f, path.join(dir, `moved${i}_${k}.mp4`));
          if (k % 10 === 0) await pause(1);
        }
      })();
      await pause(20 + Math.random() * 200);
      p.child.kill('SIGKILL');
      await p.exited;
      await burst;
      verify(dataDir, root);
    }
  }, 240_000);

  it("another Reelvault's first copy killed at random moments: the copy resumes and ends equal to its listing", async () => {
    const b = await shareHarness({ 'gate/clip.mp4': 'cam-modern/h264_aac.mp4' });
    try {
      makeTree(b.root, 3, 5, 170);
      await b.runner.scan();
      const theirs = [];
      for (let offset = 0; ; offset += 1000) {
        const page = b.library.query({ sort: 'name', offset, limit: 1000 }, { facets: false }).items;
        theirs.push(...page.map((e) => [e.id, e.relPath, e.size]));
        if (page.length < 1000) break;
      }
      theirs.sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
      expect(theirs.length).toBe(2551);
      for (let i = 0; i < 4; i++) {
        const dataDir = tmpDir();
        for (let k = 0; k < 2; k++) {
          const p = start('mirror', dataDir, await b.share.pairingLink());
          await p.said('ready');
          await pause(Math.random() * 400);
          p.child.kill('SIGKILL');
          await p.exited;
        }
        // (Not spawnSync: the share it mirrors answers from this process.)
        const m = start('mirrored', dataDir, await b.share.pairingLink());
        expect(await m.exited).toBe(0);
        const v = JSON.parse(m.output().split('\n').find((l) => l.startsWith('{'))!) as { check: string; warnings: string[]; entries: unknown[] };
        expect(v.check).toBe('ok');
        expect(v.warnings).toEqual([]);
        expect(v.entries).toEqual(theirs);
      }
    } finally {
      await b.close();
    }
  }, 300_000);
});
