// The app's version, from its package.json (found above this file, in the source tree, in out/
// and in the packaged app alike).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'reelvault' && pkg.version) return pkg.version;
    } catch {
      /* not here: look one folder up */
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
