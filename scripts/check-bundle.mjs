// `node scripts/check-bundle.mjs DIST`: the end of `npm run dist`. Every packaged app in DIST
// (…-unpacked, or a macOS .app) must carry ffmpeg, ffprobe and SQLite's module beside its archive, and the ffmpeg
// licence and source offer in its resources. It fails loudly otherwise: an installer without
// them plays nothing, and shipping GPL binaries without their licence and source is not allowed.
import fs from 'node:fs';
import path from 'node:path';

/** The apps electron-builder left in `dist`: [name, resources folder]. @param {string} dist */
export function packagedApps(dist) {
  /** @type {Array<[string, string]>} */
  const apps = [];
  for (const name of fs.existsSync(dist) ? fs.readdirSync(dist) : []) {
    const dir = path.join(dist, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    if (name.endsWith('-unpacked')) apps.push([name, path.join(dir, 'resources')]);
    for (const sub of fs.readdirSync(dir).filter((n) => n.endsWith('.app'))) apps.push([`${name}/${sub}`, path.join(dir, sub, 'Contents', 'Resources')]);
  }
  return apps;
}

/** What is missing from one app's resources, in words. @param {string} resources */
export function missingFrom(resources) {
  const modules = path.join(resources, 'app.asar.unpacked', 'node_modules');
  const exe = (/** @type {string} */ p) => fs.existsSync(p) || fs.existsSync(`${p}.exe`);
  const probes = fs.existsSync(path.join(modules, '@ffprobe-installer'))
    ? fs.readdirSync(path.join(modules, '@ffprobe-installer')).map((d) => path.join(modules, '@ffprobe-installer', d, 'ffprobe'))
    : [];
  const missing = [];
  if (!exe(path.join(modules, 'ffmpeg-static', 'ffmpeg'))) missing.push('ffmpeg (node_modules/ffmpeg-static, unpacked from the archive)');
  if (!probes.some(exe)) missing.push('ffprobe (node_modules/@ffprobe-installer/<platform>, unpacked from the archive)');
  if (!fs.existsSync(path.join(resources, 'ffmpeg', 'LICENSE.txt'))) missing.push("ffmpeg's licence (resources/ffmpeg/LICENSE.txt)");
  if (!fs.existsSync(path.join(resources, 'ffmpeg', 'SOURCE.txt'))) missing.push("ffmpeg's source offer (resources/ffmpeg/SOURCE.txt)");
  // The library index is SQLite: without its native module (unpacked, built for Electron) nothing opens.
  if (!fs.existsSync(path.join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    missing.push("better-sqlite3's native module (node_modules/better-sqlite3/build/Release/better_sqlite3.node, unpacked from the archive)");
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? 'dist';
  const apps = packagedApps(dist);
  let failed = apps.length === 0;
  if (!apps.length) process.stderr.write(`check-bundle: no packaged app in ${dist}\n`);
  for (const [name, resources] of apps) {
    const missing = missingFrom(resources);
    for (const m of missing) process.stderr.write(`check-bundle: ${name} lacks ${m}\n`);
    if (missing.length) failed = true;
    else process.stdout.write(`check-bundle: ${name} has ffmpeg, ffprobe, their licence and source offer, and SQLite\n`);
  }
  if (failed) {
    process.stderr.write('check-bundle: FAILED: this build must not be shipped (is ffmpeg-static installed? npm ci on a machine that can download it)\n');
    process.exit(1);
  }
}
