// A lane's activity, reduced to the pixel columns of a strip: the most activity in each column,
// and how it was found. Steps come from the `activity` operation (stepMs ≈ range / width, fetched
// wider than the window so a pan draws at once); columns are what is on screen now. Pure, and
// cheap: one pass over the steps in view, so a fling redraws every lane in well under a frame.

/** A column with no recording. */
export const NONE = -2;
/** A recorded column nothing has analysed yet. */
export const UNKNOWN = -1;

export interface LaneSteps {
  /** Epoch ms of the first step. */
  from: number;
  stepMs: number;
  levels: readonly (number | null)[];
  /** Parallel to levels. */
  source: readonly ('sizes' | 'pixels')[];
}

export interface Columns {
  /** Per column: the level (0–1), UNKNOWN or NONE. */
  level: Float32Array;
  /** Per column: 1 when any step in it was found by the pixel pass, else 0 (sizes only). */
  pixels: Uint8Array;
}

/**
 * Columns of [winFrom, winTo) over `width` px. `recorded` (sorted or not: the lane's spans) tells
 * a recorded column without a level (UNKNOWN) from a gap (NONE).
 */
export function stripColumns(
  steps: LaneSteps | null, recorded: ReadonlyArray<{ start: number; end: number }>, winFrom: number, winTo: number, width: number,
): Columns {
  const w = Math.max(0, Math.floor(width));
  const level = new Float32Array(w).fill(NONE);
  const pixels = new Uint8Array(w);
  const msPerPx = (winTo - winFrom) / Math.max(1, w);
  const colOf = (t: number) => Math.floor((t - winFrom) / msPerPx);
  // Recorded columns first: UNKNOWN until a level says more.
  for (const r of recorded) {
    if (r.end <= winFrom || r.start >= winTo) continue;
    const a = Math.max(0, colOf(r.start)), b = Math.min(w - 1, colOf(Math.max(r.start, r.end - 1)));
    for (let x = a; x <= b; x++) level[x] = UNKNOWN;
  }
  if (!steps || !steps.levels.length) return { level, pixels };
  const first = Math.max(0, Math.floor((winFrom - steps.from) / steps.stepMs));
  const last = Math.min(steps.levels.length - 1, Math.floor((winTo - steps.from) / steps.stepMs));
  for (let i = first; i <= last; i++) {
    const l = steps.levels[i];
    if (l === null || l === undefined) continue;
    const t0 = steps.from + i * steps.stepMs;
    // A step wider than a column covers several; a narrower one shares its column (the most wins).
    const a = Math.max(0, colOf(t0)), b = Math.min(w - 1, colOf(t0 + steps.stepMs - 1e-6));
    const px = steps.source[i] === 'pixels' ? 1 : 0;
    for (let x = a; x <= b; x++) {
      if (l > level[x]! || level[x]! < 0) level[x] = l;
      pixels[x] = pixels[x]! | px;
    }
  }
  return { level, pixels };
}

/** Runs of equal drawing (level bucket and source) along the columns, to fill one path per kind. */
export interface Run {
  x: number;
  w: number;
  /** 0 quiet … BUCKETS; UNKNOWN; NONE. */
  bucket: number;
  pixels: boolean;
}

export const BUCKETS = 8;

export function runsOf(c: Columns): Run[] {
  const out: Run[] = [];
  const n = c.level.length;
  for (let x = 0; x < n;) {
    const l = c.level[x]!;
    const bucket = l < 0 ? l : l <= 0 ? 0 : Math.max(1, Math.ceil(l * BUCKETS));
    const px = c.pixels[x] === 1;
    let e = x + 1;
    for (; e < n; e++) {
      const m = c.level[e]!;
      const b2 = m < 0 ? m : m <= 0 ? 0 : Math.max(1, Math.ceil(m * BUCKETS));
      if (b2 !== bucket || (c.pixels[e] === 1) !== px) break;
    }
    if (bucket !== NONE) out.push({ x, w: e - x, bucket, pixels: px });
    x = e;
  }
  return out;
}
