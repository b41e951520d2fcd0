// Picks the transport: the Electron preload's IPC API when present, else the LAN share's HTTP
// API at this page's origin. Nothing below this file knows which.
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { ReelvaultApi } from '../../contract/api.js';
import { App } from './App';
import { createHttpTransport } from './transport/http-transport.js';
import './app.css';

declare global {
  interface Window { reelvault?: ReelvaultApi }
}

function viewerId(): string {
  try {
    let v = localStorage.getItem('rv-viewer');
    if (!v) { v = crypto.randomUUID().replace(/-/g, ''); localStorage.setItem('rv-viewer', v); }
    // Each tab is its own viewer (its own conversion), sharing caps and positions per browser.
    return `${v.slice(0, 24)}-${Math.random().toString(36).slice(2, 8)}`;
  } catch {
    return Math.random().toString(36).slice(2);
  }
}

// The stream's state, for the status bar: a tiny store outside React.
const connection = { note: null as string | null, listeners: new Set<() => void>() };
function setConnection(note: string | null): void {
  connection.note = note;
  for (const l of connection.listeners) l();
}
const subscribe = (l: () => void) => { connection.listeners.add(l); return () => { connection.listeners.delete(l); }; };

const api: ReelvaultApi = window.reelvault ?? createHttpTransport({
  base: location.origin,
  viewer: viewerId(),
  onConnection: (s) => setConnection(s === 'open' ? null : s === 'reconnecting' ? 'Connection lost: reconnecting…' : 'This device is not paired: open the pairing link from the recording computer.'),
});

function Root() {
  const note = useSyncExternalStore(subscribe, () => connection.note);
  return <App api={api} connection={note} />;
}

const el = document.getElementById('root');
if (el) createRoot(el).render(<StrictMode><Root /></StrictMode>);
