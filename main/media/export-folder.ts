// Where exported clips go and what they are called. A folder inside a library folder is refused
// (real paths compared, so a link cannot sneak one in); names say the camera and the moment, are
// portable to any disk, and never overwrite a file; a clip is written as a hidden `.name.part`
// in the destination folder and renamed there when complete (a rename across drives fails).
import fs from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_ZONE, wallClockAt } from '../../contract/zone-time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Why `folder` cannot take exports (inside a library folder, missing, not writable), or null. */
export async function exportFolderProblem(folder: string, libraryRoots: readonly string[]): Promise<string | null> {
  if (!path.isAbsolute(folder)) return 'the export folder must be a full path';
  // Checked before anything is made: the folder may not exist yet, and must not be made inside a library.
  const real = await realPathOfDeepest(path.resolve(folder));
  for (const root of libraryRoots) {
    const rootReal = await fs.realpath(root).catch(() => path.resolve(root));
    const rel = path.relative(rootReal, real);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      return `the export folder is inside the library folder ${root}: Reelvault never writes into a library folder; choose another`;
    }
  }
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.access(folder, fs.constants.W_OK);
  } catch (err) {
    return `the export folder cannot be used (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  }
  return null;
}

/** The real path of `p`, through its deepest existing ancestor (links resolved) and the rest as written. */
async function realPathOfDeepest(p: string): Promise<string> {
  const rest: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(at), ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return p;
      rest.push(path.basename(at));
      at = up;
    }
  }
}

/** A camera's name as a file name anywhere: no `<>:"/\|?*`, control characters or trailing dots and spaces. */
export function portableName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const clean = name.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  return clean || '_';
}

/** `<camera> <YYYY-MM-DD HH.MM.SS>–<HH.MM.SS>.<ext>`, in this computer's zone (the one holding the library). */
export function exportName(camera: string, fromMs: number, toMs: number, ext: string): string {
  const a = wallClockAt(LOCAL_ZONE, fromMs), b = wallClockAt(LOCAL_ZONE, toMs);
  const clock = (f: typeof a) => `${pad(f.hour)}.${pad(f.minute)}.${pad(f.second)}`;
  return `${portableName(camera)} ${a.year}-${pad(a.month)}-${pad(a.day)} ${clock(a)}–${clock(b)}.${ext}`;
}

/** The hidden file a clip is written to before it is complete. */
export function partPath(folder: string, name: string): string {
  return path.join(folder, `.${name}.part`);
}

/**
 * Moves a finished part to its name, never over an existing file: "name (2).ext" and so on.
 * A hard link fails when the name exists (no race), where the disk has them; else a check and a
 * rename. Returns the final path.
 */
export async function placeFile(part: string, folder: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const target = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      await fs.link(part, target);
      await fs.unlink(part);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // No hard links on this disk (FAT, some network shares): check, then rename.
      if (await fs.stat(target).then(() => true, () => false)) continue;
      await fs.rename(part, target);
      return target;
    }
  }
  throw new Error('too many files with this name in the export folder');
}
