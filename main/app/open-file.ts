// "Open with Reelvault" on a video: find (or index) the file and answer its id for the player.
// A file inside a library folder is looked up (after a scan if it is new); one outside every
// folder is indexed with its siblings only, as a temporary source.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Library } from '../library/library.js';
import { isVideoName } from '../library/naming.mjs';
import type { LibraryRunner } from '../service/library-runner.js';

export type OpenResult = { id: string } | { error: string };

export async function openFile(file: string, deps: { library: Library; runner: LibraryRunner }): Promise<OpenResult> {
  const abs = path.resolve(file);
  const st = await fs.stat(abs).catch(() => null);
  if (!st) return { error: `${abs} does not exist (was it moved or deleted?)` };
  if (!st.isFile()) return { error: `${abs} is not a file` };
  if (!isVideoName(abs)) return { error: `${path.basename(abs)} is not a video file Reelvault opens` };
  const real = await fs.realpath(abs);

  const find = (root: string, rel: string): string | null => deps.library.index.findByRelPath(rel).find((e) => e.root === root)?.id ?? null;
  for (const root of deps.runner.rootPaths) {
    const realRoot = await fs.realpath(root).catch(() => root);
    if (!real.startsWith(realRoot + path.sep)) continue;
    const rel = path.relative(realRoot, real).split(path.sep).join('/');
    const id = find(root, rel) ?? (await deps.runner.scan(), find(root, rel));
    return id ? { id } : { error: `${abs} is in the library folder ${root} but could not be indexed` };
  }
  const dir = path.dirname(real);
  await deps.runner.addTemporaryFolder(dir);
  const id = find(dir, path.basename(real));
  return id ? { id } : { error: `${abs} could not be indexed` };
}
