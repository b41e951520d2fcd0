// The shape of every file id, for every side that checks one. A file of this computer's library
// has 22 characters of base64url (a keyed hash of root and path, made in main/library/naming.mjs);
// a file of another Reelvault this one mirrors is `<source key>.<that share's id>`. Plain
// JavaScript, so that the scan's worker, which runs without a build step, can read it too.

/** A source's key: "r" and 7 letters or digits (main/remote/pair-remote.ts makes them). */
export const SOURCE_KEY_PATTERN = 'r[A-Za-z0-9]{7}';
const LOCAL_ID_PATTERN = '[A-Za-z0-9_-]{22}';

/** Any file id's characters, for patterns that embed it (routes, URL hashes). */
export const FILE_ID_PATTERN = `(?:${SOURCE_KEY_PATTERN}\\.)?${LOCAL_ID_PATTERN}`;

/** A whole string that is a file id, of this library or of a mirrored one. */
export const FILE_ID = new RegExp(`^${FILE_ID_PATTERN}$`);

/** A file id of this computer's own library (never one that names another source). */
export const LOCAL_FILE_ID = new RegExp(`^${LOCAL_ID_PATTERN}$`);

/** A mirrored file's id: its source's key and the id its own share gave it. */
export const REMOTE_FILE_ID = new RegExp(`^(${SOURCE_KEY_PATTERN})\\.(${LOCAL_ID_PATTERN})$`);
