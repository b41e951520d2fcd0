// Electron's executable, found the way its package finds it (path.txt beside dist/), without
// its download fallback: `require('electron')` tries to download a missing binary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {string | null} */
export function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  let rel = '';
  try {
    rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    /* the binary was never downloaded */
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  const exe = path.join(dist, rel || 'electron');
  return rel || process.env.ELECTRON_OVERRIDE_DIST_PATH ? (fs.existsSync(exe) ? exe : null) : null;
}

