// `reelvault serve`: the LAN share without a window, for a recording box with no screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { qrTerminal } from '../share/qr.js';
import { createCore } from '../service/core.js';
import type { SettingsView } from '../../contract/api.js';
import { createLiveApi } from '../api/live.js';
import { LibraryRunner } from '../service/library-runner.js';
import type { Library } from '../library/library.js';
import { rootLabel } from '../library/naming.mjs';
import { DEFAULT_TRANSCODE } from '../media/session-args.js';
import { loadToken } from '../share/token.js';
import { redactUrl, startShare } from '../share/server.js';
import { parseCidrs, type Cidr } from '../util/cidr.js';
import { defaultDataDir } from '../util/data-dir.js';
import { librarySetup, parseCommandArgs, type Out } from './command-args.js';
import { count, seconds } from './format.js';
import { SERVE_STATE_FILE, type ServeState } from './pair-command.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { isKnownZone, LOCAL_ZONE } from '../util/time-zone.js';
import { logToFile } from '../util/log-file.js';
import type { RootNaming } from '../library/recording-times.js';

const HELP = `Usage: reelvault serve [--library DIR ...] [--host H] [--port P] [--token T] [--data-dir DIR]
                       [--max-transcodes N] [--allow-host NAME ...] [--trust CIDR ...] [--trust-proxy CIDR ...]
                       [--rescan S] [--name-tz ZONE] [--camera-level N] [--remote PAIRING_URL ...]

Shares the library on the local network, read-only, behind an access token: a browser UI for
viewers, and the old media service's /videos routes for the existing dashboard.

  --library DIR       a library folder; repeat for several (default: the folders in settings)
  --host H            address to listen on (default 0.0.0.0: every interface)
  --port P            port (default 8080, or the next free one)
  --token T           bearer token for scripts and the old dashboard (default: the saved one)
  --data-dir DIR      index, thumbnails and token (default: ${defaultDataDir()})
  --max-transcodes N  conversions at once (default 2); past that viewers are told to retry
  --allow-host NAME   a host name viewers use to reach this machine (IPs always work)
  --trust CIDR        clients in this range may read without a token (the old dashboard)
  --trust-proxy CIDR  a reverse proxy in this range may name the client in X-Forwarded-For
                      (its limits and trust ranges then apply to that client); nobody else may
  --rescan S          rescan every S seconds besides watching (default 300; 0 = never)
  --name-tz ZONE      the zone times in file names are in: local (this machine's, the default),
                      UTC, or a zone such as Europe/Berlin (cameras often stamp local time while
                      a headless box runs in UTC)
  --camera-level N    the folder level that names the camera (default 1: root/camera/…;
                      2 for root/date/camera/…)
  --remote URL        another Reelvault's pairing link: its recordings join this share's (its
                      own computer converts them); repeat for several. Needed once: the
                      credential is kept in the data folder and reused on later starts

Stop with Ctrl-C (or SIGTERM): every conversion is ended and the process exits.`;


export async function runServe(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const parsed = parseCommandArgs('serve', HELP, argv, {
    library: { type: 'string', multiple: true },
    host: { type: 'string', default: '0.0.0.0' },
    port: { type: 'string', default: '8080' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    'max-transcodes': { type: 'string', default: '2' },
    'allow-host': { type: 'string', multiple: true },
    trust: { type: 'string', multiple: true },
    'trust-proxy': { type: 'string', multiple: true },
    rescan: { type: 'string', default: '300' },
    'name-tz': { type: 'string', default: LOCAL_ZONE },
    'camera-level': { type: 'string', default: '1' },
    remote: { type: 'string', multiple: true },
  }, stdout, stderr);
  if (typeof parsed === 'number') return parsed;
  const args = parsed as unknown as { library?: string[]; host: string; port: string; token?: string; 'data-dir'?: string; 'max-transcodes': string; 'allow-host'?: string[]; trust?: string[]; 'trust-proxy'?: string[]; rescan: string;
    'name-tz': string; 'camera-level': string; remote?: string[];
  };
  const port = Number(args.port);
  const maxTranscodes = Number(args['max-transcodes']);
  const rescan = Number(args.rescan);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(stderr, '--port must be a number from 0 to 65535');
  if (!Number.isInteger(maxTranscodes) || maxTranscodes < 1 || maxTranscodes > 32) return usage(stderr, '--max-transcodes must be a number from 1 to 32');
  if (!Number.isFinite(rescan) || rescan < 0) return usage(stderr, '--rescan must be a number of seconds');
  const naming = { timeZone: args['name-tz'], cameraLevel: Number(args['camera-level']) };
  if (!isKnownZone(naming.timeZone)) return usage(stderr, `--name-tz: unknown time zone "${naming.timeZone}" (use local, UTC, or a zone such as Europe/Berlin)`);
  if (!Number.isInteger(naming.cameraLevel) || naming.cameraLevel < 1 || naming.cameraLevel > 8) return usage(stderr, '--camera-level must be a number from 1 to 8');
  if (args.token !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(args.token)) return usage(stderr, '--token must be at least 16 letters, digits, "-" or "_"');
  let trusted: Cidr[];
  let proxies: Cidr[];
  let flag = '--trust';
  try {
    trusted = parseCidrs(args.trust ?? []);
    flag = '--trust-proxy';
    proxies = parseCidrs(args['trust-proxy'] ?? []);
  } catch (err) {
    return usage(stderr, `${flag}: ${(err as Error).message}`);
  }
  // Tests shorten how long an unread stream is kept (a paused player); 60 s otherwise.
  const idle = Number(process.env.REELVAULT_STREAM_IDLE_MS);

  const setup = await librarySetup('serve', args.library, args['data-dir'], stderr);
  if (!setup) return 2;
  const { dataDir, roots } = setup;

  logToFile(path.join(dataDir, 'logs'));
  const core = await createCore({ dataDir, local: false, limits: { maxTranscodes, reserveLocal: false } });
  for (const w of core.library.warnings) stderr.write(`warning: ${w}\n`);
  // New recordings appear as they are written; a periodic rescan is the safety net (and what
  // brings an offline drive back).
  const runner = new LibraryRunner(core, { rescanSec: rescan });
  // The saved index answers at once: the share listens while the scan brings it up to date.
  const scanning = runner.setRoots(roots.map((p) => ({ path: p, naming })));
  scanning.catch(() => undefined);
  const said = new Map<string, string>();
  runner.on('roots', (list) => {
    for (const r of list) {
      const line = r.state === 'offline' || r.watch === 'polling' ? `${r.root}: ${r.state === 'offline' ? 'offline' : 'polling'}${r.reason ? ` (${r.reason})` : ''}` : '';
      if (line && said.get(r.root) !== line) stderr.write(`${line}\n`);
      said.set(r.root, line);
    }
  });
  // Other Reelvaults: those paired before, and each --remote (paired now, or known already).
  await core.remotes.start();
  for (const link of args.remote ?? []) {
    try {
      const r = await core.remotes.add(link, `Reelvault on ${os.hostname()}`);
      stdout.write(`Also showing ${r.label} (${r.origin})\n`);
    } catch (err) {
      stderr.write(`warning: ${redactUrl(new URL(link, 'http://x'))}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  const token = args.token ?? await loadToken(dataDir);
  const rendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer');
  let listening = port; // the port asked for, until the share says which it took
  const api = createLiveApi(core, runner, {
    settings: () => serveSettingsView(roots, core.library, maxTranscodes, listening, naming),
  });
  const share = await startShare(core, {
    token, host: args.host, port, api,
    allowedHosts: args['allow-host'] ?? [], trustedCidrs: trusted.map((c) => c.text), trustProxy: proxies.map((c) => c.text),
    ...(Number.isFinite(idle) && idle > 0 ? { streamIdleMs: idle } : {}),
    ...(fs.existsSync(path.join(rendererDir, 'index.html')) ? { rendererDir } : {}),
  });
  listening = share.port;
  const state: ServeState = { urls: share.urls, port: share.port, pid: process.pid, startedAt: Date.now() };
  await writeFileAtomic(path.join(dataDir, SERVE_STATE_FILE), JSON.stringify(state)).catch((err: unknown) => stderr.write(`warning: could not record the share's addresses for \`reelvault pair\`: ${String(err)}\n`));
  const pairing = await share.pairingLink();
  const report = await scanning;
  for (const r of report.roots) if (r.status !== 'ok' && r.status !== 'duplicate') stderr.write(`warning: ${r.root}: ${r.reason ?? r.status}\n`);
  stdout.write(`Sharing ${count(report.files, 'video')} from ${roots.join(', ')} (scanned in ${seconds(report.elapsedMs)})\n`);
  stdout.write(`Open on this network:\n${share.urls.map((u) => `  ${u}`).join('\n')}\n`);
  stdout.write(`Pairing link (valid 15 minutes; open it once on each viewing device; \`reelvault pair\` makes a new one):\n  ${pairing}\n`);
  stdout.write(`${await qrTerminal(pairing)}\n`);
  stdout.write(trusted.length ? `Trusted without pairing (the old dashboard): ${trusted.map((c) => c.text).join(', ')}\n` : 'Trusted without pairing: no address ranges (every viewer pairs)\n');
  if (proxies.length) stdout.write(`Behind reverse proxies: ${proxies.map((c) => c.text).join(', ')} (their X-Forwarded-For is believed)\n`);
  stdout.write('Stop with Ctrl-C.\n');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      stderr.write(`\n${signal}: stopping…\n`);
      // Never hang on the way out: the process must be gone within 2 s.
      setTimeout(() => resolve(0), 1800).unref();
      api.close();
      void Promise.all([share.close(), runner.close()]).then(() => core.close()).then(() => resolve(0), () => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function usage(stderr: Out, message: string): number {
  stderr.write(`reelvault serve: ${message}\n`);
  return 2;
}

/** What a LAN viewer is told of the settings: `serve` takes them from its command line. */
function serveSettingsView(roots: string[], library: Library, maxConcurrent: number, port: number, naming: RootNaming): SettingsView {
  return {
    libraryRoots: roots.map((p) => ({
      path: p, rootId: library.rootId(p), label: rootLabel(p, undefined), stabilitySec: 5, network: 'auto' as const,
      nameTimeZone: naming.timeZone, cameraLevel: naming.cameraLevel,
    })),
    transcode: { ...DEFAULT_TRANSCODE, maxConcurrent },
    share: { enabled: true, port, keepSharingWhenClosed: false },
    cacheGiB: 2,
    preparePlayback: true,
  };
}
