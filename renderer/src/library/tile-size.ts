// The grid's tile size, S, M or L (Ctrl+1/2/3, or the buttons beside the cameras): kept in this
// browser, so each viewer has their own. The grid lays out by these numbers; the CSS draws them.
import { useCallback, useState } from 'react';

export type TileSize = 'S' | 'M' | 'L';

export const TILE_SIZES: Record<TileSize, { w: number; h: number; thumb: number }> = {
  S: { w: 180, h: 162, thumb: 101 },
  M: { w: 240, h: 200, thumb: 135 },
  L: { w: 340, h: 258, thumb: 191 },
};

export interface TileLayout { cols: number; w: number; h: number; thumb: number }

/**
 * The columns that fit a grid `width` px wide (tiles `gap` apart, and from the edges), each
 * tile widened so that the row fills the width: no empty margin on the right at any window
 * size. The picture keeps its shape, so a wider tile is taller by as much as its picture.
 */
export function fitTiles(width: number, size: TileSize, gap: number): TileLayout {
  const t = TILE_SIZES[size];
  if (!(width > 0)) return { cols: 4, ...t };
  const cols = Math.max(1, Math.floor((width - gap) / (t.w + gap)));
  // (Narrower than one tile, the one column narrows too, down to a thumbnail still worth seeing.)
  const w = Math.max(120, Math.floor((width - gap * (cols + 1)) / cols));
  const thumb = Math.round((t.thumb * w) / t.w);
  return { cols, w, h: t.h + thumb - t.thumb, thumb };
}

const KEY = 'reelvault.tileSize';

export function useTileSize(): [TileSize, (s: TileSize) => void] {
  const [size, setSize] = useState<TileSize>(() => {
    const saved = globalThis.localStorage?.getItem(KEY);
    return saved === 'S' || saved === 'M' || saved === 'L' ? saved : 'M';
  });
  const set = useCallback((s: TileSize) => {
    setSize(s);
    try { globalThis.localStorage?.setItem(KEY, s); } catch { /* private mode: for this visit only */ }
  }, []);
  return [size, set];
}
