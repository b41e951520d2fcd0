// The secret that makes file ids opaque, kept in the data folder.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

/** The key that makes ids opaque. Losing it only changes ids (caches keyed by them go cold). */
export async function loadSecret(dir: string): Promise<string> {
  const file = path.join(dir, 'id-key');
  try {
    const key = (await fs.readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(key)) return key;
  } catch {
    /* first run, or unreadable: make a new one */
  }
  const key = randomBytes(32).toString('hex');
  await writeFileAtomic(file, `${key}\n`);
  return key;
}
