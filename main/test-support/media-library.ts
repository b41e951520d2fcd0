// A library of copies of generated fixtures in a temp folder, scanned and ready, so a test may
// change or delete files without touching the shared set.
import { Library } from '../library/library.js';
import { copyFixtures } from './fixtures.js';
import { tmpDir } from './tmp.js';

export async function fixtureLibrary(files: Record<string, string>) {
  const root = copyFixtures(tmpDir(), files);
  const data = tmpDir('rv-data-');
  const lib = await Library.open(data);
  await lib.scan([root]);
  const byName = (name: string) => {
    const e = lib.query({ limit: 1000 }).items.find((x) => x.filename === name);
    if (!e) throw new Error(`no ${name} in the test library`);
    return e;
  };
  return { root, data, lib, byName };
}
