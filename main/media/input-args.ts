// How a library file is named on an ffmpeg or ffprobe command line. Pure: the argument builders
// (probe, thumbnails, sprites, sessions) all take their input from here.
import { LIBRARY_DEMUXERS } from '../library/naming.mjs';
import type { ContainedFile } from './contained-file.js';

/**
 * The one way a library file becomes an ffmpeg or ffprobe input:
 * - only the file protocol (and pipes), so `concat:`, `http:` and friends are never reached;
 * - only the demuxers of the types the library indexes, so a playlist or a script saved as a
 *   video (HLS, ffconcat, image2 patterns…) is refused instead of followed to files anywhere on
 *   the disk; mov's `enable_drefs` stays at its default, off;
 * - a `file:` URL, so a name beginning with "-" or containing ":" is never read as an option.
 * `url` comes from `inputUrls`: the descriptor the containment check opened, where the platform
 * lets a child inherit it. The app's own export scripts (written in the data folder, listing only
 * files that passed that check) are the one input that may use the concat demuxer; they do not
 * come through here.
 */
export function inputArgs(url: string): string[] {
  return ['-protocol_whitelist', 'file,pipe', '-format_whitelist', LIBRARY_DEMUXERS, '-i', url];
}

/** The first descriptor a child inherits its inputs on (0–2 are stdio). */
const FIRST_INPUT_FD = 3;

/**
 * The URLs by which a child reads `files`, passed to spawnMedia in the same order: the inherited
 * descriptor on Linux and macOS, the checked path on Windows (which cannot pass one this way).
 */
export function inputUrls(files: readonly ContainedFile[]): string[] {
  return files.map((f, k) => (process.platform === 'win32' ? `file:${f.real}` : `file:/dev/fd/${FIRST_INPUT_FD + k}`));
}
