// `reelvault verify <folder>`: checks an evidence export (issue 35) with a key it is given, never
// one inside the export: this installation's (from the data folder) or --key. Exit 0 verified,
// 1 a file changed or is missing (each named), 2 signed by an unknown key (named by its
// fingerprint), 3 when it cannot check at all (usage, no key, no folder).
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeResult, exitCode, verifyExport } from '../media/evidence-verify.js';
import { defaultDataDir } from '../util/data-dir.js';
import { existingPublicKey, publicKeyFromPem } from '../util/evidence-key.js';
import type { Out } from './command-args.js';

const HELP = `Usage: reelvault verify <folder> [--data-dir DIR | --key key.pem] [--library DIR ...]

Checks an evidence export: the signature of its manifest.json, then each file's SHA-256.
It trusts only the key it is given: this installation's (in the data folder), or --key, a
public key in PEM as Settings > Evidence saves it. A key inside the export is never trusted.

  --data-dir DIR  the installation whose key to trust (default: ${defaultDataDir()})
  --key FILE      trust this public key (PEM) instead
  --library DIR   also check the source recordings in this library folder (repeatable)

Exit status: 0 verified; 1 a file changed or is missing (each is named); 2 signed by an unknown
key (named by its fingerprint); 3 when it could not check (usage, no key, no such folder).`;

export async function runVerify(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { 'data-dir': { type: 'string' }, key: { type: 'string' }, library: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    stderr.write(`reelvault verify: ${(err as Error).message}\n\n${HELP}\n`);
    return 3;
  }
  if (values.help) { stdout.write(`${HELP}\n`); return 0; }
  const usage = (why: string) => { stderr.write(`reelvault verify: ${why}\n\n${HELP}\n`); return 3; };
  if (positionals.length !== 1) return usage('name one export folder');
  if (values.key && values['data-dir']) return usage('give --data-dir or --key, not both');
  const folder = path.resolve(positionals[0]!);
  if (!(await fs.stat(folder).then((s) => s.isDirectory(), () => false))) {
    stderr.write(`reelvault verify: ${folder} is not a folder\n`);
    return 3;
  }
  let key;
  try {
    if (typeof values.key === 'string') {
      key = publicKeyFromPem(await fs.readFile(values.key));
    } else {
      const dataDir = path.resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
      key = await existingPublicKey(dataDir);
      if (!key) {
        stderr.write(`reelvault verify: the data folder ${dataDir} has no evidence key (this installation never signed an export); pass --key key.pem\n`);
        return 3;
      }
    }
  } catch (err) {
    stderr.write(`reelvault verify: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such key file ${String(values.key)}` : (err as Error).message}\n`);
    return 3;
  }
  const libraries = ((values.library as string[] | undefined) ?? []).map((d) => path.resolve(d));
  const result = await verifyExport(folder, key, libraries);
  (exitCode(result) === 0 ? stdout : stderr).write(`${describeResult(result)}\n`);
  return exitCode(result);
}
