// The grid's tile size, S, M or L (Ctrl+1/2/3, or the buttons beside the cameras): kept in this
// browser, so each viewer has their own. The grid lays out by these numbers; the CSS draws them.
import { useCallback, useState } from 'react';

export type TileSize = 'S' | 'M' | 'L';

export const TILE_SIZES: Record<TileSize, { w: number; h: number; thumb: number }> = {
  S: { w: 180, h: 162, thumb: 101 },
  M: { w: 240, h: 200, thumb: 135 },
  L: { w: 340, h: 258, thumb: 191 },
};

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
