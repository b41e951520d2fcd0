// Electron entry. It reads like a table of contents: every behaviour lives in plain Node modules
// (app/desktop.ts and what it wires) that run and are tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { eventChannel } from '../preload/ipc-transport.js';
import { createDesktop, type Desktop } from './app/desktop.js';
import { forwardEvents, registerIpc } from './electron/ipc.js';
import { OpenQueue, videoPathsIn } from './electron/open-requests.js';
import { restrictPermissions } from './electron/permissions.js';
import { APP_ORIGIN, handleScheme, registerSchemePrivileges } from './electron/protocol.js';
import { lockDown, secureWebPreferences } from './electron/window.js';
import { stopAll } from './media/ffmpeg.js';
import { defaultDataDir } from './util/data-dir.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preload = path.join(here, '..', 'preload', 'index.cjs');
const isDev = !app.isPackaged && process.env.REELVAULT_DEV === '1';
// A stuck network mount holds a libuv pool thread per pending call (see cli/reelvault.ts).
process.env.UV_THREADPOOL_SIZE ??= '16';

let desktop: Desktop | null = null;
let win: BrowserWindow | null = null;
const opens = new OpenQueue();

// 1. One instance: a second launch hands its files to this one and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // 2. The scheme's privileges, which Electron accepts only before ready.
  registerSchemePrivileges(protocol);

  // 3. Files to open: this launch's, a second launch's, macOS's (which may come before ready).
  opens.push(...videoPathsIn(process.argv, process.cwd()));
  app.on('second-instance', (_e, argv, cwd) => {
    opens.push(...videoPathsIn(argv, cwd));
    if (win) { if (win.isMinimized()) win.restore(); win.focus(); }
  });
  app.on('open-file', (e, file) => { e.preventDefault(); opens.push(file); });

  // 4. Every web contents: no new windows, no navigation away, no webviews.
  app.on('web-contents-created', (_e, wc) => lockDown(wc));

  // 5. Ready: permissions, the app's parts, the scheme, IPC, the window, then queued files.
  void app.whenReady().then(start);

  // 6. Quitting ends every session and kills every ffmpeg child before the process goes.
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    const done = (): void => app.quit();
    setTimeout(done, 3000).unref();
    void Promise.resolve(desktop?.close()).catch(() => undefined).then(() => stopAll()).finally(done);
  });
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  restrictPermissions(session.defaultSession);
  desktop = await createDesktop({
    // REELVAULT_DATA_DIR: a separate profile (tests, a second library on one machine).
    dataDir: process.env.REELVAULT_DATA_DIR ? defaultDataDir() : app.getPath('userData'),
    rendererDir,
    picturesDir: () => app.getPath('pictures'),
    pickFolder: async () => {
      const r = await dialog.showOpenDialog(win!, { title: 'Add a library folder', properties: ['openDirectory'] });
      return r.canceled ? null : r.filePaths[0] ?? null;
    },
  });
  handleScheme(protocol, desktop.core.handler, rendererDir);
  registerIpc(ipcMain, desktop.live.service);
  win = new BrowserWindow({ width: 1280, height: 800, minWidth: 640, minHeight: 400, title: 'Reelvault', show: false, backgroundColor: '#17171a', webPreferences: secureWebPreferences(preload, isDev) });
  win.once('ready-to-show', () => win?.show());
  const w = win;
  forwardEvents(desktop.live.hub, (channel, data) => { if (!w.isDestroyed()) w.webContents.send(channel, data); });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  const d = desktop;
  opens.drain((file) => {
    void d.openFile(file).then((r) => {
      if ('id' in r) w.webContents.send(eventChannel('open'), r.id);
      else dialog.showErrorBox('Reelvault cannot open this file', r.error);
    });
  });
}
