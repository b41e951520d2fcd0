// `B` (either case) in the player and the sync view: a bookmark at the moment on screen.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { isTextEntry } from '../shared/text-entry.js';
import type { BookmarkTarget } from './BookmarkPrompt.js';

/** `where()` says the lanes and moment (or null: nothing to mark yet); `ask` opens the note prompt. */
export function useBookmarkKey(where: () => BookmarkTarget | null, ask: (t: BookmarkTarget) => void, enabled = true): void {
  const latest = useRef({ where, ask });
  useLayoutEffect(() => { latest.current = { where, ask }; });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.toLowerCase() !== 'b' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTextEntry(e.target as HTMLElement)) return;
      // Not from inside a dialog (its own keys) or behind one.
      if (document.querySelector('[role="dialog"]')) return;
      const t = latest.current.where();
      if (!t) return;
      e.preventDefault();
      latest.current.ask(t);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
