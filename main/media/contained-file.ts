// Every library file is opened here, for every route (byte ranges, probe, thumbnail, sprite,
// transcode, remux, and any later one): open first, then prove that what was opened is a regular
// file whose real path lies inside its library folder. A link swapped in after the scan, or
// created while the app runs, is refused at this point whatever the index says.
//
// The check runs on the open descriptor (fstat(fd) must be the same file as stat(realpath)), so
// a swap between the check and the read cannot slip through; ffmpeg and ffprobe then read that
// same descriptor (inherited as fd 3, 4, …; see ffmpeg.ts), except on Windows, where the check
// runs just before the spawn and the path is passed.
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { OUTSIDE } from '../library/naming.mjs';
import { MediaError } from './media-error.js';

/** A hung network mount never answers: give up after this long instead of hanging the client. */
export const FS_TIMEOUT_MS = 15_000;

export function inTime<T>(p: Promise<T>, ms = FS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MediaError('not-answering', 'the folder is not answering (network share or disk stopped responding)')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export interface ContainedFile {
  /** The open file: read it, or hand its descriptor to a child. */
  readonly handle: fs.FileHandle;
  /** Its real path (for logs only: never sent to a viewer). */
  readonly real: string;
  readonly size: number;
  readonly mtimeMs: number;
  close(): Promise<void>;
}

/** Roots' real paths, looked up again after a few seconds (a root may be remounted elsewhere). */
const rootReals = new Map<string, { real: string; at: number }>();
const ROOT_REAL_TTL_MS = 5000;

async function rootRealOf(root: string): Promise<string> {
  const hit = rootReals.get(root);
  if (hit && Date.now() - hit.at < ROOT_REAL_TTL_MS) return hit.real;
  const real = await fs.realpath(root);
  rootReals.set(root, { real, at: Date.now() });
  return real;
}

export function isInside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

const gone = (): MediaError => new MediaError('gone', 'file no longer exists');
const passOr = (make: () => MediaError) => (err: unknown): never => {
  throw err instanceof MediaError ? err : make();
};

/**
 * Open `file`, which the index lists under `root`, for reading. Throws MediaError: `gone` (not
 * there), `refused` (outside the root, or not a regular file), `not-answering` (a hung mount).
 */
export async function openContained(root: string, file: string): Promise<ContainedFile> {
  // O_NONBLOCK: opening a FIFO planted under a video's name must not hang until a writer comes.
  const flags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK);
  const handle = await inTime(fs.open(file, flags)).catch(passOr(gone));
  try {
    const [fst, real, rootReal] = await inTime(Promise.all([handle.stat(), fs.realpath(file), rootRealOf(root)])).catch(passOr(gone));
    const rst = await inTime(fs.stat(real)).catch(passOr(gone));
    if (fst.dev !== rst.dev || fst.ino !== rst.ino) throw new MediaError('refused', 'the file changed while it was being opened');
    if (!fst.isFile()) throw new MediaError('refused', 'not a regular file');
    if (!isInside(real, rootReal)) throw new MediaError('refused', OUTSIDE);
    let closed = false;
    return {
      handle, real, size: fst.size, mtimeMs: fst.mtimeMs,
      async close() {
        if (closed) return;
        closed = true;
        await handle.close().catch(() => undefined);
      },
    };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}
