// Electron entry: a table of contents. Each step is one setupX() from main/electron/; every
// behaviour lives in plain Node modules (app/desktop.ts and what it wires), tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, shell } from 'electron';
import { createDesktop, type Desktop } from './app/desktop.js';
import {
  confirmIn, deliverMomentLinks, deliverOpenRequests, failedToStart, setupMomentLinks,
  pickFolderIn, setupIpc, setupMenu, setupOpenRequests, setupPermissions, setupProfile, setupProtocol,
  setupQuit, setupSchemePrivileges, setupSingleInstance, setupTray, setupWebContents, setupWindow, WindowKeeper,
} from './electron/setup.js';
import { defaultDataDir } from './util/data-dir.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preload = path.join(here, '..', 'preload', 'index.cjs');
const isDev = !app.isPackaged && process.env.REELVAULT_DEV === '1';
// A stuck network mount holds a libuv pool thread per pending call (see cli/reelvault.ts).
process.env.UV_THREADPOOL_SIZE ??= '16';

let desktop: Desktop | null = null;
// The window can close while the share keeps running; a second launch, the tray or the Dock bring it back.
const windows = new WindowKeeper(() => setupWindow(preload, isDev, app.getPath('userData')));

setupProfile(process.env.REELVAULT_DATA_DIR ? defaultDataDir() : null);
if (setupSingleInstance()) {
  setupSchemePrivileges(); // before ready, or Electron refuses them
  const opens = setupOpenRequests(windows);
  const moments = setupMomentLinks();
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
      pickFolder: () => pickFolderIn(windows.current()),
      confirm: (message, yes) => confirmIn(windows.current(), message, yes),
    });
    setupProtocol(desktop.handler, rendererDir);
    setupIpc(desktop, windows);
    setupMenu(windows, isDev, app.getPath('userData'));
    await windows.start();
    setupTray(desktop, windows);
    deliverOpenRequests(opens, desktop, windows);
    deliverMomentLinks(moments, windows);
  }).catch(failedToStart);
}
