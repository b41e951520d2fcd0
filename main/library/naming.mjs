// What the library calls a video, and how it names one: the extensions it indexes (with each
// type's MIME type and the ffmpeg demuxer that may read it) and the opaque file id.
//
// Plain JavaScript (typed with JSDoc) because the scan's worker threads import it as-is.
import { hash } from 'node:crypto';
import { FILE_ID, LOCAL_FILE_ID } from '../../contract/ids.mjs';

export { FILE_ID };

/**
 * Every indexed extension: its MIME type (served with the file, registered for "Open with")
 * and the ffmpeg demuxer that reads it. Only these demuxers are ever allowed to open a library
 * file (`-format_whitelist`), so a playlist or a concat script saved as `.mp4` is never followed.
 * @type {Readonly<Record<string, { mime: string, demuxers: readonly string[] }>>}
 */
export const VIDEO_TYPES = Object.freeze(Object.fromEntries(
  /** @type {Array<[string[], Record<string, string>]>} */ ([
    // ffmpeg's demuxers, and the extensions (with their MIME types) each of them reads.
    [['mov'], { '.mp4': 'video/mp4', '.m4v': 'video/x-m4v', '.mov': 'video/quicktime', '.3gp': 'video/3gpp' }],
    [['avi'], { '.avi': 'video/x-msvideo' }],
    [['matroska'], { '.mkv': 'video/x-matroska', '.webm': 'video/webm' }],
    [['asf'], { '.wmv': 'video/x-ms-wmv', '.asf': 'video/x-ms-asf' }],
    // A program stream, or (from some encoders) a bare elementary stream; a DVD recorder's is a program stream.
    [['mpeg', 'mpegvideo'], { '.mpg': 'video/mpeg', '.mpeg': 'video/mpeg' }],
    [['mpeg'], { '.vob': 'video/mpeg' }],
    [['mpegts'], { '.ts': 'video/mp2t', '.mts': 'video/mp2t', '.m2ts': 'video/mp2t' }],
    [['flv'], { '.flv': 'video/x-flv' }],
    [['ogg'], { '.ogv': 'video/ogg' }],
  ]).flatMap(([demuxers, exts]) => Object.entries(exts).map(([ext, mime]) => [ext, Object.freeze({ mime, demuxers })])),
));

/** Extensions we index, lower case, with the dot. */
export const VIDEO_EXTENSIONS = new Set(Object.keys(VIDEO_TYPES));

/** ffmpeg's `-format_whitelist` for library files: the demuxers of every indexed type. */
export const LIBRARY_DEMUXERS = [...new Set(Object.values(VIDEO_TYPES).flatMap((t) => t.demuxers))].join(',');

/** @param {string} name */
function extOf(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** @param {string} name */
export function isVideoName(name) {
  return VIDEO_EXTENSIONS.has(extOf(name));
}

/** The MIME type a file is served with. @param {string} name */
export function mimeOf(name) {
  return /** @type {Record<string, { mime: string }>} */ (VIDEO_TYPES)[extOf(name)]?.mime ?? 'application/octet-stream';
}


/** An id of this computer's own library (a mirrored source's ids never are). @param {string} id */
export function isFileId(id) {
  return LOCAL_FILE_ID.test(id);
}

/**
 * Opaque, stable id of a file: a keyed hash of its root and relative path. Without the key
 * (kept in the data dir) an id says nothing about the path, and no path can be built from it.
 * @param {string} secret @param {string} root @param {string | Buffer} rel
 */
export function fileId(secret, root, rel) {
  const data = typeof rel === 'string'
    ? `${secret}\0${root}\0${rel}`
    : Buffer.concat([Buffer.from(`${secret}\0${root}\0`), rel]);
  return hash('sha256', data, 'base64url').slice(0, 22);
}

/** The shape of every root id: 12 characters of base64url. */
export const ROOT_ID = /^[A-Za-z0-9_-]{12}$/;

/**
 * Opaque, stable id of a library folder, as viewers see it instead of its path: a keyed hash,
 * like a file's (and apart from files' by its prefix).
 * @param {string} secret @param {string} root
 */
export function rootId(secret, root) {
  return hash('sha256', `${secret}\0root\0${root}`, 'base64url').slice(0, 12);
}

/**
 * A root's name for viewers: the one the user gave it, else its folder's name.
 * @param {string} root @param {string | undefined} label
 */
export function rootLabel(root, label) {
  return label || root.split(/[\\/]/).filter(Boolean).pop() || root;
}

/** The words for a file that resolves outside its library folder (a badge, a skip reason). */
export const OUTSIDE = 'points outside the library folder';

/** The words for a library file that only a playlist or script demuxer would open. */
export const NOT_A_VIDEO = 'not a video file';
