// "?": the keyboard shortcuts of the view on screen. Esc or a click closes it.
import { useEffect } from 'react';
import { SHORTCUTS, type ShortcutView } from './shortcuts.js';

export function ShortcutsOverlay({ view, onClose }: { view: ShortcutView; onClose(): void }) {
  useEffect(() => {
    const on = (e: KeyboardEvent) => { if (e.key === 'Escape' || e.key === '?') { e.preventDefault(); e.stopPropagation(); onClose(); } };
    window.addEventListener('keydown', on, true);
    return () => window.removeEventListener('keydown', on, true);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div className="dialog shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS[view].map(([keys, what]) => <tr key={keys}><th scope="row"><kbd>{keys}</kbd></th><td>{what}</td></tr>)}
          </tbody>
        </table>
        <div className="dialog-buttons"><button type="button" onClick={onClose}>Close</button></div>
      </div>
    </div>
  );
}
