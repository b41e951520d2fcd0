// What the headless commands share: option parsing with the help text on error, and the
// library folders and data dir a command works on.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SettingsStore } from '../settings/settings.js';
import { defaultDataDir } from '../util/data-dir.js';

export interface Out { write(s: string): unknown; isTTY?: boolean }

type Options = NonNullable<ParseArgsConfig['options']>;

export type ArgValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parsed values, or an exit code when the command is done (usage error: 2, --help: 0). */
export function parseCommandArgs(command: string, help: string, argv: string[], options: Options, stdout: Out, stderr: Out): ArgValues | number {
  let values: ArgValues;
  try {
    values = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: false }).values as ArgValues;
  } catch (err) {
    stderr.write(`reelvault ${command}: ${(err as Error).message}\n\n${help}\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(`${help}\n`);
    return 0;
  }
  return values;
}

/** The data dir and the library folders: --library, else the ones in settings; null if none. */
export async function librarySetup(
  command: string, library: string[] | undefined, dataDirArg: string | undefined, stderr: Out,
): Promise<{ dataDir: string; roots: string[] } | null> {
  const dataDir = path.resolve(dataDirArg ?? defaultDataDir());
  const settings = await SettingsStore.open(dataDir);
  for (const w of settings.warnings) stderr.write(`warning: ${w}\n`);
  const roots = library?.length ? library.map((d) => path.resolve(d)) : settings.get().libraryRoots.map((r) => r.path);
  if (roots.length === 0) {
    stderr.write(`reelvault ${command}: no library folder given and none in settings; pass --library DIR\n`);
    return null;
  }
  return { dataDir, roots };
}
