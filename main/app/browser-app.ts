#!/usr/bin/env node
// The app without Electron (`npm start` where Electron's binary is absent): the desktop's parts
// (settings, folders, exports, the demo library) with its share on 127.0.0.1 only, and one owner
// link for this computer's browser, printed and opened. The browser is then what the window is.
//
//   node out/main/app/browser-app.js [--library DIR ...] [--port P] [FILE]
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../util/data-dir.js';
import { createDesktop } from './desktop.js';

/** The one line `npm start` prints: the link to open, and that it works only here. */
export function runningLine(ownerLink: string): string {
  return `Reelvault is running: ${ownerLink} (this computer only)`;
}

/** The system's way to open a link in the default browser. */
export function openerFor(platform: NodeJS.Platform): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (u) => [u] };
  // `start` is cmd's builtin; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: (u) => ['/c', 'start', '""', u] };
  return { command: 'xdg-open', args: (u) => [u] };
}

function openInBrowser(url: string): void {
  if (process.env.REELVAULT_NO_BROWSER) return;
  const o = openerFor(process.platform);
  try {
    const child = spawn(o.command, o.args(url), { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`(could not start ${o.command}: open the link above yourself)\n`));
    child.unref();
  } catch {
    /* said above */
  }
}

async function main(argv: string[]): Promise<number> {
  let values: { library?: string[]; port?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { library: { type: 'string', multiple: true }, port: { type: 'string' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    process.stderr.write(`reelvault: ${(err as Error).message}\nUsage: npm start [-- --library DIR] [-- --port P] [-- FILE]\n`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write('reelvault: --port must be a number from 0 to 65535\n');
    return 2;
  }
  const dataDir = defaultDataDir();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const app = await createDesktop({
    dataDir,
    rendererDir: path.resolve(here, '..', '..', 'renderer'),
    // No window: folders are chosen in the page's folder browser, the export folder in Settings.
    pickFolder: async () => null,
    picturesDir: () => path.join(os.homedir(), 'Pictures'),
    loopbackShare: true,
    ...(port !== undefined ? { sharePort: port } : {}),
  });
  let said = '';
  app.runner.on('scan', (p) => { if (p.activity && p.activity !== said) process.stderr.write(`${p.activity}\n`); said = p.activity ?? ''; });
  // The link as soon as the share listens: the page shows a first demo library being made.
  // Folders and files given wait for the library, so the page finds them when it opens.
  await (values.library?.length || positionals.length ? app.ready : app.shareUp);
  // --library DIR: added as the owner would add it (kept in the settings).
  for (const dir of values.library ?? []) {
    const r = await app.service.call({ transport: 'ipc', who: { device: 'desktop' } }, 'addRoot', [path.resolve(dir)]);
    if (!r.ok) process.stderr.write(`warning: ${dir}: ${r.message}\n`);
  }
  for (const file of positionals) {
    const r = await app.openFile(path.resolve(file));
    if ('error' in r) process.stderr.write(`warning: ${file}: ${r.error}\n`);
  }
  const info = app.share.info();
  const link = await app.share.ownerLink();
  if (!link) {
    process.stderr.write(`reelvault: ${info.error ?? 'the share could not start'}\n`);
    await app.close();
    return 1;
  }
  process.stdout.write(`${runningLine(link)}\n`);
  openInBrowser(link);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => resolve(0), 1800).unref();
      void app.close().then(() => resolve(0), () => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.env.UV_THREADPOOL_SIZE ??= '16';
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    process.stderr.write(`reelvault: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
