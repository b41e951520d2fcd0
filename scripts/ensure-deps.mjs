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

/** The tools a build from source needs that are not on PATH. @param {(cmd: string) => boolean} has */
export function missingBuildTools(has = onPath) {
  return ['python3', 'make', 'g++'].filter((t) => !has(t));
}

/** @param {string} cmd */
function onPath(cmd) {
  return spawnSync(process.platform === 'win32' ? 'where' : 'which', [cmd], { stdio: 'ignore' }).status === 0;
}

/** What to say when the SQLite module could not be built. */
export function buildToolsAdvice(missing = missingBuildTools()) {
  return missing.length
    ? `better-sqlite3 (the library index) builds from source here: install ${missing.join(', ')} (e.g. apt-get install python3 make g++) and run this again.`
    : 'better-sqlite3 (the library index) could not be built from source: see the npm output above.';
}

/** Whether the SQLite module loads in this Node (a packaging run rebuilds it for Electron). @param {string} root */
function sqliteLoads(root) {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

/** Installs the dependencies when needed; exits with npm's status when that fails. @param {string} root */
export async function ensureDeps(root) {
  if (!depsStale(root)) {
    if (sqliteLoads(root)) return;
    process.stderr.write('Building better-sqlite3 for Node again (npm rebuild better-sqlite3)…\n');
    const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0 || !sqliteLoads(root)) {
      process.stderr.write(`${buildToolsAdvice()}\n`);
      process.exit(r.status || 1);
    }
    return;
  }
  const env = { ...process.env };
  if (!env.ELECTRON_SKIP_BINARY_DOWNLOAD && !(await canReachGitHub())) env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  process.stderr.write(`Installing dependencies (npm ci${env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ', without Electron\'s binary: it cannot be downloaded here' : ''})…\n`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0 || !sqliteLoads(root)) {
    if (missingBuildTools().length || !sqliteLoads(root)) process.stderr.write(`${buildToolsAdvice()}\n`);
    process.exit(r.status || 1);
  }
}
