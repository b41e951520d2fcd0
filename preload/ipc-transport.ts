// The contract over Electron IPC, for the app's window. One named function per operation, each
// bound to its own channel (no generic send or invoke reaches the page); subscriptions drop the
// IPC event and return an unsubscribe. Takes the ipcRenderer so tests can hand it a fake pair.
import type { ApiEvents, ApiOperation, ExportsInfo, MediaUrlRequest, ReelvaultApi, Result, Unsubscribe } from '../contract/api.js';
import { APP_ORIGIN, callChannel, eventChannel, type EventChannelName } from '../contract/channels.js';
import { startingWithCurrent } from '../contract/current-state.js';
import { mediaUrl } from '../contract/media-url.js';
import { isMenuCommand, type MenuCommand } from '../contract/menu.js';
import { API_OPERATIONS } from '../contract/operations.js';

/** The part of Electron's ipcRenderer this uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const DESKTOP_VIEWER = 'desktop';

/** Electron's webUtils: a dropped File's path (the page itself never learns it otherwise). */
export interface WebUtilsLike {
  getPathForFile(file: never): string;
}

export function createIpcTransport(ipc: IpcRendererLike, web?: WebUtilsLike): ReelvaultApi {
  const call = (op: ApiOperation) => async (...args: unknown[]): Promise<Result<unknown>> => {
    try {
      return await ipc.invoke(callChannel(op), ...args) as Result<unknown>;
    } catch (err) {
      return { ok: false, code: 'failed', message: err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': /, '') : String(err) };
    }
  };
  const subscribe = <T>(name: EventChannelName) => (cb: (data: T) => void): Unsubscribe => {
    const listener = (_event: unknown, data: unknown): void => cb(data as T);
    ipc.on(eventChannel(name), listener);
    return () => { ipc.removeListener(eventChannel(name), listener); };
  };
  const api = Object.fromEntries(API_OPERATIONS.map((op) => [op, call(op)])) as unknown as ReelvaultApi;
  return Object.assign(api, {
    capabilities: async () => {
      const r = await call('capabilities')();
      if (!r.ok) throw new Error(r.message);
      return r.value as Awaited<ReturnType<ReelvaultApi['capabilities']>>;
    },
    mediaUrl: (req: MediaUrlRequest) => mediaUrl(APP_ORIGIN, DESKTOP_VIEWER, req),
    ...(web ? { pathsOf: (files: readonly object[]) => files.map((f) => web.getPathForFile(f as never)).filter(Boolean) } : {}),
    onLibraryChange: subscribe<ApiEvents['library']>('library'),
    onActivity: subscribe<ApiEvents['activity']>('activity'),
    onScanProgress: startingWithCurrent(subscribe<ApiEvents['scan']>('scan'), call('scanProgress')),
    onRootStatus: startingWithCurrent(subscribe<ApiEvents['roots']>('roots'), call('rootStatus')),
    // Pulled: the event only says "look", and the subscription starts by looking. A message sent
    // before the page listened is dropped by ipcRenderer; the pending open waits in main instead.
    onOpen: (cb: (id: string) => void): Unsubscribe => {
      const take = (): void => { void call('takeOpen')().then((r) => { if (r.ok && typeof r.value === 'string') cb(r.value); }); };
      const off = subscribe<unknown>('open')(take);
      take();
      return off;
    },
    onExports: subscribe<ExportsInfo>('exports'),
    onMenu: (cb: (command: MenuCommand) => void): Unsubscribe => subscribe<unknown>('menu')((c) => { if (isMenuCommand(c)) cb(c); }),
  });
}
