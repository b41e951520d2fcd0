import { describe, expect, it } from 'vitest';
import { cellsFromBytes, cellsToBytes, comparePictures, GRID_COLS, PICTURE_HEIGHT, PICTURE_WIDTH } from './cell-grid.js';

/** A 64 × 36 picture: a dark wall with a bright band on the right quarter, and a little noise. */
function wall(seed: number, paint?: (x: number, y: number) => number | null): Uint8Array {
  const p = new Uint8Array(PICTURE_WIDTH * PICTURE_HEIGHT);
  let r = seed;
  for (let y = 0; y < PICTURE_HEIGHT; y++) {
    for (let x = 0; x < PICTURE_WIDTH; x++) {
      r = (r * 1103515245 + 12345) & 0x7fffffff;
      p[y * PICTURE_WIDTH + x] = paint?.(x, y) ?? (x >= 48 ? 180 : 40) + (r % 5) - 2;
    }
  }
  return p;
}

const cell = (col: number, row: number): bigint => 1n << BigInt(row * GRID_COLS + col);

describe('comparing two pictures on the 16 × 9 grid', () => {
  it('sensor noise changes no cell', () => {
    expect(comparePictures(wall(1), wall(2)).changed).toBe(0);
  });

  it('a box that moved changes the cells it left and entered, and only those', () => {
    const box = (x0: number) => (x: number, y: number) => (x >= x0 && x < x0 + 8 && y >= 8 && y < 16 ? (x + y) % 2 ? 250 : 0 : null);
    const c = comparePictures(wall(1, box(4)), wall(2, box(20)));
    expect(c.cells).toBe(cell(1, 2) | cell(2, 2) | cell(1, 3) | cell(2, 3) | cell(5, 2) | cell(6, 2) | cell(5, 3) | cell(6, 3));
    expect(c.level).toBe(0.5);
    expect(c.lighting).toBe(false);
  });

  it.each([
    ['lights on: every pixel brighter', (v: number) => v + 40],
    // Gain and offset together (an IR switch, an exposure step): the bright band moves three times
    // as far as the wall, so only the fit over the whole picture keeps it from counting as motion.
    ['a contrast jump', (v: number) => Math.round(v * 1.3 + 5)],
  ])('%s is lighting, not motion', (_, change) => {
    const before = wall(1);
    const c = comparePictures(before, before.map(change));
    expect(c.changed).toBe(0);
    expect(c.lighting).toBe(true);
  });

  it('stores 144 bits in 18 bytes and back', () => {
    const cells = cell(0, 0) | cell(15, 8) | cell(7, 4);
    const bytes = cellsToBytes(cells);
    expect(bytes.length).toBe(18);
    expect(cellsFromBytes(bytes)).toBe(cells);
  });
});
