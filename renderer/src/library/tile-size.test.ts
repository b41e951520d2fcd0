import { describe, expect, it } from 'vitest';
import { fitTiles, TILE_SIZES } from './tile-size.js';

describe('tiles fill the grid\'s width', () => {
  it.each([
    [1366 - 201, 'M'], [1920 - 201, 'M'], [1920 - 201, 'S'], [1920 - 201, 'L'], [800 - 201, 'M'],
  ] as const)('%s px wide, size %s: the last column ends one gap from the right edge', (width, size) => {
    const gap = 12;
    const t = fitTiles(width, size, gap);
    const right = gap + t.cols * (t.w + gap);
    expect(width - right).toBeGreaterThanOrEqual(0);
    expect(width - right).toBeLessThan(t.cols); // what the whole-pixel width leaves over
    expect(t.w).toBeGreaterThanOrEqual(TILE_SIZES[size].w);
    expect(t.w).toBeLessThan(TILE_SIZES[size].w + TILE_SIZES[size].w / t.cols + gap + 1);
    // The picture keeps its shape; the caption keeps its height.
    expect(t.thumb / t.w).toBeCloseTo(TILE_SIZES[size].thumb / TILE_SIZES[size].w, 2);
    expect(t.h - t.thumb).toBe(TILE_SIZES[size].h - TILE_SIZES[size].thumb);
  });

  it('narrows the one column of a grid narrower than a tile', () => {
    expect(fitTiles(300, 'L', 12)).toMatchObject({ cols: 1, w: 276 });
  });

  it('keeps the chosen size before the grid is measured', () => {
    expect(fitTiles(0, 'M', 12)).toEqual({ cols: 4, ...TILE_SIZES.M });
  });
});
