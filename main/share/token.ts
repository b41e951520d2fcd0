// The share's access token: 256 random bits, kept in the data dir so restarts keep viewers
// paired; regenerating it revokes every pairing. Compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

const FILE = 'share-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function loadToken(dataDir: string): Promise<string> {
  try {
    const t = (await fs.readFile(path.join(dataDir, FILE), 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{22,}$/.test(t)) return t;
  } catch {
    /* first run */
  }
  return regenerateToken(dataDir);
}

export async function regenerateToken(dataDir: string): Promise<string> {
  const t = newToken();
  await writeFileAtomic(path.join(dataDir, FILE), `${t}\n`);
  return t;
}

/** Equal-length digests, so neither content nor length leaks through timing. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
