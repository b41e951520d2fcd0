// `crop=x,y,w,h` on a clip download: the part of the picture (fractions of it) that the player's
// zoomed view showed. Plain decimals only, inside the picture, at least 1 % each way; else null.
import type { ClipCrop } from '../../contract/api.js';

const FRACTION = /^(?:0|1)(?:\.\d{1,6})?$/;

export function parseClipCrop(text: string): ClipCrop | null {
  const parts = text.split(',');
  if (parts.length !== 4 || !parts.every((p) => FRACTION.test(p))) return null;
  const [x, y, w, h] = parts.map(Number) as [number, number, number, number];
  if ([x, y, w, h].some((n) => n > 1) || w < 0.01 || h < 0.01 || x + w > 1.0001 || y + h > 1.0001) return null;
  return { x, y, w, h };
}

export function clipCropParam(c: ClipCrop): string {
  return [c.x, c.y, c.w, c.h].map((n) => String(Math.round(n * 1e6) / 1e6)).join(',');
}
