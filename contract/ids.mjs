// The shape of every file id, for every side that checks one: 22 characters of base64url (a keyed
// hash of root and path, made in main/library/naming.mjs). Plain JavaScript, so that the scan's
// worker, which runs without a build step, can read it too.

/** The id's characters, for patterns that embed it (routes, URL hashes). */
export const FILE_ID_PATTERN = '[A-Za-z0-9_-]{22}';

/** A whole string that is a file id. */
export const FILE_ID = new RegExp(`^${FILE_ID_PATTERN}$`);
