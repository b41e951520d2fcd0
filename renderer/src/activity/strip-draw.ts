// Draws a strip from its runs (strip-columns.ts): taller and darker where more happened; found
// by the pixel pass: solid; from frame sizes only: striped, with a thin baseline where quiet;
// recorded but not analysed yet: a dashed baseline. One fill per kind of run, not one per column.
import { BUCKETS, NONE, UNKNOWN, type Run } from './strip-columns.js';

export interface StripColors {
  /** "r, g, b" of the strip. */
  ink: string;
  /** The dashed baseline of stretches not analysed yet. */
  pending: string;
}

const stripes = new Map<string, CanvasPattern | null>();

function striped(ctx: CanvasRenderingContext2D, rgba: string): CanvasPattern | string {
  let p = stripes.get(rgba);
  if (p === undefined) {
    const c = document.createElement('canvas');
    c.width = c.height = 4;
    const g = c.getContext('2d')!;
    g.fillStyle = rgba;
    // Two of every four columns: reads as "rougher" than the solid pixel-pass strip at any zoom.
    g.fillRect(0, 0, 2, 4);
    p = ctx.createPattern(c, 'repeat');
    stripes.set(rgba, p);
  }
  return p ?? rgba;
}

/** The strip of one lane in the box (top, height) of its bars. */
export function drawStrip(ctx: CanvasRenderingContext2D, runs: readonly Run[], top: number, h: number, colors: StripColors): void {
  const bottom = top + h;
  const solid: Path2D[] = [], rough: Path2D[] = [];
  const pending = new Path2D(), baseline = new Path2D();
  for (const r of runs) {
    if (r.bucket === NONE) continue;
    if (r.bucket === UNKNOWN) {
      // Dashes 3 px on, 3 off, aligned to the canvas so panning does not make them crawl.
      for (let x = r.x - (r.x % 6); x < r.x + r.w; x += 6) {
        const a = Math.max(x, r.x), b = Math.min(x + 3, r.x + r.w);
        if (b > a) pending.rect(a, bottom - 2, b - a, 2);
      }
      continue;
    }
    if (r.bucket === 0) {
      if (!r.pixels) baseline.rect(r.x, bottom - 1, r.w, 1);
      continue;
    }
    const list = r.pixels ? solid : rough;
    const path = list[r.bucket] ??= new Path2D();
    const bh = Math.max(2, Math.round((r.bucket / BUCKETS) * h));
    path.rect(r.x, bottom - bh, r.w, bh);
  }
  ctx.fillStyle = colors.pending;
  ctx.fill(pending);
  ctx.fillStyle = `rgba(${colors.ink}, 0.5)`;
  ctx.fill(baseline);
  for (let b = 1; b <= BUCKETS; b++) {
    const alpha = (0.35 + 0.65 * (b / BUCKETS)).toFixed(2);
    if (solid[b]) { ctx.fillStyle = `rgba(${colors.ink}, ${alpha})`; ctx.fill(solid[b]!); }
    if (rough[b]) { ctx.fillStyle = striped(ctx, `rgba(${colors.ink}, ${alpha})`); ctx.fill(rough[b]!); }
  }
}
