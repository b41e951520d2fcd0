// Whether the marked stretch can be exported at all. Pure. I and O pressed at the same moment (a
// paused player, or a sync view not yet playing) mark nothing: say so in words, instead of asking
// the share and showing its argument check ("planClip: argument 0: …").

/** Why from..to (same unit either way) cannot be exported, or null when it can. */
export function stretchProblem(from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'Mark an in point (I) and an out point (O) first.';
  if (to <= from) return 'The out mark is not after the in mark: move on and press O to mark where the clip ends.';
  return null;
}
