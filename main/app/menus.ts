// The desktop's menus and its tray, as data: what each item says and does, decided here without
// Electron so tests can read them; main/electron/setup.ts turns them into Electron menus. Items
// that act on the page (views, tile size, dialogs) send it a menu command (contract/menu.ts);
// the rest (logs, About, Quit, zoom) main does itself.
import type { MenuCommand } from '../../contract/menu.js';

/** The subset of Electron's MenuItemConstructorOptions these menus use. */
export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  accelerator?: string;
  checked?: boolean;
  enabled?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface AppMenuActions {
  /** The page carries the command out (and a window is shown first when none is open). */
  send(command: MenuCommand): void;
  showLogs(): void;
  about(): void;
}

const SEPARATOR: MenuItemSpec = { type: 'separator' };

/** The window's menu bar (on macOS, the app's menu bar). */
export function appMenu(platform: NodeJS.Platform, dev: boolean, a: AppMenuActions): MenuItemSpec[] {
  const mac = platform === 'darwin';
  const page = (label: string, command: MenuCommand, accelerator?: string): MenuItemSpec =>
    ({ label, click: () => a.send(command), ...(accelerator ? { accelerator } : {}) });
  return [
    // macOS: About, Services, Hide, Quit live in the app's own menu; Edit makes ⌘C and ⌘V work in fields.
    ...(mac ? [{ role: 'appMenu' }, { role: 'editMenu' }] : []),
    {
      label: '&File',
      submenu: [
        page('Add folder…', 'add-folder', 'CmdOrCtrl+O'),
        page('Export clip…', 'export-clip', 'CmdOrCtrl+E'),
        SEPARATOR,
        page('Settings', 'settings', 'CmdOrCtrl+,'),
        SEPARATOR,
        mac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: '&View',
      submenu: [
        page('Grid', 'view-grid'),
        page('Timeline', 'view-timeline'),
        page('Sync', 'view-sync'),
        SEPARATOR,
        // Ctrl+1/2/3: plain S and M already mean snapshot and mute in the player.
        page('Small tiles', 'tile-S', 'CmdOrCtrl+1'),
        page('Medium tiles', 'tile-M', 'CmdOrCtrl+2'),
        page('Large tiles', 'tile-L', 'CmdOrCtrl+3'),
        SEPARATOR,
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        SEPARATOR,
        { role: 'togglefullscreen' },
        ...(dev ? [SEPARATOR, { role: 'reload' }, { role: 'toggleDevTools' }] : []),
      ],
    },
    ...(mac ? [{ role: 'windowMenu' }] : []),
    {
      label: '&Help',
      role: 'help',
      submenu: [
        page('Keyboard shortcuts', 'shortcuts'),
        { label: 'Show logs', click: a.showLogs },
        ...(mac ? [] : [SEPARATOR, { label: 'About Reelvault', click: a.about }]),
      ],
    },
  ];
}

export interface TrayActions {
  open(): void;
  setSharing(on: boolean): void;
  /** A fresh pairing link, shown in Settings. */
  pair(): void;
  quit(): void;
}

/** The tray icon's menu, while the share is on (GNOME shows tray icons only with an extension). */
export function trayMenu(sharing: boolean, a: TrayActions): MenuItemSpec[] {
  return [
    { label: 'Open Reelvault', click: a.open },
    SEPARATOR,
    { label: 'Share on the local network', type: 'checkbox', checked: sharing, click: () => a.setSharing(!sharing) },
    { label: 'Pair a device…', enabled: sharing, click: a.pair },
    SEPARATOR,
    { label: 'Quit Reelvault', click: a.quit },
  ];
}

/**
 * When the last window closes: quit; keep running for the share's viewers (with the tray icon);
 * or, on macOS, stay in the Dock as apps there do.
 */
export function afterLastWindow(platform: NodeJS.Platform, sharing: boolean, keepSharing: boolean): 'quit' | 'keep-sharing' | 'stay' {
  if (sharing && keepSharing) return 'keep-sharing';
  return platform === 'darwin' ? 'stay' : 'quit';
}

/** Said once, the first time the window closes while the share keeps running. */
export const STILL_SHARING = {
  title: 'Reelvault is still sharing',
  body: 'Devices on your network can still watch. To stop, choose Quit Reelvault from its icon in the tray '
    + '(on GNOME the icon needs the AppIndicator extension), or turn off "Keep sharing when the window is closed" in Settings.',
};
