// The preload: the contract over IPC, exposed to the sandboxed page as window.reelvault.
// Bundled into one file (out/preload/index.cjs): a sandboxed preload may require only electron.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createIpcTransport } from './ipc-transport.js';

contextBridge.exposeInMainWorld('reelvault', createIpcTransport(ipcRenderer, webUtils));
