// Every benchmark can still start: its module imports without running it, and every file and
// export of the build it drives is where it was. A moved file fails here, in the suite, rather
// than when someone next runs `npm run bench -- <name>` (sync once imported a codec-caps.js
// from out/preload/ long after it had moved to contract/).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules as appModules } from '../bench/app.mjs';

// By URL: the Node-only benches are type-checked by tsconfig.node.json, not with this DOM one.
const { BENCHES } = (await import(new URL('../bench/benches.mjs', import.meta.url).href)) as { BENCHES: Record<string, () => Promise<unknown>> };
const NAMES = Object.keys(BENCHES);

describe('benchmarks', () => {
  it('are the ones the README\'s bench command lists', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const listed = /`npm run bench -- <([^>]+)>`/.exec(readme)?.[1];
    expect(listed).toBeDefined();
    expect(listed!.split(/\\?\|/).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s imports without running and finds all it drives of the build', async (name) => {
    const mod = (await BENCHES[name]!()) as { run?: unknown; modules?: () => Promise<Record<string, unknown>> };
    expect(typeof mod.run).toBe('function');
    expect(typeof mod.modules).toBe('function');
    const found = await mod.modules!();
    expect(Object.entries(found).filter(([, v]) => v === undefined)).toEqual([]);
  });

  it('the app the browser benches start finds all it needs of the build', async () => {
    expect(Object.keys(await appModules())).toEqual(['createCore', 'startShare', 'createLiveApi', 'LibraryRunner']);
  });
});
