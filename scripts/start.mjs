// `npm start`: install what is missing, build, then open the product. With Electron's binary,
// the desktop app (files given are resolved against the folder `npm start` ran in). Without it,
// the same UI in a browser: `reelvault serve` on this computer only (127.0.0.1), on the library
// folders of the settings (or `-- --library DIR`), or on the demo library where none is set,
// printing the link to open.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
const exe = electronBinary();
if (exe) {
  // `npm start -- ./clip.mp4`: npm runs this in the repository; the path was meant from where the user was.
  const from = process.env.INIT_CWD || process.cwd();
  const resolved = args.map((a) => (a.startsWith('-') ? a : path.resolve(from, a)));
  follow(spawn(exe, [root, ...resolved], { cwd: root, stdio: 'inherit' }));
} else {
  const { defaultDataDir } = await import(pathToFileURL(path.join(root, 'out', 'main', 'util', 'data-dir.js')).href);
  const dataDir = defaultDataDir();
  const serveArgs = ['serve', '--host', '127.0.0.1', ...args];
  if (!args.includes('--library')) {
    let roots = [];
    try {
      roots = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).libraryRoots ?? [];
    } catch {
      /* no settings yet */
    }
    if (!roots.length) {
      process.stderr.write('Electron is not installed here, so Reelvault opens in your browser instead. Making a demo library with ffmpeg…\n');
      const { ensureDemoLibrary } = await import(pathToFileURL(path.join(root, 'out', 'main', 'app', 'demo-library.js')).href);
      serveArgs.push('--library', await ensureDemoLibrary(dataDir, { onProgress: (/** @type {number} */ d, /** @type {number} */ t) => process.stderr.write(`  ${d} of ${t} clips\n`) }));
    } else {
      process.stderr.write('Electron is not installed here, so Reelvault opens in your browser instead.\n');
    }
  }
  follow(spawn(process.execPath, [path.join(root, 'out', 'main', 'cli', 'reelvault.js'), ...serveArgs], { cwd: root, stdio: 'inherit' }));
}
