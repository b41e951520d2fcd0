// What this browser decodes, asked once: the one place the viewer's answers are made. They are
// reported to the share (which plans every playback with them) and a tile's badge decides with
// the same answers. MediaSource and canPlayType are asked apart (contract/codec-caps.ts).
import type { ClientCaps } from '../../contract/api.js';
import { detectCaps } from '../../contract/codec-caps.js';

let asked: ClientCaps | null = null;

export function viewerCaps(): ClientCaps {
  if (!asked) {
    const video = document.createElement('video');
    asked = detectCaps({
      mse: (t) => typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(t),
      file: (t) => video.canPlayType(t) === 'probably',
    });
  }
  return asked;
}
