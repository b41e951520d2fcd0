// The first start after the upgrade: the index the previous version kept (a JSON snapshot plus a
// journal, read by store.ts as that version did) goes into the database in one transaction, with
// where each mirror of another Reelvault had got to. The old files are kept in
// library.v1-backup/ until a later start opens the database without needing them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../util/log.js';
import { DEFAULT_NAMING, withNaming } from './recording-times.js';
import { isRemoteRoot } from './sources.js';
import type { SqlIndex } from './sql-index.js';
import { LibraryStore, V1_FILES } from './store.js';

const log = logger('library');

export const V1_BACKUP = 'library.v1-backup';

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

async function savedCursors(dataDir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const dir = path.join(dataDir, 'remotes');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.cursor')) continue;
    try {
      const saved = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { cursor?: unknown };
      if (typeof saved.cursor === 'number') out.set(name.slice(0, -'.cursor'.length), saved.cursor);
    } catch { /* unreadable: that mirror makes a full copy */ }
  }
  return out;
}

/** Import an index the previous version left in `libDir`: null when there is none, else warnings for the user. */
export async function importV1(
  dataDir: string, libDir: string, index: SqlIndex, setCursor: (key: string, cursor: number) => void,
): Promise<string[] | null> {
  const present = [];
  for (const f of V1_FILES) if (await exists(path.join(libDir, f))) present.push(f);
  if (!present.length) return null;
  const { entries, warnings } = await new LibraryStore(dataDir).load();
  const cursors = await savedCursors(dataDir);
  // Start times were derived at load, not stored: from the probe's facts, by the default options
  // (configureNaming applies a root's own). A mirrored entry keeps what its computer gave it.
  const rows = entries.map((e) => (isRemoteRoot(e.root) ? e : withNaming(e, DEFAULT_NAMING)));
  index.db.transaction(() => {
    index.write(rows, []);
    for (const [key, cursor] of cursors) setCursor(key, cursor);
  })();
  const backup = path.join(dataDir, V1_BACKUP);
  await fs.mkdir(backup, { recursive: true });
  for (const f of await fs.readdir(libDir)) {
    if (V1_FILES.includes(f) || f.startsWith('snapshot.json.damaged')) await fs.rename(path.join(libDir, f), path.join(backup, f));
  }
  log.info(`imported ${rows.length} entries of the previous index; its files are kept in ${backup} until the next start`);
  return warnings;
}

/** A start after the import went well: the old files are no longer needed. */
export async function dropV1Backup(dataDir: string): Promise<void> {
  await fs.rm(path.join(dataDir, V1_BACKUP), { recursive: true, force: true });
}
