// A library process for the kill test (main/library/crash.test.ts), run from the build in out/:
// `node crash-child.mjs <mode> <dataDir> <root>`.
//   scan    a cold scan of root
//   watch   watch root and write every change the watcher sees (the test changes files meanwhile)
//   verify  open, check the database, rescan, print every entry as JSON
//   mirror  <dataDir> <pairing link>: mirror another Reelvault (pairing first if it is not yet)
//   mirrored <dataDir> <pairing link>: the same to the end, then print the mirrored entries
const [mode, dataDir, root] = process.argv.slice(2);
if (mode === 'mirror' || mode === 'mirrored') {
  const { createCore } = await import(new URL('../../out/main/service/core.js', import.meta.url).href);
  const core = await createCore({ dataDir, local: false });
  await core.remotes.start();
  if (!core.remotes.list().length) await core.remotes.add(root, 'Room A');
  process.stdout.write('ready\n');
  await core.remotes.synced();
  if (mode === 'mirrored') {
    const lib = core.library;
    const check = lib.index.db.pragma('integrity_check', { simple: true });
    const entries = [...lib.index.entries()].map((e) => [e.id.slice(e.id.indexOf('.') + 1), e.relPath, e.size]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    process.stdout.write(`${JSON.stringify({ check, warnings: lib.warnings, entries })}\n`);
  }
  process.stdout.write('done\n');
  process.exit(0);
}
const { Library } = await import(new URL('../../out/main/library/library.js', import.meta.url).href);
const { LibraryWatcher } = await import(new URL('../../out/main/library/watcher.js', import.meta.url).href);
const lib = await Library.open(dataDir);
if (mode === 'scan') {
  // Half the cold scans load in bulk (the query indexes dropped and made again): killed in
  // between, the next open must make them again.
  if (process.env.RV_BULK) Library.bulkMin = 100;
  process.stdout.write('ready\n');
  await lib.scan([root]);
  process.stdout.write('done\n');
} else if (mode === 'watch') {
  await lib.scan([root]);
  const w = new LibraryWatcher(lib, { batchMs: 10 });
  await w.addRoot(root, { stabilityMs: 0 });
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1000);
} else {
  const check = lib.index.db.pragma('integrity_check', { simple: true });
  const report = await lib.scan([root]);
  const entries = [...lib.index.entries()].map((e) => [e.relPath, e.size, e.mtimeMs, e.status]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const indexes = lib.index.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'entries\\_%' ESCAPE '\\'").pluck().get();
  process.stdout.write(`${JSON.stringify({ check, warnings: lib.warnings, entries, total: lib.query({}).total, rootStatus: report.roots[0].status, indexes })}\n`);
  await lib.close();
}
