// The app's desktop UI in Chromium without Electron: the real preload bundle (out/preload/
// index.cjs) runs in the page against a stand-in for `electron` whose ipcRenderer crosses to
// this process, where the desktop app answers on a fake ipcMain, as main/index.ts wires it; its
// events and export progress are sent into the page the same way.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Desktop } from '../../main/app/desktop.js';
import { forwardEvents, forwardExports, registerIpc } from '../../main/electron/ipc.js';
import { toNodeListener } from '../../main/serve/node-adapter.js';
import { serveStatic } from '../../main/serve/static.js';
import { fakeIpcPair } from '../../main/test-support/fake-ipc.js';
import { launchChromium } from './chromium.js';

export interface DesktopPage {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A browser page showing the built renderer, answered by `app` over the preload bundle. */
export async function openDesktopPage(app: Desktop): Promise<DesktopPage> {
  const fake = fakeIpcPair();
  registerIpc(fake.ipcMain, app.service);
  const rendererDir = path.resolve('out', 'renderer');
  const web = http.createServer(toNodeListener(async (req) => serveStatic(rendererDir, new URL(req.url).pathname)));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.exposeFunction('__rvInvoke', (channel: string, args: unknown[]) => fake.ipcRenderer.invoke(channel, ...args));
  const preload = fs.readFileSync(path.resolve('out', 'preload', 'index.cjs'), 'utf8');
  await page.addInitScript(`(() => {
    const listeners = new Map();
    window.__rvEmit = (channel, data) => { for (const l of listeners.get(channel) || []) l({}, data); };
    const electron = {
      contextBridge: { exposeInMainWorld: (key, api) => { window[key] = api; } },
      ipcRenderer: {
        invoke: (channel, ...args) => window.__rvInvoke(channel, args),
        on: (channel, l) => { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(l); },
        removeListener: (channel, l) => { listeners.get(channel)?.delete(l); },
      },
    };
    const require = (name) => { if (name !== 'electron') throw new Error('a sandboxed preload may require only electron, not ' + name); return electron; };
    const module = { exports: {} };
    (function (require, module, exports) { ${preload} })(require, module, module.exports);
  })();`);
  const emit = ([c, d]: readonly [string, unknown]) => (window as unknown as { __rvEmit(c: string, d: unknown): void }).__rvEmit(c, d);
  forwardEvents(app.events, (channel, data) => { void page.evaluate(emit, [channel, data] as const).catch(() => undefined); });
  forwardExports(app.exporter, (channel, data) => { void page.evaluate(emit, [channel, data] as const).catch(() => undefined); });
  await page.goto(`http://127.0.0.1:${(web.address() as AddressInfo).port}/index.html`);
  return {
    browser, page,
    async close() { await browser.close(); web.close(); },
  };
}
