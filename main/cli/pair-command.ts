// `reelvault pair`: a fresh pairing link for a running (or next) `reelvault serve`, made on the
// box itself, as the service's user. It writes a code into the data folder's pairing store
// (which serve rereads on every /pair) and prints the addresses serve recorded in serve.json.
import fs from 'node:fs/promises';
import path from 'node:path';
import { qrTerminal } from '../share/qr.js';
import { DeviceStore } from '../share/devices.js';
import { pairingLinkFor } from '../share/server.js';
import { defaultDataDir } from '../util/data-dir.js';
import { parseCommandArgs, type Out } from './command-args.js';

const HELP = `Usage: reelvault pair [--owner] [--data-dir DIR]

Prints a new pairing link (and its QR code) for the share that \`reelvault serve\` runs with this
data folder. Open it once on a viewing device within 15 minutes; any number of devices may use it.
Run it as the service's user, with the service's --data-dir.

  --owner          a one-time owner link instead: the one device that opens it (within 15
                   minutes, not through a reverse proxy) may manage this Reelvault from its
                   browser: folders, settings, devices, exports
  --data-dir DIR   the share's data folder (default: ${defaultDataDir()})`;

/** Where serve says it listens, for `reelvault pair`. */
export const SERVE_STATE_FILE = 'serve.json';

export interface ServeState {
  urls: string[];
  port: number;
  pid: number;
  startedAt: number;
}

export async function runPair(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const parsed = parseCommandArgs('pair', HELP, argv, { 'data-dir': { type: 'string' }, owner: { type: 'boolean', default: false } }, stdout, stderr);
  if (typeof parsed === 'number') return parsed;
  const dataDir = path.resolve((parsed['data-dir'] as string | undefined) ?? defaultDataDir());
  let state: ServeState | null = null;
  try {
    state = JSON.parse(await fs.readFile(path.join(dataDir, SERVE_STATE_FILE), 'utf8')) as ServeState;
  } catch {
    /* serve has not run with this data folder yet */
  }
  let code: string;
  try {
    code = parsed.owner ? await DeviceStore.newOwnerCode(dataDir) : await DeviceStore.newPairingCode(dataDir);
  } catch (err) {
    stderr.write(`reelvault pair: cannot write the pairing store in ${dataDir}: ${(err as Error).message} (run it as the service's user)\n`);
    return 1;
  }
  const urls = state?.urls.length ? state.urls : [`http://localhost:${state?.port ?? 8080}/`];
  if (!state) stderr.write(`warning: no running share recorded in ${dataDir}; the link assumes port 8080\n`);
  const links = urls.map((u) => pairingLinkFor(u, code));
  stdout.write(parsed.owner
    ? `Owner link (valid 15 minutes, for one device only; it may then manage this Reelvault):\n${links.map((l) => `  ${l}`).join('\n')}\n`
    : `Pairing link (valid 15 minutes; open it once on each viewing device):\n${links.map((l) => `  ${l}`).join('\n')}\n`);
  stdout.write(`${await qrTerminal(links[0]!)}\n`);
  return 0;
}
