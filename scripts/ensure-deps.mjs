// The two commands are the whole set-up: `npm start` and `npm test` first install what is
// missing. `npm ci` runs when node_modules is absent or older than the lockfile; where Electron's
// binary cannot be downloaded (GitHub unreachable), with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as
// these machines need. Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Whether `root`'s node_modules is missing or older than its lockfile. @param {string} root */
export function depsStale(root) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(marker)) return true;
  return fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
}

async function canReachGitHub() {
  try {
    await fetch('https://github.com', { method: 'HEAD', signal: AbortSignal.timeout(4000) });
    return true;
  } catch {
    return false;
  }
}

/** Installs the dependencies when needed; exits with npm's status when that fails. @param {string} root */
export async function ensureDeps(root) {
  if (!depsStale(root)) return;
  const env = { ...process.env };
  if (!env.ELECTRON_SKIP_BINARY_DOWNLOAD && !(await canReachGitHub())) env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  process.stderr.write(`Installing dependencies (npm ci${env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ', without Electron\'s binary: it cannot be downloaded here' : ''})…\n`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
