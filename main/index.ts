// Electron entry. It reads like a table of contents: every behaviour lives in plain Node
// modules (core.ts and what it wires) that run and are tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, protocol } from 'electron';
import { createCore, type Core } from './core.js';
import { APP_ORIGIN, handleScheme, registerSchemePrivileges } from './electron/protocol.js';
import { LibraryWatcher } from './library/watcher.js';
import { SettingsStore } from './settings/settings.js';
import { startShare, type RunningShare } from './share/server.js';
import { loadToken } from './share/token.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
let core: Core | null = null;
let watcher: LibraryWatcher | null = null;
let share: RunningShare | null = null;

// A stuck network mount holds a libuv pool thread per pending call (see cli/reelvault.ts).
process.env.UV_THREADPOOL_SIZE ??= '16';

// The scheme's privileges must be registered before the app is ready.
registerSchemePrivileges(protocol);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Reelvault',
    webPreferences: { contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true },
  });
  // Nothing opens new windows or navigates away from the app.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e, url) => { if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault(); });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const settings = await SettingsStore.open(dataDir);
  const s = settings.get();
  core = await createCore({
    dataDir, local: true,
    limits: { maxTranscodes: s.transcode.maxConcurrent, reserveLocal: true },
    transcode: () => settings.get().transcode,
    cacheCapBytes: s.cacheGiB * 1024 ** 3,
  });
  handleScheme(protocol, core.handler, rendererDir);
  createWindow();
  const roots = s.libraryRoots.map((r) => r.path);
  if (roots.length) await core.library.scan(roots);
  const c = core;
  watcher = new LibraryWatcher(c.library, { onRootBack: () => { void c.library.scan(roots).catch(() => undefined); } });
  for (const r of s.libraryRoots) await watcher.addRoot(r.path, { stabilityMs: r.stabilitySec * 1000, ...(r.network === 'auto' ? {} : { network: r.network === 'yes' }) });
  core.probes.fillBackground();
  core.thumbs.fillBackground();
  if (s.share.enabled) share = await startShare(core, { ...s.share, token: await loadToken(dataDir), rendererDir });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
  // Quitting ends every session and kills every ffmpeg child.
  app.on('before-quit', () => { void share?.close(); void watcher?.close(); void core?.close(); });
}
