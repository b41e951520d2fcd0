// The scrub sprite sheet of a file: its index (fetched once per file, kept for the last 500) and
// the CSS that shows one of its frames, for tile hover and the player's seek-bar preview.
import type { CSSProperties } from 'react';
import type { ReelvaultApi } from '../../../contract/api.js';

export interface SpriteIndex { cols: number; rows: number; tileWidth: number; tileHeight: number; times: number[] }

const indexes = new Map<string, Promise<SpriteIndex | null>>();

export function spriteIndex(api: ReelvaultApi, id: string): Promise<SpriteIndex | null> {
  let p = indexes.get(id);
  if (!p) {
    p = fetch(api.mediaUrl({ kind: 'sprite', id, index: true })).then((r) => (r.ok ? r.json() as Promise<SpriteIndex> : null)).catch(() => null);
    indexes.set(id, p);
    if (indexes.size > 500) indexes.delete(indexes.keys().next().value as string);
  }
  return p;
}

/** Frame k of the sheet, scaled to whatever box shows it. */
export function spriteFrameStyle(api: ReelvaultApi, id: string, s: SpriteIndex, k: number): CSSProperties {
  const col = k % s.cols;
  const row = Math.floor(k / s.cols);
  return {
    backgroundImage: `url("${api.mediaUrl({ kind: 'sprite', id })}")`,
    backgroundSize: `${s.cols * 100}% ${s.rows * 100}%`,
    backgroundPosition: `${s.cols > 1 ? (col / (s.cols - 1)) * 100 : 0}% ${s.rows > 1 ? (row / (s.rows - 1)) * 100 : 0}%`,
  };
}

/** The frame shown at `t` seconds: the last one taken at or before it. */
export function frameAt(s: SpriteIndex, t: number): number {
  let k = 0;
  while (k + 1 < s.times.length && s.times[k + 1]! <= t) k++;
  return k;
}
