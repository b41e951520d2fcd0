// Each part of the app's life with Electron, one setupX() each, for main/index.ts to call in
// order. This is the one module (with index.ts) that touches Electron's objects: the modules it
// calls take what they need as arguments, so they run and are tested in plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, Notification, protocol, screen, session, shell, Tray, type MenuItemConstructorOptions } from 'electron';
import { loadBounds, restorableBounds, saveBounds } from '../app/window-bounds.js';
import type { Desktop } from '../app/desktop.js';
import { afterLastWindow, appMenu, STILL_SHARING, trayMenu, type MenuItemSpec } from '../app/menus.js';
import { LOG_FILE } from '../util/log-file.js';
import { APP_ORIGIN, eventChannel } from '../../contract/channels.js';
import { MENU_OPENS_AT, type MenuCommand } from '../../contract/menu.js';
import { stopAll } from '../media/ffmpeg.js';
import { DESKTOP } from '../media/viewers.js';
import type { Handler } from '../serve/handler.js';
import { forwardEvents, forwardExports, registerIpc } from './ipc.js';
import { OpenQueue, videoPathsIn } from './open-requests.js';
import { momentHashIn, momentHashOf } from './moment-requests.js';
import { MOMENT_SCHEME } from '../../contract/moment-link.js';
import { restrictPermissions } from './permissions.js';
import { handleScheme, registerSchemePrivileges } from './protocol.js';
import { lockDown, secureWebPreferences } from './window.js';

/** The scheme's privileges: Electron accepts them only before ready. */
export function setupSchemePrivileges(): void {
  registerSchemePrivileges(protocol);
}

/** After ready: the scheme answers media from `media`, and the web build from `rendererDir`. */
export function setupProtocol(media: Handler, rendererDir: string): void {
  handleScheme(protocol, media, rendererDir);
}

/** Every page's permission requests go through permissions.ts. */
export function setupPermissions(): void {
  restrictPermissions(session.defaultSession);
}

/** The contract on IPC, once; its events go to whichever window is open (none while closed to the tray). */
export function setupIpc(desktop: Pick<Desktop, 'service' | 'events' | 'exporter'>, windows: WindowKeeper): void {
  registerIpc(ipcMain, desktop.service);
  const send = (channel: string, data: unknown): void => windows.current()?.webContents.send(channel, data);
  forwardEvents(desktop.events, send);
  forwardExports(desktop.exporter, send);
}

/**
 * One app window at a time. It is made again after it closed (the share can outlive it), and
 * only once the app is ready; a command from a menu or the tray is carried out by its page.
 */
export class WindowKeeper {
  private win: BrowserWindow | null = null;
  private canMake = false;
  private making: Promise<BrowserWindow | null> | null = null;

  constructor(private readonly make: () => BrowserWindow) {}

  current(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** Shows the window, making and loading it when there is none. Rejects when the page cannot load. */
  show(command?: MenuCommand): Promise<BrowserWindow | null> {
    const open = this.current();
    if (open) {
      if (open.isMinimized()) open.restore();
      open.show();
      open.focus();
      if (command) open.webContents.send(eventChannel('menu'), command);
      return Promise.resolve(open);
    }
    if (!this.canMake) return Promise.resolve(null); // before ready: start() makes it
    this.making ??= this.load(command).finally(() => { this.making = null; });
    return this.making;
  }

  /** The first window, once the app is ready. */
  start(): Promise<BrowserWindow | null> {
    this.canMake = true;
    return this.show();
  }

  private async load(command: MenuCommand | undefined): Promise<BrowserWindow> {
    const win = this.make();
    this.win = win;
    win.on('closed', () => { if (this.win === win) this.win = null; });
    try {
      await win.loadURL(`${APP_ORIGIN}/index.html${(command && MENU_OPENS_AT[command]) ?? ''}`);
    } catch (err) {
      if (this.win === win) this.win = null;
      if (!win.isDestroyed()) win.destroy();
      throw err;
    }
    return win;
  }
}

/**
 * The app's window, shown once it has painted (no white flash), in the system's light or dark
 * background, at its last size and place (the place only when it is on a display now).
 */
export function setupWindow(preload: string, isDev: boolean, dataDir: string): BrowserWindow {
  const bounds = restorableBounds(loadBounds(dataDir), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds, minWidth: 640, minHeight: 400, title: 'Reelvault', show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171a' : '#f6f6f4',
    webPreferences: secureWebPreferences(preload, isDev),
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', () => { if (!win.isMinimized()) void saveBounds(dataDir, win.getNormalBounds()).catch(() => undefined); });
  // Windows does not send before-quit at log-off: stop every ffmpeg here too.
  win.on('session-end', () => { void stopAll(); });
  return win;
}

/** The single-instance lock is keyed by userData: a second profile (REELVAULT_DATA_DIR) gets its own. */
export function setupProfile(dataDir: string | null): void {
  if (dataDir) app.setPath('userData', dataDir);
}

/** A start that failed says why, in a dialog, and the process ends with a status: never an invisible process. */
export function failedToStart(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  dialog.showErrorBox('Reelvault could not start', `${message}\n\nIf this keeps happening, the log in the app's data folder says more.`);
  app.exit(1);
}

/** The system's folder picker, over `win`; null when the user cancels. */
export async function pickFolderIn(win: BrowserWindow | null): Promise<string | null> {
  const options = { title: 'Add a library folder', properties: ['openDirectory' as const] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? null : r.filePaths[0] ?? null;
}

/** A native yes/no question over `win`: what a page names, only the person at the desktop confirms. */
export async function confirmIn(win: BrowserWindow | null, message: string, yes: string): Promise<boolean> {
  const options = { type: 'question' as const, buttons: [yes, 'Cancel'], defaultId: 1, cancelId: 1, message, title: 'Reelvault' };
  const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return r.response === 0;
}

/** False when another instance runs: this one has handed its files over and quits. */
export function setupSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

/** Files to open, from the command line, a second launch or macOS, queued until a window is there. */
export function setupOpenRequests(windows: WindowKeeper): OpenQueue {
  const opens = new OpenQueue();
  opens.push(...videoPathsIn(process.argv, process.cwd()));
  // A second launch hands its files over and brings the window back (made again if it was closed).
  app.on('second-instance', (_e, argv, cwd) => {
    opens.push(...videoPathsIn(argv, cwd));
    void windows.show().catch(cannotShow);
  });
  app.on('open-file', (e, file) => { e.preventDefault(); opens.push(file); });
  // macOS: a click on the Dock icon with no window open.
  app.on('activate', () => { void windows.show().catch(cannotShow); });
  return opens;
}

/** Queued and later files play in the window (shown, or made again), or a dialog says why they cannot. */
export function deliverOpenRequests(opens: OpenQueue, desktop: Desktop, windows: WindowKeeper): void {
  opens.drain((file) => {
    void desktop.openFile(file).then(async (r) => {
      if (!('id' in r)) { dialog.showErrorBox('Reelvault cannot open this file', r.error); return; }
      // The id waits in the desktop (takeOpen): a new page takes it as it starts; an open one is told to look.
      const open = windows.current();
      if (open) open.webContents.send(eventChannel('open'), null);
      await windows.show();
    }).catch(cannotShow);
  });
}

/**
 * `reelvault://at/…` opens the app at that moment: registered with the system, taken from the
 * command line, a second launch and macOS's open-url, queued until the window is there.
 */
export function setupMomentLinks(): OpenQueue {
  const moments = new OpenQueue();
  // Unpackaged (`electron .`), the system must start Electron with the app's folder.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(MOMENT_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(MOMENT_SCHEME);
  const push = (hash: string | null): void => { if (hash) moments.push(hash); };
  push(momentHashIn(process.argv));
  app.on('second-instance', (_e, argv) => push(momentHashIn(argv)));
  app.on('open-url', (e, url) => { e.preventDefault(); push(momentHashOf(url)); });
  return moments;
}

/** Each moment opens in the window (shown, or made again): the page at `#/at/…` finds the recording. */
export function deliverMomentLinks(moments: OpenQueue, windows: WindowKeeper): void {
  moments.drain((hash) => {
    void windows.show().then((win) => win?.loadURL(`${APP_ORIGIN}/index.html${hash}`)).catch(cannotShow);
  });
}

function cannotShow(err: unknown): void {
  dialog.showErrorBox('Reelvault could not open its window', err instanceof Error ? err.message : String(err));
}

/** The menu bar: File, View, Help (and macOS's app menu). */
export function setupMenu(windows: WindowKeeper, isDev: boolean, dataDir: string): void {
  app.setAboutPanelOptions({
    applicationName: 'Reelvault', applicationVersion: app.getVersion(), copyright: 'Copyright © Reelvault contributors',
    website: 'https://github.com/reelvault/reelvault', iconPath: trayIconPath(),
  });
  const template = appMenu(process.platform, isDev, {
    send: (command) => { void windows.show(command).catch(cannotShow); },
    showLogs: () => {
      const file = path.join(dataDir, 'logs', LOG_FILE);
      if (fs.existsSync(file)) shell.showItemInFolder(file);
      else void shell.openPath(path.dirname(file));
    },
    about: () => app.showAboutPanel(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(electronMenu(template)));
}

/** The icon the tray and About show: beside the app when packaged (extraResources), else in build/. */
function trayIconPath(): string {
  const packaged = app.isPackaged ? path.join(process.resourcesPath, 'icons', 'tray.png') : null;
  return packaged ?? path.join(app.getAppPath(), 'build', 'icons', '32x32.png');
}

const electronMenu = (items: MenuItemSpec[]): MenuItemConstructorOptions[] => items as MenuItemConstructorOptions[];

/** While the share is on: a tray icon with Open, Share on/off, Pair a device and Quit. */
export function setupTray(desktop: Desktop, windows: WindowKeeper): void {
  let tray: Tray | null = null;
  const actions = {
    open: () => { void windows.show().catch(cannotShow); },
    setSharing: (on: boolean) => { void desktop.service.call({ transport: 'ipc', who: { device: DESKTOP } }, 'setShareEnabled', [on]); },
    pair: () => { void desktop.share.pairDevice().then(() => windows.show('settings')).catch(cannotShow); },
    quit: () => app.quit(),
  };
  const follow = (sharing: boolean): void => {
    if (!sharing) {
      tray?.destroy();
      tray = null;
      // Nothing would be left on screen: bring the window back rather than run unseen.
      if (!windows.current()) void windows.show().catch(cannotShow);
      return;
    }
    if (!tray) {
      tray = new Tray(trayIconPath());
      tray.setToolTip('Reelvault: sharing on the local network');
      tray.on('click', actions.open);
    }
    tray.setContextMenu(Menu.buildFromTemplate(electronMenu(trayMenu(true, actions))));
  };
  desktop.share.onChange((info) => follow(info.enabled));
  if (desktop.share.info().enabled) follow(true);
}

/** Every web contents: no new windows, no navigation away, no webviews. */
export function setupWebContents(): void {
  app.on('web-contents-created', (_e, wc) => lockDown(wc));
}

/**
 * Quitting ends every session and kills every ffmpeg child (within 3 s) before the process goes.
 * Closing the last window quits, unless the share is on and should keep running: then it says so
 * once, and the tray icon is the way back.
 */
export function setupQuit(desktop: () => Desktop | null): void {
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    const done = (): void => app.quit();
    setTimeout(done, 3000).unref();
    void Promise.resolve(desktop()?.close()).catch(() => undefined).then(() => stopAll()).finally(done);
  });
  let told = false;
  app.on('window-all-closed', () => {
    const d = desktop();
    const then = afterLastWindow(process.platform, d?.share.info().enabled ?? false, d?.settings.get().share.keepSharingWhenClosed ?? false);
    if (then === 'quit') { app.quit(); return; }
    if (then === 'keep-sharing' && !told && Notification.isSupported()) {
      told = true;
      new Notification(STILL_SHARING).show();
    }
  });
}
