// Which cells of the 16 × 9 grid a region covers, and a search over stored per-second cell masks
// (for the motion-search issue, 32). A region is given in fractions of the picture, so it does
// not depend on the recording's size. Pure.
import { CELLS, GRID_COLS, GRID_ROWS } from './cell-grid.js';

export interface Region {
  /** Left, top, right and bottom edges as fractions (0–1) of the picture. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const EPS = 1e-9;

/** The cells a region touches: cell boundaries lie at multiples of 1/16 (x) and 1/9 (y), so x = 0.5 ends the left half exactly. */
export function cellsForRegion(r: Region): bigint {
  if (r.x0 === r.x1 || r.y0 === r.y1) return 0n;
  const c0 = Math.max(0, Math.floor(Math.min(r.x0, r.x1) * GRID_COLS + EPS));
  const c1 = Math.min(GRID_COLS, Math.ceil(Math.max(r.x0, r.x1) * GRID_COLS - EPS));
  const r0 = Math.max(0, Math.floor(Math.min(r.y0, r.y1) * GRID_ROWS + EPS));
  const r1 = Math.min(GRID_ROWS, Math.ceil(Math.max(r.y0, r.y1) * GRID_ROWS - EPS));
  let mask = 0n;
  for (let row = r0; row < r1; row++) for (let col = c0; col < c1; col++) mask |= 1n << BigInt(row * GRID_COLS + col);
  return mask;
}

export function countCells(mask: bigint): number {
  let n = 0;
  for (let c = 0; c < CELLS; c++) if ((mask >> BigInt(c)) & 1n) n++;
  return n;
}

export interface MaskedSecond {
  /** Second (or epoch ms: the search only compares them). */
  at: number;
  cells: bigint;
}

/** Seconds whose changed cells meet the region in at least `minCells` cells. */
export function searchRegion(seconds: readonly MaskedSecond[], region: bigint, minCells = 1): number[] {
  return seconds.filter((s) => countCells(s.cells & region) >= minCells).map((s) => s.at);
}
