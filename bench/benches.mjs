// Every benchmark by the name `npm run bench -- <name>` takes (the README lists the same names;
// e2e/benches.spec.ts holds the two together). Each module exports `run(args)` and
// `modules()`; importing one runs nothing.
export const BENCHES = {
  scan: () => import('./scan.mjs'),
  probe: () => import('./probe.mjs'),
  thumbs: () => import('./thumbs.mjs'),
  sessions: () => import('./sessions.mjs'),
  serve: () => import('./serve.mjs'),
  share: () => import('./share.mjs'),
  watch: () => import('./watch.mjs'),
  api: () => import('./api.mjs'),
  clips: () => import('./clips.mjs'),
  evidence: () => import('./evidence.mjs'),
  remotes: () => import('./remotes.mjs'),
  index: () => import('./index.mjs'),
  activity: () => import('./activity.mjs'),
  // Browser-driving benches are type-checked with the DOM types (e2e/tsconfig.json); a URL
  // import keeps them out of this Node-only program.
  ui: () => import(new URL('./ui.mjs', import.meta.url).href),
  player: () => import(new URL('./player.mjs', import.meta.url).href),
  sync: () => import(new URL('./sync.mjs', import.meta.url).href),
  watching: () => import(new URL('./watching.mjs', import.meta.url).href),
};
