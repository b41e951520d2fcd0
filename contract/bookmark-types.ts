// Bookmarks: a moment on one camera's lane, with a note. Kept by the computer that holds the
// library, in a file of their own (never the rebuildable index).

export interface Bookmark {
  id: string;
  /** The lane key (contract/lane-key.ts): one camera of one library folder. */
  lane: string;
  /** The moment, epoch ms. */
  at: number;
  note: string;
  createdAt: number;
  /** Who made it: `desktop`, the owner's token, or a paired device's id… */
  device: string;
  /** …and what that device is called, as it was when the bookmark was made. */
  deviceLabel: string;
  /** Whether the one asking may change or delete it. */
  mine: boolean;
}

export interface BookmarksQuery {
  lanes?: string[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
}

export interface NewBookmark {
  lane: string;
  at: number;
  note?: string;
}

export interface BookmarkEdit {
  id: string;
  note: string;
}

/** The longest note kept. */
export const MAX_NOTE = 2000;
