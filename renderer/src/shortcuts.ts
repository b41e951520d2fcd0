// Every keyboard shortcut, per view, as the "?" overlay shows it. Each view's handler decides what
// a key does (player/keys.ts, the timeline, the sync view); keys.test.ts checks the player's list
// against its handler, so the two cannot drift apart.
export type ShortcutView = 'grid' | 'play' | 'timeline' | 'sync' | 'settings';

export const SHORTCUTS: Record<ShortcutView, Array<[keys: string, what: string]>> = {
  grid: [
    ['← → ↑ ↓', 'move the selection'], ['Enter, double-click', 'play'], ['/', 'search names and folders'], ['Ctrl+1, 2, 3', 'small, medium or large tiles'], ['?', 'this list'],
  ],
  play: [
    ['Space, K', 'play or pause'], ['J, L', 'back or forward 10 s'], ['←, →', 'back or forward 5 s'], [', .', 'a frame back or forward (paused)'],
    ['[ ]', 'slower or faster: −8× (reverse) to 64×'], ['Backspace', 'back to 1×'], ['F', 'fullscreen'], ['M', 'mute'], ['N, P', 'next or previous recording'], ['S', 'snapshot'],
    ['I, O', 'mark the clip\'s in and out points'], ['E', 'export the clip'], ['Y', 'every camera at this moment, side by side'], 
    ['A, Shift+A', 'next or previous burst of activity'], ['Esc', 'back'],
  ],
  timeline: [
    ['wheel, pinch, + −', 'zoom'], ['drag, ← →', 'pan'], ['click', 'play that camera at that moment'],
    ['click the time axis', 'choose the moment for "Play together"'], ['Shift+drag', 'choose a stretch to export'],
    ['/', 'search names and folders'], ['?', 'this list'],
  ],
  sync: [
    ['Space, K', 'play or pause every camera'], ['←, →', 'back or forward 5 s'], ['Shift+← →, J, L', 'back or forward 10 s'],
    [', .', 'a frame back or forward'], ['[ ]', 'slower or faster'], ['1–9, click', 'enlarge a camera (and hear it)'],
    ['I, O, E', 'mark and export every camera'], ['A, Shift+A', 'next or previous burst of activity on any camera'], ['Space, in a gap of every camera', 'on to the next recording'], ['Esc', 'back'],
  ],
  settings: [['Esc', 'back']],
};
