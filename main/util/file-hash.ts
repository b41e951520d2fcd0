// SHA-256 of a whole file, read in large chunks (at 4 MiB a read Node's hashing keeps up with
// `sha256sum`; the default 64 KiB costs a third more in calls). From a path, or an open handle
// (a library file goes through the containment check first, and is hashed from that descriptor).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';

const CHUNK = 4 * 1024 * 1024;

export async function sha256OfHandle(h: fs.FileHandle, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  for (;;) {
    signal?.throwIfAborted();
    const { bytesRead } = await h.read(buf, 0, CHUNK, size);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    size += bytesRead;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const h = await fs.open(file, 'r');
  try {
    return await sha256OfHandle(h, signal);
  } finally {
    await h.close();
  }
}
