#!/usr/bin/env node
// `reelvault`: the headless commands, plain Node with no Electron.
import { runExport } from './export-command.js';
import { runPair } from './pair-command.js';
import { runScan } from './scan-command.js';
import { runServe } from './serve-command.js';
import { runVerify } from './verify-command.js';

const USAGE = `Usage: reelvault <command> [options]

Commands:
  scan   Index library folders and print what was found
         --library DIR (repeatable)  --json  --data-dir DIR
  serve  Share the library on the local network (no window needed)
         --library DIR  --host H  --port P  --token T  --data-dir DIR  --max-transcodes N
  pair   Print a new pairing link for the share of this data folder
         --data-dir DIR
  export Export a camera's range: a clip, with overlay, as evidence, or a timelapse
         --library DIR  --camera NAME  --from ISO  --to ISO  --out DIR  [--exact] [--overlay] [--evidence] [--timelapse N]
  verify Check an evidence export's files and signature
         <folder>  [--data-dir DIR | --key key.pem]  [--library DIR]

Run "reelvault <command> --help" for details.`;

// A stuck network mount holds a libuv pool thread per pending call: a larger pool keeps one
// hung share from stalling every other file operation. Set before any asynchronous fs use.
process.env.UV_THREADPOOL_SIZE ??= '16';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return runScan(rest, process.stdout, process.stderr);
    case 'pair':
      return runPair(rest, process.stdout, process.stderr);
    case 'export':
      return runExport(rest, process.stdout, process.stderr);
    case 'verify':
      return runVerify(rest, process.stdout, process.stderr);
    case 'serve': {
      // A server stopping must not wait for idle sockets or timers: exit once it says so.
      const code = await runServe(rest, process.stdout, process.stderr);
      return process.exit(code);
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`reelvault: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`reelvault: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
