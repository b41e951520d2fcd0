// What every dialog and overlay does, in one place: it takes focus when it opens, keeps Tab
// inside, closes on Esc, and gives focus back to where it was when it closes. Keys pressed in
// it are its own: the view under it (the player, the sync view) never hears them, so Esc closes
// the dialog and nothing else.
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/** What Tab stops on, in order: of a group of radio buttons, only the checked one (as the browser does). */
function tabStops(root: HTMLElement): HTMLElement[] {
  return focusables(root).filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked
    && [...root.querySelectorAll<HTMLInputElement>('input[type=radio]')].some((r) => r.name === el.name && r.checked)));
}

export interface DialogOptions {
  /** Keys that close it besides Esc ("?" closes the shortcuts list). */
  closeKeys?: readonly string[];
  /** Focus its first control rather than the dialog itself (a menu's first item). */
  focusFirst?: boolean;
}

export function useDialog<T extends HTMLElement>(onClose: () => void, opts: DialogOptions = {}) {
  const ref = useRef<T>(null);
  const { focusFirst = false } = opts;
  // Where the focus was when it opened, read on the first render: by the time an effect runs, a
  // control inside with autoFocus has already taken it (the bookmark note did, and closing the
  // prompt left the focus on the page's body, where the player's keys do not listen).
  const opener = useRef<HTMLElement | null | undefined>(undefined);
  if (opener.current === undefined) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  useEffect(() => {
    const before = opener.current;
    const el = ref.current;
    if (el && !el.contains(document.activeElement)) (focusFirst ? focusables(el)[0] ?? el : el).focus();
    return () => { if (before?.isConnected) before.focus(); };
  }, [focusFirst]);

  const closeKeys = opts.closeKeys?.join('\n') ?? '';
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape' || (closeKeys && closeKeys.split('\n').includes(e.key))) {
      e.preventDefault();
      onClose();
      return;
    }
    const el = ref.current;
    if (e.key !== 'Tab' || !el) return;
    // Tab moves among the dialog's stops and wraps around; it never leaves.
    e.preventDefault();
    const stops = tabStops(el);
    if (!stops.length) return;
    const i = stops.indexOf(document.activeElement as HTMLElement);
    const next = i < 0 ? (e.shiftKey ? stops.length - 1 : 0) : (i + (e.shiftKey ? -1 : 1) + stops.length) % stops.length;
    stops[next]!.focus();
  }, [onClose, closeKeys]);

  return { ref, onKeyDown };
}
