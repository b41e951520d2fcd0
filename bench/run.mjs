// `npm run bench -- <name>`: runs one benchmark against the build in out/ and prints its table.
// Benchmarks are not tests: they print numbers beside their floor and assert nothing.
import { BENCHES } from './benches.mjs';

const name = process.argv[2];
const load = name ? BENCHES[/** @type {keyof typeof BENCHES} */ (name)] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const mod = await load();
await mod.run(process.argv.slice(3));
