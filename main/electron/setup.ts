// Each part of the app's life with Electron, one setupX() each, for main/index.ts to call in
// order. This is the one module (with index.ts) that touches Electron's objects: the modules it
// calls take what they need as arguments, so they run and are tested in plain Node.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, screen, session } from 'electron';
import { loadBounds, restorableBounds, saveBounds } from '../app/window-bounds.js';
import type { Desktop } from '../app/desktop.js';
import { stopAll } from '../media/ffmpeg.js';
import type { Handler } from '../serve/handler.js';
import { eventChannel } from '../../contract/channels.js';
import { forwardEvents, forwardExports, registerIpc } from './ipc.js';
import { OpenQueue, videoPathsIn } from './open-requests.js';
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

/** The contract on IPC for `win`: its calls answered by `service`, `events` sent to it. */
export function setupIpc(desktop: Pick<Desktop, 'service' | 'events' | 'exporter'>, win: BrowserWindow): void {
  registerIpc(ipcMain, desktop.service);
  const send = (channel: string, data: unknown): void => { if (!win.isDestroyed()) win.webContents.send(channel, data); };
  forwardEvents(desktop.events, send);
  forwardExports(desktop.exporter, send);
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
export function setupOpenRequests(window: () => BrowserWindow | null): OpenQueue {
  const opens = new OpenQueue();
  opens.push(...videoPathsIn(process.argv, process.cwd()));
  app.on('second-instance', (_e, argv, cwd) => {
    opens.push(...videoPathsIn(argv, cwd));
    const win = window();
    if (win) { if (win.isMinimized()) win.restore(); win.focus(); }
  });
  app.on('open-file', (e, file) => { e.preventDefault(); opens.push(file); });
  return opens;
}

/** Queued and later files play in `win`, or a dialog says why they cannot. */
export function deliverOpenRequests(opens: OpenQueue, desktop: Desktop, win: BrowserWindow): void {
  opens.drain((file) => {
    void desktop.openFile(file).then((r) => {
      // The id waits in the desktop (takeOpen); this only tells a listening page to look.
      if ('id' in r) win.webContents.send(eventChannel('open'), null);
      else dialog.showErrorBox('Reelvault cannot open this file', r.error);
    });
  });
}

/** Every web contents: no new windows, no navigation away, no webviews. */
export function setupWebContents(): void {
  app.on('web-contents-created', (_e, wc) => lockDown(wc));
}

/** Quitting ends every session and kills every ffmpeg child (within 3 s) before the process goes. */
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
  app.on('window-all-closed', () => app.quit());
}
