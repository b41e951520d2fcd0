// A cold scan of many files loads them in bulk (query indexes dropped, then made again): the
// index must answer exactly as one filled row by row.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { INDEXES } from './db-schema.js';
import { Library } from './library.js';

const was = Library.bulkMin;
afterEach(() => { Library.bulkMin = was; });

function tree(): string {
  const root = tmpDir();
  for (let c = 0; c < 3; c++) {
    fs.mkdirSync(path.join(root, `cam-${c}`));
    for (let f = 0; f < 40; f++) fs.writeFileSync(path.join(root, `cam-${c}`, `cam-${c}_20261120_${String(100000 + f * 100)}.mp4`), 'x'.repeat(f));
  }
  return root;
}

async function answers(root: string, bulkMin: number) {
  Library.bulkMin = bulkMin;
  const lib = await Library.open(tmpDir());
  await lib.scan([root]);
  const indexes = lib.index.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'entries\\_%' ESCAPE '\\'").pluck().get();
  // (Ids differ: each data folder has its own id key.)
  const out = [{}, { sort: 'name' as const }, { sort: 'size' as const, limit: 7 }, { text: 'cam-1 0001' }, { cameras: [{ root, name: 'cam-2' }] }]
    .map((q) => lib.query(q)).map((r) => ({ ...r, items: r.items.map(({ id: _id, ...e }) => e) }));
  await lib.close();
  return { out, indexes };
}

describe('bulk load of a cold scan', () => {
  it('answers as a row-by-row fill does, with every query index made again', async () => {
    const root = tree();
    const bulk = await answers(root, 10);
    const rows = await answers(root, 1_000_000);
    expect(bulk.indexes).toBe(INDEXES.length);
    expect(bulk.out).toEqual(rows.out);
    expect(bulk.out[0]!.total).toBe(120);
  });
});
