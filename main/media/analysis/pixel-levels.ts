// Per-second activity from the pixel pass's comparisons. A comparison of the pictures at t1 and t2
// says something changed in (t1, t2]. Pictures at most 1 s apart mark the second of the later
// one: a mover is first seen there, so a burst starts on time (and ends up to one picture late).
// Pictures further apart (sparse keyframes) mark every second between them. Pure.
import { FULL_CELLS, type Comparison } from './cell-grid.js';
import { stretchesOf, type Stretch } from './stretches.js';

export interface PixelSample {
  /** Times (s) of the two pictures compared, on the file's timeline. */
  from: number;
  to: number;
  cmp: Comparison;
}

export interface PixelActivity {
  /** Seconds counted from the first picture. */
  start: number;
  /** One level (0–1) per second. */
  levels: number[];
  /** The cells changed in each second (16 × 9 bits; 0n for a quiet one). */
  cells: bigint[];
  /** Seconds whose picture changed brightness as a whole (lights, an IR switch): not motion. */
  lighting: boolean[];
  events: Stretch[];
  /** Pictures decoded. */
  pictures: number;
}

/** One changed cell is enough: the fit and the noise floor already keep sensor noise out (docs/activity.md). */
export const PIXEL_EVENT_LEVEL = 1 / FULL_CELLS;

export function pixelActivity(times: readonly number[], samples: readonly PixelSample[]): PixelActivity {
  const start = times.length ? Math.min(...times) : 0;
  const n = times.length ? Math.floor(Math.max(...times) - start) + 1 : 0;
  const levels = new Array<number>(n).fill(0);
  const cells = new Array<bigint>(n).fill(0n);
  const lighting = new Array<boolean>(n).fill(false);
  for (const s of samples) {
    const end = Math.floor(s.to - start + 1e-6);
    const a = s.to - s.from <= 1 + 1e-6 ? end : Math.max(0, Math.floor(s.from - start + 1e-6));
    const b = Math.min(n - 1, Math.max(a, Math.ceil(s.to - start - 1e-6) - 1));
    for (let k = a; k <= b; k++) {
      levels[k] = Math.max(levels[k]!, s.cmp.level);
      cells[k] = cells[k]! | s.cmp.cells;
      lighting[k] ||= s.cmp.lighting;
    }
  }
  return { start, levels, cells, lighting, events: stretchesOf(levels, PIXEL_EVENT_LEVEL), pictures: times.length };
}
