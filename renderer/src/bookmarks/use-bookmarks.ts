// Bookmarks as the views show them: fetched for some lanes, fetched again whenever this page
// adds, changes or deletes one (and every 30 s, for other devices' marks).
import { useEffect, useState } from 'react';
import type { Bookmark, BookmarksQuery, ReelvaultApi } from '../../../contract/api.js';

const listeners = new Set<() => void>();

/** Every list on the page fetches again. */
export function bookmarksChanged(): void {
  for (const l of listeners) l();
}

export function useBookmarks(api: ReelvaultApi, q: BookmarksQuery | null): Bookmark[] {
  const [list, setList] = useState<Bookmark[]>([]);
  const key = q ? JSON.stringify(q) : '';
  useEffect(() => {
    if (!key) return;
    let live = true;
    const load = (): void => {
      void api.bookmarks(JSON.parse(key) as BookmarksQuery).then((r) => { if (live && r.ok) setList(r.value); });
    };
    load();
    listeners.add(load);
    const timer = setInterval(load, 30_000);
    return () => { live = false; listeners.delete(load); clearInterval(timer); };
  }, [api, key]);
  return key ? list : [];
}
