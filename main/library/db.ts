// Opening the index database: WAL (readers never wait for the one writer), the tables made or
// checked, and a file that cannot be used set aside (never deleted) so a scan rebuilds the index.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { INDEXES, SCHEMA, SCHEMA_VERSION } from './db-schema.js';

export type Db = Database.Database;

export const DB_FILE = 'index.sqlite';

export interface OpenedDb {
  db: Db;
  /** What happened that the user should hear about (a file set aside). */
  warnings: string[];
  /** The database was made just now (nothing in it yet: an old index may be imported). */
  created: boolean;
}

class NewerVersion extends Error {}

/** The tables' exact shape: a database of the same version but another build's tables is not guessed at. */
const SHAPE = createHash('sha256').update(SCHEMA + INDEXES.join(';')).digest('hex').slice(0, 16);

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** The database and its WAL moved aside as `index.sqlite.<why>-<time>`; returns the new name. */
function moveAside(file: string, why: string): string {
  const aside = `${file}.${why}-${stamp()}`;
  fs.renameSync(file, aside);
  for (const ext of ['-wal', '-shm']) {
    if (fs.existsSync(file + ext)) fs.renameSync(file + ext, aside + ext);
  }
  return aside;
}

function openOnce(file: string): { db: Db; created: boolean } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The index is rebuilt by a scan: a power cut may lose its last moments, never its shape.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -16000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new NewerVersion(`it was written by a newer Reelvault (index version ${version})`);
    let created = false;
    if (version === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw new Error('it holds tables that are not a Reelvault index');
      db.transaction(() => {
        db.exec(SCHEMA);
        db.prepare("INSERT INTO meta (k, v) VALUES ('shape', ?)").run(SHAPE);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
      created = true;
    }
    const shape = (db.prepare("SELECT v FROM meta WHERE k = 'shape'").pluck().get() as string | undefined);
    if (shape !== SHAPE) throw new Error('its tables are not the ones this version makes');
    // (A cold scan killed while it loaded without them.)
    for (const sql of INDEXES) db.exec(sql);
    // No integrity check here: even a quick one reads every page (seconds on a large index).
    // A file that is not a database fails above; damage found later is reported where it is met.
    return { db, created };
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openDb(dir: string): OpenedDb {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, DB_FILE);
  const warnings: string[] = [];
  try {
    return { ...openOnce(file), warnings };
  } catch (err) {
    if (!fs.existsSync(file)) throw err;
    const why = err instanceof NewerVersion ? 'newer' : 'damaged';
    const aside = moveAside(file, why);
    warnings.push(`The library index could not be opened: ${(err as Error).message}. It was kept as ${path.basename(aside)} and the scan rebuilds the index.`);
    return { ...openOnce(file), warnings };
  }
}
