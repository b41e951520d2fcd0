// The contract's operations on ipcMain, one channel per operation, every call from a frame we
// did not load refused; and the event hub's events sent to the app's windows.
import type { ApiOperation } from '../../contract/api.js';
import { callChannel, eventChannel } from '../../contract/channels.js';
import { API_OPERATIONS } from '../../contract/operations.js';
import type { EventHub } from '../api/event-hub.js';
import type { ApiService } from '../api/service.js';
import { DESKTOP } from '../media/viewers.js';
import { isAppUrl } from './protocol.js';

/** The part of an IpcMainInvokeEvent we look at. */
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Our page, in the top frame: not an iframe, not a page navigated elsewhere. */
export function trustedSender(e: IpcEventLike): boolean {
  const f = e.senderFrame;
  return !!f && !f.parent && isAppUrl(f.url);
}

export function registerIpc(ipcMain: IpcMainLike, service: ApiService): () => void {
  for (const op of API_OPERATIONS) {
    ipcMain.handle(callChannel(op as ApiOperation), (event, ...args) => {
      if (!trustedSender(event)) return { ok: false, code: 'unauthorized', message: 'refused: the request did not come from the Reelvault window' };
      return service.call({ transport: 'ipc', who: { device: DESKTOP } }, op, args);
    });
  }
  return () => { for (const op of API_OPERATIONS) ipcMain.removeHandler(callChannel(op as ApiOperation)); };
}

/** Every hub event to `send` (each app window's webContents.send). */
export function forwardEvents(hub: EventHub, send: (channel: string, data: unknown) => void): () => void {
  return hub.subscribe((e) => send(eventChannel(e.name), e.data)).unsubscribe;
}

/** The desktop's export list, as it changes, to `send` (exports are the desktop's alone: never on the hub). */
export function forwardExports(exporter: { on(e: 'changed', l: (info: unknown) => void): unknown; off(e: 'changed', l: (info: unknown) => void): unknown }, send: (channel: string, data: unknown) => void): () => void {
  const listener = (info: unknown): void => send(eventChannel('exports'), info);
  exporter.on('changed', listener);
  return () => { exporter.off('changed', listener); };
}
