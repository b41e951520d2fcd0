import { describe, expect, it } from 'vitest';
import { CELLS } from './cell-grid.js';
import { cellsForRegion, countCells, searchRegion } from './region-cells.js';

describe('cells of a region', () => {
  it.each([
    ['the whole picture', { x0: 0, y0: 0, x1: 1, y1: 1 }, CELLS],
    ['the left half ends on a cell boundary', { x0: 0, y0: 0, x1: 0.5, y1: 1 }, 8 * 9],
    ['a sliver still touches its cell', { x0: 0.5, y0: 0.5, x1: 0.51, y1: 0.52 }, 1],
    ['edges given backwards', { x0: 0.5, y0: 1, x1: 0, y1: 0 }, 8 * 9],
    ['nothing', { x0: 0.3, y0: 0.3, x1: 0.3, y1: 0.3 }, 0],
  ])('%s', (_, r, n) => {
    expect(countCells(cellsForRegion(r))).toBe(n);
  });

  it('the two halves share no cell', () => {
    expect(cellsForRegion({ x0: 0, y0: 0, x1: 0.5, y1: 1 }) & cellsForRegion({ x0: 0.5, y0: 0, x1: 1, y1: 1 })).toBe(0n);
    expect(cellsForRegion({ x0: 0, y0: 0, x1: 1 / 16, y1: 1 / 9 })).toBe(1n);
  });

  it('search finds the seconds whose changes meet the region', () => {
    const left = cellsForRegion({ x0: 0, y0: 0, x1: 0.5, y1: 1 });
    const seconds = [{ at: 1, cells: 1n }, { at: 2, cells: 1n << 15n }, { at: 3, cells: 0n }, { at: 4, cells: 3n }];
    expect(searchRegion(seconds, left)).toEqual([1, 4]);
    expect(searchRegion(seconds, left, 2)).toEqual([4]);
  });
});
