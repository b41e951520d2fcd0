// `npm start`: install what is missing, build, then open the product. With Electron's binary,
// the desktop app (files given are resolved against the folder `npm start` ran in). Without it,
// the same app in a browser: its share on this computer only (127.0.0.1), with the folders of
// the settings (and any `-- --library DIR`), or the demo library where none is set, printing
// and opening one owner link.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await ensureDeps(root);
const { electronBinary } = await import('./electron-binary.mjs');

// Tests of this script run it on the build the suite made already.
if (!process.env.REELVAULT_START_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** @param {import('node:child_process').ChildProcess} child */
function follow(child) {
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
}

const args = process.argv.slice(2);
// `npm start -- ./clip.mp4` or `-- --library ../cams`: npm runs this in the repository; the paths
// were meant from where the user was.
const from = process.env.INIT_CWD || process.cwd();
const resolved = args.map((a, i) => (a.startsWith('-') || args[i - 1] === '--port' ? a : path.resolve(from, a)));
const exe = electronBinary();
if (exe) {
  follow(spawn(exe, [root, ...resolved], { cwd: root, stdio: 'inherit' }));
} else {
  // The app without its window: its share on 127.0.0.1 only, and an owner link for this
  // computer's browser, printed and opened (main/app/browser-app.ts).
  process.stderr.write('Electron is not installed here, so Reelvault opens in your browser instead.\n');
  follow(spawn(process.execPath, [path.join(root, 'out', 'main', 'app', 'browser-app.js'), ...resolved], { cwd: root, stdio: 'inherit' }));
}
