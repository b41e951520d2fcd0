// The app window and what every web contents may do, per Electron's security checklist
// (https://www.electronjs.org/docs/latest/tutorial/security). Numbers are the checklist's:
//  1 secure content only: the app loads from its own reelvault:// scheme, never http;
//  2 no Node.js in any renderer (nodeIntegration off, also in workers and subframes);
//  3 context isolation on; 4 process sandbox on;
//  5 permission requests: see permissions.ts (only fullscreen and sanitized clipboard writes);
//  6 webSecurity on; 7 a strict CSP (protocol.ts sends it with every page, index.html repeats it);
//  8 no insecure content; 9 no experimental features; 10 no enableBlinkFeatures;
// 11/12 no <webview>: the tag is off and attaching one is refused;
// 13 navigation is locked to the app's origin; 14 new windows are denied;
// 15 shell.openExternal is never called with page content (the app opens no links);
// 16 Electron is kept current (package.json pins a supported major);
// 17 IPC senders are checked (ipc.ts: the app's top frame only);
// 18 no file:// pages: everything is served by the custom protocol;
// 19 fuses: electron-builder.yml turns off RunAsNode, NODE_OPTIONS and --inspect, turns on
//    cookie encryption, asar integrity and only-load-from-asar;
// 20 no Electron API reaches the page: the preload exposes named functions through contextBridge.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isAppUrl } from './protocol.js';

export function secureWebPreferences(preload: string, isDev: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: isDev,
  };
}

/** For every web contents the app creates: no new windows, no navigation away, no webviews. */
export function lockDown(wc: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (e: { preventDefault(): void }, url: string): void => { if (!isAppUrl(url)) e.preventDefault(); };
  wc.on('will-navigate', stayHome);
  wc.on('will-redirect', stayHome);
  wc.on('will-frame-navigate', (e: { preventDefault(): void; url: string }) => { if (!isAppUrl(e.url)) e.preventDefault(); });
  wc.on('will-attach-webview', (e: { preventDefault(): void }) => e.preventDefault());
}
