// "Add your recordings folder…" where there is no system folder picker (the owner's browser):
// the computer's own folders, browsed from its home folder, each with the videos it holds
// directly; "Add this folder" adds the one shown. Folders Reelvault may not index say why.
import { useCallback, useEffect, useState } from 'react';
import type { FolderListing, SettingsView } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { Dialog } from '../shared/Dialog.js';

const count = (n: number, capped?: boolean): string => `${capped ? `${n.toLocaleString()} or more` : n.toLocaleString()} video${n === 1 && !capped ? '' : 's'}`;

export function FolderBrowser({ onAdded, onClose }: { onAdded(settings: SettingsView): void; onClose(): void }) {
  const { api } = useApi();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const go = useCallback((p: string) => {
    void api.browseFolders(p).then((r) => {
      if (!r.ok) { setError(r.message); return; }
      setListing(r.value);
      setTyped(r.value.path);
      setError(null);
    });
  }, [api]);
  useEffect(() => { go(''); }, [go]);
  const add = async () => {
    if (!listing) return;
    setAdding(true);
    const r = await api.addRoot(listing.path);
    setAdding(false);
    if (!r.ok) { setError(r.message); return; }
    onAdded(r.value);
  };
  return (
    <Dialog label="Add a recordings folder" className="folder-browser" onClose={onClose}>
      <h2>Add a recordings folder</h2>
      <p className="note">Folders on the Reelvault computer. Reelvault only reads the folder you add: nothing is written there.</p>
      <form onSubmit={(e) => { e.preventDefault(); go(typed); }}>
        <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Folder path" spellCheck={false} />
        <button type="submit">Go</button>
      </form>
      {listing && (
        <>
          <p data-folder-current={listing.path}>
            <code>{listing.path}</code> · {count(listing.videos, listing.videosCapped)} here
            {listing.refused && <span className="error"> · {listing.refused}</span>}
          </p>
          <ul className="folder-list" aria-label="Folders">
            {listing.parent && <li><button type="button" className="link" data-folder-path={listing.parent} onClick={() => go(listing.parent!)}>↑ Up</button></li>}
            {listing.folders.map((f) => (
              <li key={f.path}>
                <button type="button" className="link" data-folder-path={f.path} disabled={!f.readable} onClick={() => go(f.path)}>{f.name}</button>
                <span className="note"> {f.readable ? count(f.videos, f.videosCapped) : 'cannot be read'}{f.refused ? ' · cannot be added' : ''}</span>
              </li>
            ))}
            {listing.folders.length === 0 && <li className="note">No folders inside.</li>}
          </ul>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="dialog-buttons">
        <button type="button" className="primary" disabled={!listing || !!listing.refused || adding} onClick={() => void add()}>Add this folder</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
