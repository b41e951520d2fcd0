// `npm test`: every test runner the project has, then one closing line that sums them:
// "N passed, N failed" (Vitest prints no such line itself, so it is read from its JSON report).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await ensureDeps(root);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reelvault-test-'));
const report = path.join(tmp, 'vitest.json');

// The CLI and e2e tests run the built `reelvault` bin and web build, as a user would.
const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const vite = (/** @type {string[]} */ ...args) => spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', ...args], { cwd: root, stdio: 'inherit' });
const preload = build.status === 0 ? vite('--mode', 'preload') : build;
const web = preload.status === 0 ? vite() : preload;
if (build.status !== 0 || web.status !== 0) {
  process.stdout.write('\n0 passed, 1 failed\n');
  process.exit(1);
}

const vitest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  // A file that fails to load has no tests to count; count it as a failure so it shows.
  failed += (r.testResults ?? []).filter((/** @type {{ status: string, assertionResults?: unknown[] }} */ f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
} catch {
  failed += 1;
  process.stderr.write('test: no Vitest report was written\n');
}
fs.rmSync(tmp, { recursive: true, force: true });
if (vitest.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || vitest.status !== 0 ? 1 : 0);
