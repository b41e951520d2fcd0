// A SqlIndex over a database in a fresh temporary folder, for tests of queries and lanes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LibraryEntry } from '../../contract/api.js';
import { openDb } from '../library/db.js';
import { SqlIndex } from '../library/sql-index.js';

export function tempIndex(entries: readonly LibraryEntry[] = []): SqlIndex {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-index-'));
  const ix = new SqlIndex(openDb(dir).db);
  ix.write(entries, []);
  return ix;
}
