// `reelvault scan`: index library folders into the data dir and print the report.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Library } from '../library/library.js';
import { SettingsStore } from '../settings/settings.js';
import { defaultDataDir } from '../util/data-dir.js';
import { count, formatScanReport, seconds } from './format.js';

const HELP = `Usage: reelvault scan [--library DIR ...] [--json] [--data-dir DIR]

Indexes the video files under each library folder (recursively) and prints what was found,
what was skipped and why. The library folders are only read, never written to.

  --library DIR   a library folder; repeat for several (default: the folders in settings)
  --json          print the report as JSON
  --data-dir DIR  where the index is kept (default: ${defaultDataDir()})

Exit status: 0 when every folder was scanned, 1 when one could not be, 2 for usage errors.`;

interface Out { write(s: string): unknown; isTTY?: boolean }

export async function runScan(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        library: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    stderr.write(`reelvault scan: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${HELP}\n`);
    return 0;
  }
  const dataDir = path.resolve(args['data-dir'] ?? defaultDataDir());
  const settings = await SettingsStore.open(dataDir);
  for (const w of settings.warnings) stderr.write(`warning: ${w}\n`);
  const roots = args.library?.length ? args.library.map((d) => path.resolve(d)) : settings.get().libraryRoots.map((r) => r.path);
  if (roots.length === 0) {
    stderr.write('reelvault scan: no library folder given and none in settings; pass --library DIR\n');
    return 2;
  }

  const lib = await Library.open(dataDir);
  for (const w of lib.warnings) stderr.write(`warning: ${w}\n`);
  const live = Boolean(stderr.isTTY) && !args.json;
  if (live) {
    lib.on('progress', (p) => {
      stderr.write(`\r\x1b[KScanning… ${count(p.files, 'video file')} in ${count(p.folders, 'folder')} (${seconds(p.elapsedMs)})`);
    });
  }
  const report = await lib.scan(roots);
  if (live) stderr.write('\r\x1b[K');
  stdout.write(args.json ? `${JSON.stringify({ ...report, dataDir, warnings: [...settings.warnings, ...lib.warnings] }, null, 2)}\n` : `${formatScanReport(report, dataDir)}\n`);
  return report.roots.every((r) => r.status === 'ok' || r.status === 'duplicate') ? 0 : 1;
}
