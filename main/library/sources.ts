// Where an entry comes from: this computer's folders, or another Reelvault this one mirrors
// (main/remote/). A mirrored entry's root is `remote:<source key>/<that share's root id>`: not a
// path, so nothing that opens files can mistake it for one, and its id is `<key>.<their id>`.
import { REMOTE_FILE_ID } from '../../contract/ids.mjs';

const PREFIX = 'remote:';

export function isRemoteRoot(root: string): boolean {
  return root.startsWith(PREFIX);
}

export function remoteRoot(key: string, theirRootId: string): string {
  return `${PREFIX}${key}/${theirRootId}`;
}

/** The source key and their root id of a mirrored root; null for a folder of this computer. */
export function splitRemoteRoot(root: string): { key: string; rootId: string } | null {
  if (!isRemoteRoot(root)) return null;
  const slash = root.indexOf('/', PREFIX.length);
  return slash < 0 ? null : { key: root.slice(PREFIX.length, slash), rootId: root.slice(slash + 1) };
}

/** The source key and their id of a mirrored file's id; null for a file of this computer. */
export function splitRemoteId(id: string): { key: string; remoteId: string } | null {
  const m = REMOTE_FILE_ID.exec(id);
  return m ? { key: m[1]!, remoteId: m[2]! } : null;
}
