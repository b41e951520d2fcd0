// The keys of zoom, bookmarks and links to a moment, per view, shown by "?" after the view's own
// (kept apart from shortcuts.ts: keys.test.ts holds that list to the player's key handler).
import type { ShortcutView } from './shortcuts.js';

const ZOOM: Array<[string, string]> = [
  ['wheel, pinch', 'zoom into the picture (up to 8×)'], ['drag', 'move around the zoomed picture'], ['0, double-click', 'back to the whole picture'],
];

export const MARK_SHORTCUTS: Partial<Record<ShortcutView, Array<[keys: string, what: string]>>> = {
  play: [...ZOOM, ['B', 'bookmark this moment (with a note)']],
  sync: [...ZOOM.map(([k, w]): [string, string] => [k, `${w} (each camera)`]), ['B', 'bookmark this moment on every camera shown']],
};
