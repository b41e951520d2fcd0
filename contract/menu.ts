// What the desktop's menus and tray ask the page to do: the page owns the views, the tile size,
// the dialogs; main sends one of these names (over IPC) and the page acts as if its own button
// or key had been used. Never sent over HTTP.
export const MENU_COMMANDS = [
  'add-folder', 'export-clip', 'view-grid', 'view-timeline', 'view-sync', 'tile-S', 'tile-M', 'tile-L', 'shortcuts', 'settings',
] as const;

export type MenuCommand = typeof MENU_COMMANDS[number];

export const isMenuCommand = (x: unknown): x is MenuCommand => typeof x === 'string' && (MENU_COMMANDS as readonly string[]).includes(x);

/**
 * Where a window made for a command opens: a page that is still loading hears no message, so
 * commands that name a place go in the address instead (the others only open the window).
 */
export const MENU_OPENS_AT: Partial<Record<MenuCommand, string>> = { settings: '#/settings', 'view-timeline': '#/timeline', 'view-grid': '#/' };
