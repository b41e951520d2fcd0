// `B`: a bookmark at this moment, for the camera (or each camera shown), with an optional note.
import { useState } from 'react';
import type { ReelvaultApi } from '../../../contract/api.js';
import { MAX_NOTE } from '../../../contract/bookmark-types.js';
import { Dialog } from '../shared/Dialog.js';
import { bookmarksChanged } from './use-bookmarks.js';
import { cameraOf } from './bookmark-list.js';

export interface BookmarkTarget {
  lanes: string[];
  at: number;
}

export function BookmarkPrompt({ api, target, label, onClose, onDone }: {
  api: ReelvaultApi; target: BookmarkTarget; label: string; onClose(): void; onDone(said: string): void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    const made = await Promise.all(target.lanes.map((lane) => api.addBookmark({ lane, at: target.at, ...(note.trim() ? { note: note.trim() } : {}) })));
    const failed = made.find((r) => !r.ok);
    if (failed && !failed.ok) { setError(`The bookmark was not saved: ${failed.message}`); return; }
    bookmarksChanged();
    onDone(`Bookmarked ${label}${target.lanes.length > 1 ? ` on ${target.lanes.length} cameras` : ''}.`);
    onClose();
  };
  return (
    <Dialog label="Add a bookmark" className="bookmark-prompt" onClose={onClose}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h2>Bookmark {label}</h2>
        <p>{target.lanes.map(cameraOf).join(', ')}</p>
        <label>Note (optional) <input type="text" autoFocus maxLength={MAX_NOTE} value={note} onChange={(e) => setNote(e.target.value)} aria-label="Note" /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Add bookmark</button>
        </div>
      </form>
    </Dialog>
  );
}
