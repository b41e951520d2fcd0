// The image cache in the data dir (thumbnails and sprite sheets), never in the library.
// Files are named by a hash of everything that shapes them (id, size, mtime, size, time,
// format), so a changed recording simply misses. Capped in bytes; least recently used go first.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../util/log.js';

const log = logger('thumb-cache');

export const DEFAULT_CACHE_CAP = 2 * 1024 ** 3;

interface Item {
  size: number;
  used: number;
}

export class ImageCache {
  readonly dir: string;
  private readonly items = new Map<string, Item>();
  private total = 0;
  private loaded: Promise<void> | null = null;

  constructor(dataDir: string, private capBytes = DEFAULT_CACHE_CAP) {
    this.dir = path.join(dataDir, 'thumbs');
  }

  setCap(bytes: number): void {
    this.capBytes = bytes;
    void this.collect();
  }

  get bytes(): number {
    return this.total;
  }

  /** The cache file for an id and the parts that shape it. */
  pathFor(id: string, parts: readonly (string | number)[], ext: string): string {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new Error('invalid id');
    const h = createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 16);
    return path.join(this.dir, id.slice(0, 2), `${id}_${h}.${ext}`);
  }

  /** Learn what is on disk once (sizes and last use), in the background. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const shards = await fs.readdir(this.dir).catch(() => [] as string[]);
      for (const shard of shards) {
        const names = await fs.readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
        for (const n of names) {
          const file = path.join(this.dir, shard, n);
          if (n.endsWith('.tmp')) { await fs.rm(file, { force: true }); continue; } // left by a crash
          try {
            const st = await fs.stat(file);
            if (!this.items.has(file)) this.remember(file, st.size, st.atimeMs);
          } catch { /* gone meanwhile */ }
        }
      }
    })();
    return this.loaded;
  }

  private remember(file: string, size: number, used: number): void {
    const old = this.items.get(file);
    if (old) this.total -= old.size;
    this.items.set(file, { size, used });
    this.total += size;
  }

  /** Whether a file is cached; marks it used. */
  async has(file: string): Promise<boolean> {
    try {
      const st = await fs.stat(file);
      this.remember(file, st.size, Date.now());
      return true;
    } catch {
      this.forget(file);
      return false;
    }
  }

  forget(file: string): void {
    const old = this.items.get(file);
    if (old) {
      this.total -= old.size;
      this.items.delete(file);
    }
  }

  /** A temp name beside `file` for a writer; commit() moves it in place. */
  async tempFor(file: string): Promise<string> {
    // The cache folder may have been deleted while we run: make it again each time.
    await fs.mkdir(path.dirname(file), { recursive: true });
    return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  }

  async commit(tmp: string, file: string): Promise<number> {
    const st = await fs.stat(tmp);
    await fs.rename(tmp, file);
    this.remember(file, st.size, Date.now());
    if (this.total > this.capBytes) void this.collect();
    return st.size;
  }

  async writeText(file: string, text: string): Promise<void> {
    const tmp = await this.tempFor(file);
    try {
      await fs.writeFile(tmp, text);
      await this.commit(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  private collecting = false;

  /** Remove least recently used files until the cache is under 90 % of its cap. */
  async collect(): Promise<void> {
    if (this.collecting || this.total <= this.capBytes) return;
    this.collecting = true;
    try {
      const target = this.capBytes * 0.9;
      const oldest = [...this.items.entries()].sort((a, b) => a[1].used - b[1].used);
      for (const [file] of oldest) {
        if (this.total <= target) break;
        this.forget(file);
        await fs.rm(file, { force: true }).catch((err: unknown) => log.warn(`could not remove ${file}: ${String(err)}`));
      }
    } finally {
      this.collecting = false;
    }
  }
}
