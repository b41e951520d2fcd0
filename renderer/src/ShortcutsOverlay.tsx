// "?": the keyboard shortcuts of the view on screen. Esc, "?" or a click closes it.
import { SHORTCUTS, type ShortcutView } from './shortcuts.js';
import { Dialog } from './shared/Dialog.js';
import { MARK_SHORTCUTS } from './mark-shortcuts.js';

const CLOSE_KEYS = ['?'];

export function ShortcutsOverlay({ view, onClose }: { view: ShortcutView; onClose(): void }) {
  return (
    <Dialog label="Keyboard shortcuts" className="shortcuts" onClose={onClose} closeKeys={CLOSE_KEYS}>
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {[...SHORTCUTS[view], ...(MARK_SHORTCUTS[view] ?? [])].map(([keys, what]) => <tr key={keys}><th scope="row"><kbd>{keys}</kbd></th><td>{what}</td></tr>)}
        </tbody>
      </table>
      <div className="dialog-buttons"><button type="button" onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
