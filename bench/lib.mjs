// Small helpers shared by the benchmarks: timing commands, medians, and the printed table.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'out', 'main', 'cli', 'reelvault.js');

/** Where benchmark inputs are kept between runs (they are slow to make). */
/** @param {string} name */
export function benchDir(name) {
  const dir = path.join(os.tmpdir(), 'reelvault-bench', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? /** @type {number} */ (s[m]) : (/** @type {number} */ (s[m - 1]) + /** @type {number} */ (s[m])) / 2;
}

/** @param {number[]} xs @param {number} p */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return /** @type {number} */ (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
}

/**
 * Wall time of a command in ms (stdout discarded), median of `runs`, with `before` run untimed
 * ahead of each run.
 * @param {string} cmd @param {string[]} args
 * @param {{ runs?: number, before?: () => void, shell?: boolean }} [opts]
 */
export function timeCommand(cmd, args, opts = {}) {
  const times = [];
  for (let i = 0; i < (opts.runs ?? 5); i++) {
    opts.before?.();
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: opts.shell ?? false, maxBuffer: 1 << 26 });
    const ms = performance.now() - t;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(ms);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), times };
}

/**
 * Print rows as an aligned table.
 * @param {string} title @param {string[]} head @param {(string | number)[][]} rows
 */
export function printTable(title, head, rows) {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${cells.slice(1).map(line).join('\n')}\n`);
}

/** @param {number} ms */
export const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

/** A module of the build: benchmarks measure what users run. @param {string} p */
export const built = (p) => path.join(ROOT, 'out', 'main', p);

/**
 * The named exports a benchmark uses, from the build (paths relative to out/main), checked: a
 * moved file or a renamed export throws here, and e2e/benches.spec.ts calls every bench's
 * `modules()`, so the suite fails rather than the benchmark. `files` must exist but are run, not
 * imported (a CLI, a child's script).
 * @param {Record<string, string[]>} spec @param {string[]} [files]
 * @returns {Promise<Record<string, any>>}
 */
export async function load(spec, files = []) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [file, names] of Object.entries(spec)) {
    const mod = await import(built(file));
    for (const n of names) {
      if (mod[n] === undefined) throw new Error(`out/main/${file} no longer exports ${n}`);
      out[n] = mod[n];
    }
  }
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing (moved?)`);
  return out;
}

/**
 * Wall time of one child process in ms (output discarded), awaited asynchronously.
 * @param {string} cmd @param {string[]} args
 * @returns {Promise<number>}
 */
export function timeSpawn(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(cmd, args, { stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`${cmd} exited ${code}`))));
  });
}
