// Write a whole file so that a reader (or a crash) sees the old content or the new, never half:
// temp file beside it, fsync, rename over, then fsync the folder so the rename itself is durable.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Every temp file this module writes ends so: what `removeStaleTemps` looks for. */
export const TEMP_SUFFIX = '.tmp';

export interface WriteOptions {
  /** fsync the file and its folder (default). A cache skips it: a lost record is only work redone. */
  durable?: boolean;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  const durable = opts.durable ?? true;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  // Unique per write: two writes of one file in the same millisecond must not share a temp file.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    try {
      await fh.writeFile(data);
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    // A full disk fails the write (or the close) and leaves an empty temp file: never keep it.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (durable) await syncDir(dir);
}

/**
 * Remove temp files older than `olderThanMs` in `dir` and its folders, one level down (left by
 * a crash, or a write whose clean-up itself failed); returns how many. Younger ones may be
 * another process's write in progress.
 */
export async function removeStaleTemps(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  const visit = async (d: string, depth: number): Promise<void> => {
    let names: Dirent[];
    try { names = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
    for (const n of names) {
      const p = path.join(d, n.name);
      if (n.isDirectory() && depth > 0) await visit(p, depth - 1);
      else if (n.isFile() && n.name.endsWith(TEMP_SUFFIX)) {
        const st = await fs.stat(p).catch(() => null);
        if (st && now - st.mtimeMs > olderThanMs && await fs.rm(p, { force: true }).then(() => true, () => false)) removed++;
      }
    }
  };
  await visit(dir, 1);
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  // Not possible on Windows (EPERM/EISDIR); there rename is durable enough for our use.
  try {
    const d = await fs.open(dir, 'r');
    try { await d.sync(); } finally { await d.close(); }
  } catch {
    /* best effort */
  }
}

/** Keep a damaged file for the user to inspect instead of deleting it; returns the new name. */
export async function moveAside(file: string, why: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.${why}-${stamp}`;
  await fs.rename(file, aside);
  return aside;
}
