// Comparing two small grey pictures on a 16 × 9 grid of cells (issue 31, part 1 "Exact"). A
// change of the whole picture's brightness (lights on, an IR switch, an exposure step) is fitted
// away first: each cell's change is measured against cur ≈ gain · prev + offset, fitted over all
// cells, so only what differs from the picture-wide change counts as motion. Pure.

export const GRID_COLS = 16;
export const GRID_ROWS = 9;
export const CELLS = GRID_COLS * GRID_ROWS;
/** The picture the pixel pass decodes to: 4 × 4 pixels per cell. */
export const PICTURE_WIDTH = 64;
export const PICTURE_HEIGHT = 36;
export const PICTURE_BYTES = PICTURE_WIDTH * PICTURE_HEIGHT;

/** A cell changed when its mean difference (grey levels, 0–255) exceeds this… */
const MIN_CELL_DIFF = 6;
/** …and this many times the median cell's (the picture's own noise). */
const NOISE_FACTOR = 3;
/** This many changed cells make level 1 (a person near the camera covers about that many). */
export const FULL_CELLS = 16;
/** The mean brightness moving this much after the fit is a lighting change, reported apart. */
const LIGHTING_SHIFT = 12;

export interface Comparison {
  /** Bit `row * 16 + col` set for each changed cell (144 bits). */
  cells: bigint;
  changed: number;
  /** 0–1: the share of FULL_CELLS that changed. */
  level: number;
  /** Mean brightness change of the whole picture (grey levels); a lighting event when large. */
  brightness: number;
  lighting: boolean;
}

function cellMeans(p: Uint8Array): Float64Array {
  const m = new Float64Array(CELLS);
  const cw = PICTURE_WIDTH / GRID_COLS, ch = PICTURE_HEIGHT / GRID_ROWS;
  for (let y = 0; y < PICTURE_HEIGHT; y++) {
    for (let x = 0; x < PICTURE_WIDTH; x++) m[Math.floor(y / ch) * GRID_COLS + Math.floor(x / cw)]! += p[y * PICTURE_WIDTH + x]!;
  }
  for (let c = 0; c < CELLS; c++) m[c]! /= cw * ch;
  return m;
}

/** Least squares cur ≈ a·prev + b over the cells `use` marks. */
function fit(prev: Float64Array, cur: Float64Array, use: (c: number) => boolean): { a: number; b: number } {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let c = 0; c < CELLS; c++) {
    if (!use(c)) continue;
    const x = prev[c]!, y = cur[c]!;
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  // A flat picture has no contrast to fit a gain on: a pure offset then.
  if (n < 2 || Math.abs(den) < 1e-6 * n * n) return { a: 1, b: n ? (sy - sx) / n : 0 };
  const a = (n * sxy - sx * sy) / den;
  return { a, b: (sy - a * sx) / n };
}

function medianOf(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  return s[s.length >> 1]!;
}

export function comparePictures(prev: Uint8Array, cur: Uint8Array): Comparison {
  const pm = cellMeans(prev), cm = cellMeans(cur);
  // Fit on all cells, then again without the quarter that fits worst (the movers).
  let { a, b } = fit(pm, cm, () => true);
  const resid = pm.map((x, c) => Math.abs(cm[c]! - (a * x + b)));
  const cut = Float64Array.from(resid).sort()[Math.floor(CELLS * 0.75)]!;
  ({ a, b } = fit(pm, cm, (c) => resid[c]! <= cut));
  // Per cell: the mean absolute pixel difference after the picture-wide change.
  const diff = new Float64Array(CELLS);
  const cw = PICTURE_WIDTH / GRID_COLS, ch = PICTURE_HEIGHT / GRID_ROWS;
  for (let y = 0; y < PICTURE_HEIGHT; y++) {
    for (let x = 0; x < PICTURE_WIDTH; x++) {
      const i = y * PICTURE_WIDTH + x;
      diff[Math.floor(y / ch) * GRID_COLS + Math.floor(x / cw)]! += Math.abs(cur[i]! - (a * prev[i]! + b));
    }
  }
  for (let c = 0; c < CELLS; c++) diff[c]! /= cw * ch;
  const threshold = Math.max(MIN_CELL_DIFF, NOISE_FACTOR * medianOf(diff));
  let cells = 0n, changed = 0;
  for (let c = 0; c < CELLS; c++) {
    if (diff[c]! > threshold) { cells |= 1n << BigInt(c); changed++; }
  }
  let brightness = 0;
  for (let c = 0; c < CELLS; c++) brightness += cm[c]! - pm[c]!;
  brightness /= CELLS;
  return { cells, changed, level: Math.min(1, changed / FULL_CELLS), brightness, lighting: Math.abs(brightness) >= LIGHTING_SHIFT };
}

/** 144 bits as 18 bytes (cell 0 in the lowest bit of byte 0), for storage. */
export function cellsToBytes(cells: bigint): Buffer {
  const out = Buffer.alloc(CELLS / 8);
  for (let k = 0; k < out.length; k++) out[k] = Number((cells >> BigInt(k * 8)) & 0xffn);
  return out;
}

export function cellsFromBytes(buf: Uint8Array): bigint {
  let v = 0n;
  for (let k = buf.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(buf[k]!);
  return v;
}
