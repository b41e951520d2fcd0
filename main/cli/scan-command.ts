// `reelvault scan`: index library folders into the data dir and print the report.
import { Library } from '../library/library.js';
import { defaultDataDir } from '../util/data-dir.js';
import { librarySetup, parseCommandArgs, type Out } from './command-args.js';
import { count, formatScanReport, seconds } from './format.js';

const HELP = `Usage: reelvault scan [--library DIR ...] [--json] [--data-dir DIR]

Indexes the video files under each library folder (recursively) and prints what was found,
what was skipped and why. The library folders are only read, never written to.

  --library DIR   a library folder; repeat for several (default: the folders in settings)
  --json          print the report as JSON
  --data-dir DIR  where the index is kept (default: ${defaultDataDir()})

Exit status: 0 when every folder was scanned, 1 when one could not be, 2 for usage errors.`;


export async function runScan(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const args = parseCommandArgs('scan', HELP, argv, {
    library: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  }, stdout, stderr);
  if (typeof args === 'number') return args;
  const setup = await librarySetup('scan', args.library as string[] | undefined, args['data-dir'] as string | undefined, stderr);
  const json = args.json === true;
  if (!setup) return 2;
  const { dataDir, roots } = setup;

  const lib = await Library.open(dataDir);
  for (const w of lib.warnings) stderr.write(`warning: ${w}\n`);
  const live = Boolean(stderr.isTTY) && !json;
  if (live) {
    lib.on('progress', (p) => {
      stderr.write(`\r\x1b[KScanning… ${count(p.files, 'video file')} in ${count(p.folders, 'folder')} (${seconds(p.elapsedMs)})`);
    });
  }
  const report = await lib.scan(roots);
  if (live) stderr.write('\r\x1b[K');
  stdout.write(json ? `${JSON.stringify({ ...report, dataDir, warnings: lib.warnings }, null, 2)}\n` : `${formatScanReport(report, dataDir)}\n`);
  return report.roots.every((r) => r.status === 'ok' || r.status === 'duplicate') ? 0 : 1;
}
