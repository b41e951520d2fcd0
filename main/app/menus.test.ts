import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../contract/menu.js';
import { afterLastWindow, appMenu, trayMenu, type MenuItemSpec } from './menus.js';

const walk = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...walk(i.submenu ?? [])]);

describe('the menus', () => {
  const sent: string[] = [];
  const actions = { send: (c: string) => sent.push(c), showLogs: () => sent.push('logs'), about: () => sent.push('about') };

  it('on macOS: the app menu, Edit (so ⌘C works in fields) and Window, About in the app menu, Close instead of Quit', () => {
    const bar = appMenu('darwin', false, actions);
    expect(bar.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'editMenu', '&File', '&View', 'windowMenu', 'help']);
    const items = walk(bar);
    expect(items.some((i) => i.label === 'About Reelvault')).toBe(false);
    expect(items.some((i) => i.role === 'quit')).toBe(false);
    expect(items.some((i) => i.role === 'close')).toBe(true);
  });

  it('sends every page command some item names, and the developer tools only in development', () => {
    const items = walk(appMenu('linux', false, actions));
    sent.length = 0;
    for (const i of items) i.click?.();
    expect(new Set(sent)).toEqual(new Set([...MENU_COMMANDS, 'logs', 'about']));
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(walk(appMenu('linux', true, actions)).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('the tray switches the share to the other state, and pairs only while sharing', () => {
    const calls: string[] = [];
    const a = { open: () => calls.push('open'), setSharing: (on: boolean) => calls.push(`share ${on}`), pair: () => calls.push('pair'), quit: () => calls.push('quit') };
    for (const i of trayMenu(true, a)) i.click?.();
    expect(calls).toEqual(['open', 'share false', 'pair', 'quit']);
    expect(trayMenu(false, a).find((i) => i.label === 'Pair a device…')?.enabled).toBe(false);
  });

  it.each([
    ['linux', true, true, 'keep-sharing'], ['win32', true, true, 'keep-sharing'], ['linux', true, false, 'quit'],
    ['linux', false, true, 'quit'], ['darwin', false, true, 'stay'], ['darwin', true, true, 'keep-sharing'],
  ] as const)('after the last window on %s (sharing %s, keep sharing %s): %s', (platform, sharing, keep, then) => {
    expect(afterLastWindow(platform, sharing, keep)).toBe(then);
  });
});
