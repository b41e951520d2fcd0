// The desktop's menu items reach the page as commands (contract/menu.ts). The view on screen may
// take one (the player exports its clip, the timeline its chosen stretch); what no view takes,
// the app does itself (switch views, tile size, the shortcuts list) or explains.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ReelvaultApi } from '../../contract/api.js';
import type { MenuCommand } from '../../contract/menu.js';

/** A view's handler: false when it cannot act now (the app's fallback runs instead). */
type Handler = () => boolean | void;

const taken = new Map<MenuCommand, Array<{ current: Handler }>>();

/** While mounted, this view carries out `command` (the latest mounted view first). */
export function useMenuCommand(command: MenuCommand, handler: Handler): void {
  const ref = useRef(handler);
  useLayoutEffect(() => { ref.current = handler; });
  useEffect(() => {
    const list = taken.get(command) ?? [];
    taken.set(command, [...list, ref]);
    return () => { taken.set(command, (taken.get(command) ?? []).filter((r) => r !== ref)); };
  }, [command]);
}

/** Commands from the menus: to the view that takes them, else to `fallback`. */
export function useMenu(api: ReelvaultApi, fallback: Partial<Record<MenuCommand, () => void>>): void {
  const ref = useRef(fallback);
  useLayoutEffect(() => { ref.current = fallback; });
  useEffect(() => api.onMenu((command) => {
    const view = taken.get(command)?.at(-1);
    if (view && view.current() !== false) return;
    ref.current[command]?.();
  }), [api]);
}
