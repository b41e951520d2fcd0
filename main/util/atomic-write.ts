// Write a whole file so that a reader (or a crash) sees the old content or the new, never half:
// temp file beside it, fsync, rename over, then fsync the folder so the rename itself is durable.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  // Unique per write: two writes of one file in the same millisecond must not share a temp file.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
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
