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
  clips: () => import('./clips.mjs'),
  remotes: () => import('./remotes.mjs'),
  index: () => import('./index.mjs'),
  // Browser-driving benches are type-checked with the DOM types (e2e/tsconfig.json); a URL
  // import keeps them out of this Node-only program.
  ui: () => import(new URL('./ui.mjs', import.meta.url).href),
  player: () => import(new URL('./player.mjs', import.meta.url).href),
  sync: () => import(new URL('./sync.mjs', import.meta.url).href),
};

const name = process.argv[2];
const load = name ? BENCHES[/** @type {keyof typeof BENCHES} */ (name)] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const mod = await load();
await mod.run(process.argv.slice(3));
