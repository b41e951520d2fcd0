// Events: stretches of seconds whose level stands out, merged across short gaps (issue 31: "merged
// across gaps under 2 s"). Pure; both the sizes and the pixel levels go through it.

export interface Stretch {
  /** Seconds from the file's first frame; `to` is exclusive. */
  from: number;
  to: number;
  /** The highest level inside. */
  peak: number;
}

export const MERGE_GAP_SEC = 2;

/** Stretches of `levels` (one per `stepSec`) at or above `threshold`; gaps shorter than `mergeGapSec` are bridged. */
export function stretchesOf(levels: readonly (number | null)[], threshold: number, stepSec = 1, mergeGapSec = MERGE_GAP_SEC): Stretch[] {
  const out: Stretch[] = [];
  levels.forEach((l, k) => {
    if (l === null || l < threshold) return;
    const from = k * stepSec, to = (k + 1) * stepSec;
    const last = out.at(-1);
    if (last && from - last.to < mergeGapSec) {
      last.to = to;
      last.peak = Math.max(last.peak, l);
    } else {
      out.push({ from, to, peak: l });
    }
  });
  return out;
}
