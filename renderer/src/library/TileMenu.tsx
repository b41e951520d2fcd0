// A tile's right-click menu on the desktop: "Show in folder" (the system's file manager) and
// "Copy path". Over the share there is no menu: a LAN viewer is never told where files are.
import { useEffect, useState } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { useDialog } from '../shared/use-dialog.js';

export interface MenuAt { entry: LibraryEntry; x: number; y: number }

export function TileMenu({ api, at, onClose }: { api: ReelvaultApi; at: MenuAt; onClose(): void }) {
  const [note, setNote] = useState<string | null>(null);
  // Focus on its first item, Esc and Tab kept inside, focus back to the tile when it closes.
  const { ref, onKeyDown } = useDialog<HTMLDivElement>(onClose, { focusFirst: true });
  useEffect(() => {
    const close = (e: Event) => { if (!(e.target as HTMLElement).closest?.('.tile-menu')) onClose(); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', esc);
    return () => { window.removeEventListener('pointerdown', close); window.removeEventListener('keydown', esc); };
  }, [onClose]);
  const copy = async () => {
    const r = await api.filePath(at.entry.id);
    if (!r.ok) { setNote(r.message); return; }
    await navigator.clipboard.writeText(r.value).then(() => onClose(), () => setNote(r.value));
  };
  return (
    <div ref={ref} onKeyDown={onKeyDown} className="tile-menu" role="menu" aria-label={`${at.entry.filename}: actions`} style={{ left: at.x, top: at.y }}>
      <button type="button" role="menuitem" onClick={() => { void api.revealFile(at.entry.id).then(onClose); }}>Show in folder</button>
      <button type="button" role="menuitem" onClick={() => void copy()}>Copy path</button>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
