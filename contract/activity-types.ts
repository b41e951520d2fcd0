// Activity (issue 31 §3): how much happened on each camera, per step of a time range, as the
// timeline strip, the seek bar and "Skip quiet" read it. Types only (re-exported by api.ts).

/** The `activity` operation's question: these lanes (TimelineLane.key) over [from, to) in epoch ms. */
export interface ActivityQuery {
  lanes: string[];
  from: number;
  to: number;
  /** The step wanted; at most 10,000 steps a lane are answered (a larger step then, said in the lane's stepMs). */
  stepMs: number;
}

/** A stretch where activity stands out, epoch ms, merged across gaps under 2 s. */
export interface ActivityEvent {
  from: number;
  to: number;
  /** The highest level (0–1) inside it. */
  peak: number;
}

/** How a step was found: from the container's frame sizes only, or by the pixel pass. */
export type ActivitySource = 'sizes' | 'pixels';

export interface ActivityLane {
  key: string;
  /** The step this lane's arrays use (≥ the step asked). */
  stepMs: number;
  /** One per step from `from`: the most activity (0–1) in it, null where there is no recording (or no analysis yet). */
  levels: Array<number | null>;
  events: ActivityEvent[];
  /** Fraction (0–1) of the range's recorded time the pixel pass has not reached yet; 0 when complete. */
  pending: number;
  /**
   * Parallel to `levels`: how each step was found. A step whose level is null says 'sizes'. A
   * recorded step nothing has analysed yet (or whose sizes are blind: MJPEG, constant bitrate)
   * has a null level until the pixel pass reaches it: the timeline's bars tell it from a gap.
   */
  source: ActivitySource[];
}

export interface ActivityResult {
  lanes: ActivityLane[];
}

/** The `activity` event: these lanes' activity changed over these ranges (ask `activity` again there). */
export interface ActivityChange {
  lanes: Array<{ key: string; from: number; to: number }>;
}

/**
 * What counts as motion on one camera: cells of the 16 × 9 grid to ignore (its burned-in clock, a
 * waving tree) and a sensitivity. Applied to stored analysis, so a change shows at once.
 */
export interface ActivityTuning {
  /** The lane (camera) it is for. */
  lane: string;
  /** Ignored cells, each row · 16 + col (row 0 at the top, col 0 at the left), 0–143. */
  maskCells: number[];
  /** Levels are multiplied by this: 0.25 (only large changes) to 4 (small ones too); 1 by default. */
  sensitivity: number;
}
