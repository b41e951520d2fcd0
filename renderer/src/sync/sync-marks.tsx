// The sync view's part of bookmarks and links to a moment: `B` bookmarks the moment on every
// camera shown (the enlarged one alone when one is), "Copy link to this moment" copies
// `#/at/<lane>,<lane>/<ms>`. (Each tile zooms by itself: SyncTile.)
import { useState, type ReactNode } from 'react';
import type { Capabilities, ReelvaultApi } from '../../../contract/api.js';
import { BookmarkPrompt, type BookmarkTarget } from '../bookmarks/BookmarkPrompt.js';
import { useBookmarkKey } from '../bookmarks/use-bookmark-key.js';
import { copyMomentLink } from '../moments/moment-links.js';
import { clockLabel } from '../shared/time-format.js';

export function useSyncMarks(opts: {
  api: ReelvaultApi; caps: Capabilities; shown: string[]; all: string[]; time(): number; pause(): void;
}): { buttons: ReactNode; dialogs: ReactNode } {
  const { api, caps } = opts;
  const [asking, setAsking] = useState<BookmarkTarget | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const here = (): BookmarkTarget | null => (opts.shown.length ? { lanes: opts.shown, at: Math.round(opts.time()) } : null);
  const ask = (t: BookmarkTarget): void => { opts.pause(); setAsking(t); };
  useBookmarkKey(here, ask);
  return {
    buttons: (
      <>
        <button type="button" onClick={() => { const t = here(); if (t) ask(t); }} aria-label="Bookmark this moment on the cameras shown (B)">Bookmark</button>
        <button type="button" aria-label="Copy link to this moment"
          onClick={() => void copyMomentLink(caps, { lanes: opts.all, at: Math.round(opts.time()) }).then(setSaid)}>Copy link</button>
      </>
    ),
    dialogs: (
      <>
        {said && <div className="note" role="status">{said}</div>}
        {asking && <BookmarkPrompt api={api} target={asking} label={clockLabel(asking.at, caps.timeZone)} onClose={() => setAsking(null)} onDone={setSaid} />}
      </>
    ),
  };
}
