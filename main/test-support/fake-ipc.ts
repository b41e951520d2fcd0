// An in-process ipcMain/ipcRenderer pair: what crosses is structured-cloned, as Electron does,
// and each call carries the frame it came from.
import type { IpcRendererLike } from '../../preload/ipc-transport.js';
import type { IpcEventLike, IpcMainLike } from '../electron/ipc.js';

export function fakeIpcPair(frameUrl = 'reelvault://app/index.html') {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const frame = { url: frameUrl, parent: null as unknown };
  const ipcMain: IpcMainLike = {
    handle(channel, fn) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, fn);
    },
    removeHandler(channel) { handlers.delete(channel); },
  };
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const h = handlers.get(channel);
      if (!h) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      return structuredClone(await h({ senderFrame: { ...frame } }, ...structuredClone(args)));
    },
    on(channel, l) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(l);
    },
    removeListener(channel, l) { listeners.get(channel)?.delete(l); },
  };
  /** webContents.send of the window. */
  const send = (channel: string, data: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc' }, structuredClone(data));
  };
  return { ipcMain, ipcRenderer, send, frame, handlers, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}
