// `npm run bench -- <name>`: runs one benchmark against the build in out/ and prints its table.
// Benchmarks are not tests: they print numbers beside their floor and assert nothing.
const BENCHES = {
  scan: () => import('./scan.mjs'),
  probe: () => import('./probe.mjs'),
  thumbs: () => import('./thumbs.mjs'),
  sessions: () => import('./sessions.mjs'),
  serve: () => import('./serve.mjs'),
  share: () => import('./share.mjs'),
  watch: () => import('./watch.mjs'),
  api: () => import('./api.mjs'),
};

const name = process.argv[2];
const load = name ? BENCHES[/** @type {keyof typeof BENCHES} */ (name)] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const mod = await load();
await mod.run(process.argv.slice(3));
