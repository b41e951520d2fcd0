// The bookmark operations with their permissions. The person at the desktop and an owner device
// may change any bookmark; a paired viewer adds its own and changes or deletes
// only those, unless Settings turned viewer bookmarks off. Everyone sees everyone's, with the
// device that made each.
import type { Bookmark, BookmarkEdit, BookmarksQuery, NewBookmark, Result } from '../../contract/api.js';
import { parseLaneKey } from '../../contract/lane-key.js';
import type { BookmarkStore, StoredBookmark } from '../library/bookmark-store.js';
import { DESKTOP, type Who } from '../media/viewers.js';

/** Who calls, and whether the connection may change anyone's (the desktop, an owner device). */
export interface Caller { who: Who; owner: boolean }

function labelOf(who: Who): string {
  if (who.device === DESKTOP) return 'This computer';
  return who.label?.trim() || who.device;
}

const fail = (code: 'not-found' | 'unavailable' | 'bad-request', message: string): Result<never> => ({ ok: false, code, message });

export function bookmarkOps(store: BookmarkStore, opts: { viewersMayWrite: () => boolean }) {
  const shown = ({ who, owner }: Caller, b: StoredBookmark): Bookmark => ({ ...b, mine: owner || b.device === who.device });
  /** Whether `who` may change this one: null when yes, else why not. */
  const refusal = ({ who, owner }: Caller, b: StoredBookmark): string | null => {
    if (owner) return null;
    if (!opts.viewersMayWrite()) return 'bookmarks from viewers are turned off in Settings on the Reelvault computer';
    return b.device === who.device ? null : 'only the device that made this bookmark (or the Reelvault computer) may change it';
  };
  return {
    list(caller: Caller, q: BookmarksQuery = {}): Result<Bookmark[]> {
      return { ok: true, value: store.list(q).map((b) => shown(caller, b)) };
    },
    add(caller: Caller, b: NewBookmark): Result<Bookmark> {
      const { who } = caller;
      if (!parseLaneKey(b.lane)) return fail('bad-request', 'not a lane key');
      if (!caller.owner && !opts.viewersMayWrite()) return fail('unavailable', 'bookmarks from viewers are turned off in Settings on the Reelvault computer');
      const made = store.add({ lane: b.lane, at: b.at, note: (b.note ?? '').trim(), device: who.device, deviceLabel: labelOf(who) });
      return { ok: true, value: shown(caller, made) };
    },
    update(caller: Caller, e: BookmarkEdit): Result<Bookmark> {
      const b = store.get(e.id);
      if (!b) return fail('not-found', 'no such bookmark');
      const why = refusal(caller, b);
      if (why) return fail('unavailable', why);
      const changed = store.setNote(e.id, e.note.trim());
      return changed ? { ok: true, value: shown(caller, changed) } : fail('not-found', 'no such bookmark');
    },
    remove(caller: Caller, id: string): Result<null> {
      const b = store.get(id);
      if (!b) return fail('not-found', 'no such bookmark');
      const why = refusal(caller, b);
      if (why) return fail('unavailable', why);
      store.remove(id);
      return { ok: true, value: null };
    },
  };
}
