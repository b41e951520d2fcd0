// The owner's folder browser over the share: a folder's subfolders with their names, whether
// they can be read, and how many videos each holds directly (counted up to 1,000 within 2 s, so
// a huge or slow folder cannot hold the page), never following links. And the rule for adding a
// folder by its path: never /, the data folder, the export folder or any folder inside them.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FolderEntry, FolderListing } from '../../contract/api.js';
import { isVideoName } from '../library/naming.mjs';

export const COUNT_CAP = 1000;
export const COUNT_MS = 2000;
const MAX_FOLDERS = 2000;

/** Videos directly in a folder, up to the cap or the deadline; null when it cannot be read. */
async function countVideos(dir: string, deadline: number): Promise<{ videos: number; capped: boolean } | null> {
  let handle;
  try {
    handle = await fs.opendir(dir, { bufferSize: 256 });
  } catch {
    return null;
  }
  let videos = 0;
  try {
    for await (const d of handle) {
      if (d.isFile() && isVideoName(d.name)) videos++;
      if (videos >= COUNT_CAP || Date.now() > deadline) return { videos, capped: true };
    }
  } catch {
    return { videos, capped: true };
  }
  return { videos, capped: false };
}

/** Why a folder may not be a library folder, in words; null when it may. Paths compared real. */
export async function rootRefusal(dir: string, forbidden: { dataDir: string; exportFolder: string | null }): Promise<string | null> {
  const real = await fs.realpath(dir).catch(() => path.resolve(dir));
  if (path.parse(real).root === real) return 'the top of the disk cannot be a library folder: choose the folder your cameras record into';
  const inside = async (base: string | null): Promise<boolean> => {
    if (!base) return false;
    const b = await fs.realpath(base).catch(() => path.resolve(base));
    const rel = path.relative(b, real);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (await inside(forbidden.dataDir)) return "this is Reelvault's own data folder (or inside it), not a recordings folder";
  if (await inside(forbidden.exportFolder)) return 'this is the export folder (or inside it): Reelvault writes clips there, and never indexes its own clips';
  return null;
}

export async function browseFolders(dir: string, forbidden: { dataDir: string; exportFolder: string | null }, now = Date.now()): Promise<FolderListing> {
  const at = path.resolve(dir);
  const st = await fs.lstat(at).catch(() => null);
  if (!st?.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
  const deadline = now + COUNT_MS;
  const names: string[] = [];
  const own = await countVideosAndFolders(at, deadline, names);
  names.sort((a, b) => a.localeCompare(b));
  const folders: FolderEntry[] = [];
  for (const name of names.slice(0, MAX_FOLDERS)) {
    const p = path.join(at, name);
    const c = await countVideos(p, deadline);
    const refused = await rootRefusal(p, forbidden);
    folders.push({
      name, path: p, readable: c !== null, videos: c?.videos ?? 0, ...(c?.capped ? { videosCapped: true } : {}), ...(refused ? { refused } : {}),
    });
  }
  const refused = await rootRefusal(at, forbidden);
  const parent = path.dirname(at) === at ? null : path.dirname(at);
  return { path: at, parent, folders, videos: own.videos, ...(own.capped ? { videosCapped: true } : {}), ...(refused ? { refused } : {}) };
}

/** The folder's own videos, and its subfolders' names (links and hidden folders left out). */
async function countVideosAndFolders(dir: string, deadline: number, folders: string[]): Promise<{ videos: number; capped: boolean }> {
  const handle = await fs.opendir(dir, { bufferSize: 256 });
  let videos = 0;
  let capped = false;
  for await (const d of handle) {
    // A Dirent from readdir never follows a link: a link to a folder is neither file nor folder here.
    if (d.isDirectory() && !d.name.startsWith('.')) { if (folders.length < MAX_FOLDERS) folders.push(d.name); continue; }
    if (!capped && d.isFile() && isVideoName(d.name)) {
      videos++;
      if (videos >= COUNT_CAP || Date.now() > deadline) capped = true;
    }
  }
  return { videos, capped };
}
