// Electron entry: a table of contents. Each step is one setupX() from main/electron/; every
// behaviour lives in plain Node modules (app/desktop.ts and what it wires), tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, shell, type BrowserWindow } from 'electron';
import { APP_ORIGIN } from '../contract/channels.js';
import { createDesktop, type Desktop } from './app/desktop.js';
import {
  confirmIn, deliverOpenRequests, failedToStart, pickFolderIn, setupIpc, setupOpenRequests, setupPermissions, setupProfile, setupProtocol, setupQuit,
  setupSchemePrivileges, setupSingleInstance, setupWebContents, setupWindow,
} from './electron/setup.js';
import { defaultDataDir } from './util/data-dir.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preload = path.join(here, '..', 'preload', 'index.cjs');
const isDev = !app.isPackaged && process.env.REELVAULT_DEV === '1';
// A stuck network mount holds a libuv pool thread per pending call (see cli/reelvault.ts).
process.env.UV_THREADPOOL_SIZE ??= '16';

let desktop: Desktop | null = null;
let win: BrowserWindow | null = null;

setupProfile(process.env.REELVAULT_DATA_DIR ? defaultDataDir() : null);
if (setupSingleInstance()) {
  setupSchemePrivileges(); // before ready, or Electron refuses them
  const opens = setupOpenRequests(() => win);
  setupWebContents();
  setupQuit(() => desktop);
  void app.whenReady().then(async () => {
    setupPermissions();
    desktop = await createDesktop({
      // The profile's folder: REELVAULT_DATA_DIR (tests, a second library on one machine) set it above.
      dataDir: app.getPath('userData'),
      rendererDir,
      picturesDir: () => app.getPath('pictures'),
      videosDir: () => app.getPath('videos'),
      showItemInFolder: (file) => shell.showItemInFolder(file),
      pickFolder: () => pickFolderIn(win),
      confirm: (message, yes) => confirmIn(win, message, yes),
    });
    setupProtocol(desktop.handler, rendererDir);
    win = setupWindow(preload, isDev, app.getPath('userData'));
    setupIpc(desktop, win);
    await win.loadURL(`${APP_ORIGIN}/index.html`);
    deliverOpenRequests(opens, desktop, win);
  }).catch(failedToStart);
}
