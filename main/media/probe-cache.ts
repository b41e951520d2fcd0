// Full probe results in the data dir, one small file per id (sharded by its first two
// characters): read on demand when a file is played, never all at start-up. Each record names
// the (size, mtime) it belongs to, so a changed file reads as unprobed.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MediaProbe } from '../../contract/api.js';
import { removeStaleTemps, writeFileAtomic } from '../util/atomic-write.js';

/** A temp file older than this at start is no write in progress (of this process or another). */
export const STALE_TEMP_MS = 10 * 60_000;

/** refused: never to be served (outside its library folder, or not a video file). */
export type CachedProbe = { probe: MediaProbe } | { error: string; refused?: true };

interface Record_ {
  size: number;
  mtimeMs: number;
  probe?: MediaProbe;
  error?: string;
  refused?: true;
}

export class ProbeCache {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'probes');
  }

  private file(id: string): string {
    // Ids are base64url (no "/" or ".."), checked anyway: this path must stay in the cache.
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new Error('invalid id');
    return path.join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  async get(id: string, size: number, mtimeMs: number): Promise<CachedProbe | null> {
    let rec: Record_;
    try {
      rec = JSON.parse(await fs.readFile(this.file(id), 'utf8')) as Record_;
    } catch {
      return null; // absent, or torn by a crash: probe again
    }
    if (rec.size !== size || rec.mtimeMs !== mtimeMs) return null;
    if (rec.probe) return { probe: rec.probe };
    if (typeof rec.error === 'string') return { error: rec.error, ...(rec.refused ? { refused: true as const } : {}) };
    return null;
  }

  /** A cache: written without fsync, since a lost record only means probing again. A failed write leaves no temp file. */
  async set(id: string, size: number, mtimeMs: number, result: CachedProbe): Promise<void> {
    await writeFileAtomic(this.file(id), JSON.stringify({ size, mtimeMs, ...result }), { durable: false });
  }

  /** Remove the temp files earlier runs left (a crash mid-write, or an older version's failed writes). */
  removeStaleTemps(now = Date.now()): Promise<number> {
    return removeStaleTemps(this.dir, STALE_TEMP_MS, now);
  }
}
