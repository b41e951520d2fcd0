// The directory walker that runs inside scan worker threads.
//
// Plain JavaScript (typed with JSDoc) because a worker thread loads a file as-is: the same file
// then runs under Vitest and from the build, with no TypeScript loader in between.
// Everything here is synchronous on purpose: a worker has nothing else to do, and sync fs calls
// avoid a promise per file (the naive async walk measured 10x slower in ../shared/MEASURED.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileId, isVideoName, OUTSIDE } from './naming.mjs';

/**
 * A readable form of a name that is not valid UTF-8: valid sequences are kept, each invalid
 * byte is shown as \xNN, so two such names never read the same.
 * @param {Buffer} buf
 */
export function readableName(buf) {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = /** @type {number} */ (buf[i]);
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len <= buf.length) {
      const seq = buf.subarray(i, i + len);
      const text = seq.toString('utf8');
      // A valid sequence decodes to one code point without U+FFFD.
      if (!text.includes('\uFFFD') && Buffer.from(text, 'utf8').equals(seq)) {
        out += text;
        i += len;
        continue;
      }
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`;
    i += 1;
  }
  return out;
}

/**
 * @typedef {{ root: string, real: string, excluded: string[] }} RootContext
 *   root: the root as configured (ids and relative paths use it); real: its realpath (the walk
 *   runs on it); excluded: realpaths of other roots nested inside it (they index themselves).
 * @typedef {{ rootIndex: number, dir: string, rel: string, recursive: boolean }} Unit
 *   dir: real path of the folder; rel: its path relative to the root ('' for the root itself).
 * @typedef {{ rootIndex: number, rel: string, reason: string }} Skipped
 * @typedef {{
 *   rootIndex: number[], rel: string[], id: string[], size: number[], mtimeMs: number[],
 *   problem: (string | null)[], skipped: Skipped[], folders: number, otherFiles: number
 * }} WalkResult
 *   One row per video file; problem is why a listed file is unreadable (null when it is fine).
 * @typedef {{ secret: string, roots: RootContext[], uid: number, gids: number[] }} WalkContext
 */

/** @returns {WalkResult} */
export function emptyResult() {
  return { rootIndex: [], rel: [], id: [], size: [], mtimeMs: [], problem: [], skipped: [], folders: 0, otherFiles: 0 };
}

const S_IRUSR = 0o400, S_IRGRP = 0o040, S_IROTH = 0o004;

/**
 * Whether this process may read a file, from its stat alone (no extra syscall per file).
 * ACLs are not considered; root reads everything; Windows has no POSIX bits to check.
 * @param {{ mode: number, uid: number, gid: number }} st @param {number} uid @param {number[]} gids
 */
export function mayRead(st, uid, gids) {
  if (uid === 0 || uid < 0) return true;
  if (st.uid === uid) return (st.mode & S_IRUSR) !== 0;
  if (gids.includes(st.gid)) return (st.mode & S_IRGRP) !== 0;
  return (st.mode & S_IROTH) !== 0;
}

/** @param {unknown} err */
function code(err) {
  return err && typeof err === 'object' && 'code' in err ? String(err.code) : 'UNKNOWN';
}

/** Words a user understands for an fs error code. @param {unknown} err */
export function describeFsError(err) {
  switch (code(err)) {
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'vanished during the scan';
    case 'ELOOP': return 'symbolic link loop';
    case 'ENOTDIR': return 'not a folder';
    case 'EIO': return 'input/output error (disk or network problem)';
    case 'ETIMEDOUT': return 'timed out (network folder not answering)';
    default: return `cannot be read (${code(err)})`;
  }
}

/**
 * Why a subfolder is not walked, or null to walk it.
 * @param {string} name @param {string} real @param {RootContext} ctx
 */
export function skipFolderReason(name, real, ctx) {
  if (name.startsWith('.')) return 'hidden folder';
  if (ctx.excluded.includes(real)) return 'indexed as its own library folder';
  return null;
}

/**
 * What a symbolic link in the library is: a video file inside the root (its target's stat),
 * a reason to skip it, or not a video at all. The scan and the watcher both judge links here.
 * @param {string} full @param {string} name @param {string} rootReal the root's realpath
 * @param {Pick<typeof fs, 'realpathSync' | 'statSync'>} [fsImpl]
 * @returns {{ stat: fs.Stats } | { skip: string } | { other: true }}
 */
export function linkVerdict(full, name, rootReal, fsImpl = fs) {
  let target;
  try {
    target = fsImpl.realpathSync(full);
  } catch (err) {
    const c = code(err);
    if (!isVideoName(name) && c === 'ENOENT') return { other: true };
    return { skip: c === 'ENOENT' ? 'broken symbolic link' : c === 'ELOOP' ? 'symbolic link loop' : `link ${describeFsError(err)}` };
  }
  const inside = target === rootReal || target.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
  let st;
  try { st = fsImpl.statSync(target); } catch (err) { return { skip: `link target ${describeFsError(err)}` }; }
  if (st.isDirectory()) {
    // Folders inside the root are walked where they really are; following links to them
    // would index files twice (or forever, with a loop).
    return { skip: inside ? 'link to a folder already in the library' : `link ${OUTSIDE}` };
  }
  if (!isVideoName(name)) return { other: true };
  if (!inside) return { skip: `link ${OUTSIDE}` };
  if (!st.isFile()) return { skip: 'not a regular file' };
  return { stat: st };
}

/**
 * Walk one unit of work, appending to `out`. Exported so tests can drive it in-process with an
 * injected `fsImpl` (a file vanishing between readdir and stat, say).
 * @param {Unit} unit @param {WalkContext} wc @param {WalkResult} out
 * @param {(() => void) | undefined} [onFolder] @param {typeof fs} [fsImpl]
 */
export function walkUnit(unit, wc, out, onFolder, fsImpl = fs) {
  const ctx = /** @type {RootContext} */ (wc.roots[unit.rootIndex]);
  const ri = unit.rootIndex;

  /** @param {string} rel @param {string} reason */
  const skip = (rel, reason) => out.skipped.push({ rootIndex: ri, rel, reason });

  /**
   * @param {string} rel @param {string | Buffer} relRaw
   * @param {fs.Stats | null} st @param {string | null} problem
   */
  const addFile = (rel, relRaw, st, problem) => {
    out.rootIndex.push(ri);
    out.rel.push(rel);
    out.id.push(fileId(wc.secret, ctx.root, relRaw));
    out.size.push(st ? st.size : 0);
    out.mtimeMs.push(st ? st.mtimeMs : 0);
    if (!problem && st && !mayRead(st, wc.uid, wc.gids)) problem = 'permission denied';
    out.problem.push(problem);
  };

  /** @param {string} dir @param {string} rel @param {boolean} recursive */
  const walk = (dir, rel, recursive) => {
    /** @type {fs.Dirent[]} */
    let dirents;
    try {
      dirents = fsImpl.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      skip(rel || '.', `folder ${describeFsError(err)}`);
      return;
    }
    out.folders++;
    onFolder?.();
    /** @type {Buffer[] | null} raw names, read only when a name is not valid UTF-8 */
    let rawNames = null;
    const prefix = rel ? `${rel}/` : '';
    for (const d of dirents) {
      const name = d.name;
      if (name.includes('\uFFFD')) {
        // Node decoded invalid bytes as U+FFFD; re-read raw names once for this folder.
        rawNames ??= /** @type {Buffer[]} */ (fsImpl.readdirSync(dir, { encoding: 'buffer' }));
        handleRawNames(dir, prefix, rawNames);
        continue;
      }
      const full = `${dir}/${name}`;
      if (d.isDirectory()) {
        const why = skipFolderReason(name, full, ctx);
        if (why) skip(prefix + name, why);
        else if (recursive) walk(full, prefix + name, true);
        continue;
      }
      if (name.startsWith('.')) {
        // Hidden files (AppleDouble "._clip.mp4" and the like) are not recordings.
        if (isVideoName(name)) skip(prefix + name, 'hidden file');
        continue;
      }
      if (d.isFile()) {
        if (!isVideoName(name)) { out.otherFiles++; continue; }
        statFile(prefix + name, full);
      } else if (d.isSymbolicLink()) {
        followLink(prefix + name, name, full);
      } else if (isVideoName(name)) {
        skip(prefix + name, 'not a regular file');
      }
    }
  };

  /** @param {string} rel @param {string} full */
  const statFile = (rel, full) => {
    try {
      addFile(rel, rel, fsImpl.statSync(full), null);
    } catch (err) {
      const c = code(err);
      // Gone between readdir and stat: not a file any more, so not listed.
      if (c === 'ENOENT') skip(rel, 'file vanished during the scan');
      else addFile(rel, rel, null, describeFsError(err));
    }
  };

  /** @param {string} rel @param {string} name @param {string} full */
  const followLink = (rel, name, full) => {
    const v = linkVerdict(full, name, ctx.real, fsImpl);
    if ('other' in v) out.otherFiles++;
    else if ('skip' in v) skip(rel, v.skip);
    else addFile(rel, rel, v.stat, null);
  };

  /** Names that are not valid UTF-8: listed under a readable form, never dropped. */
  /** @param {string} dir @param {string} prefix @param {Buffer[]} raws */
  const handleRawNames = (dir, prefix, raws) => {
    for (const raw of raws.splice(0)) {
      const text = raw.toString('utf8');
      if (!text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(raw)) continue;
      const readable = readableName(raw);
      const dirBuf = Buffer.from(`${dir}/`);
      const full = Buffer.concat([dirBuf, raw]);
      let st;
      try { st = fsImpl.lstatSync(full); } catch (err) { skip(prefix + readable, `${describeFsError(err)}`); continue; }
      if (st.isDirectory()) { skip(prefix + readable, 'folder name is not valid UTF-8'); continue; }
      if (!isVideoName(readable)) { out.otherFiles++; continue; }
      addFile(prefix + readable, Buffer.concat([Buffer.from(prefix), raw]), st, 'name is not valid UTF-8');
    }
  };

  walk(unit.dir, unit.rel, unit.recursive);
  return out;
}

/** Rows go to the main thread in chunks so it can build entries while the walk goes on. */
const CHUNK_ROWS = 4096;

/**
 * Worker entry. Units are claimed from a shared counter so a fast worker takes more of them
 * (load balancing without messages); each worker bumps its own counters for progress.
 * workerData: { wc, units, shared: Int32Array over a SharedArrayBuffer, slot }.
 * Messages: { rows: WalkResult } per chunk, then { done: true, folders, otherFiles, skipped }.
 */
if (!isMainThread && workerData && workerData.kind === 'reelvault-walk') {
  /** @type {{ wc: WalkContext, units: Unit[], shared: Int32Array, slot: number }} */
  const { wc, units, shared, slot } = workerData;
  // A background scan (the app's, serve's) yields the cores to the thread answering viewers: on
  // Linux a thread has its own nice value, set through its id (/proc/thread-self → pid/task/tid).
  if (workerData.nice) {
    try { os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), workerData.nice); } catch { /* not Linux: as is */ }
  }
  let out = emptyResult();
  let files = 0, folders = 0, otherFiles = 0;
  /** @type {Skipped[]} */
  const skipped = [];
  const flush = () => {
    files += out.rel.length;
    folders += out.folders;
    otherFiles += out.otherFiles;
    skipped.push(...out.skipped);
    out.skipped = [];
    if (out.rel.length) parentPort?.postMessage({ rows: out });
    out = emptyResult();
  };
  // Tests stand in for a hung network mount with a folder whose listing takes this long.
  const stall = workerData.testStall;
  const onFolder = () => {
    Atomics.add(shared, slot, 1);
  };
  /** @param {string} dir */
  const beforeFolder = (dir) => {
    if (stall && dir.endsWith(stall.folder)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stall.ms);
  };
  for (;;) {
    const i = Atomics.add(shared, 0, 1);
    if (i >= units.length) break;
    const unit = /** @type {Unit} */ (units[i]);
    beforeFolder(unit.dir);
    walkUnit(unit, wc, out, onFolder);
    Atomics.store(shared, slot + 1, files + out.rel.length);
    if (out.rel.length >= CHUNK_ROWS) flush();
  }
  flush();
  parentPort?.postMessage({ done: true, folders, otherFiles, skipped });
}
