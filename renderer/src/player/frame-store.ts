// The pictures of a fast or reverse stream, in time order, and which one is shown when. Pure:
// tested in Node. A reverse stream at −1× holds every frame of the stretch it covers, so steps
// back (and forward again) inside it need no request at all.

export interface Picture {
  /** Seconds on the file's timeline. */
  time: number;
  jpeg: Uint8Array;
}

/** Frames this close in time are one frame. */
const SAME = 1e-4;

export class FrameStore {
  /** Ascending by time. */
  readonly frames: Picture[] = [];
  /**
   * Where every frame is here (a −1× stream): from `top` (its start) down to the oldest frame
   * received. Null for a stream that picks frames.
   */
  complete: { top: number } | null = null;

  constructor(private readonly max = 1500) {}

  add(p: Picture): void {
    const f = this.frames;
    let i = f.length;
    while (i > 0 && f[i - 1]!.time > p.time + SAME) i--;
    if (i > 0 && Math.abs(f[i - 1]!.time - p.time) <= SAME) return;
    f.splice(i, 0, p);
  }

  /** Drop pictures far from `time` (the one shown), keeping at most `max`. */
  trim(time: number): void {
    while (this.frames.length > this.max) {
      const f = this.frames;
      if (Math.abs(f[0]!.time - time) > Math.abs(f[f.length - 1]!.time - time)) f.shift(); else f.pop();
    }
  }

  get oldest(): number { return this.frames[0]?.time ?? NaN; }
  get newest(): number { return this.frames[this.frames.length - 1]?.time ?? NaN; }

  /** The index of the newest picture at or before `t` (-1: none). */
  atOrBefore(t: number): number {
    const f = this.frames;
    for (let i = f.length - 1; i >= 0; i--) if (f[i]!.time <= t + SAME) return i;
    return -1;
  }

  /** The index of the oldest picture at or after `t` (-1: none). */
  atOrAfter(t: number): number {
    const f = this.frames;
    for (let i = 0; i < f.length; i++) if (f[i]!.time >= t - SAME) return i;
    return -1;
  }

  /**
   * The frame `n` frames from the one shown at `t` (negative: back), when every frame between is
   * here; null when the stream must be asked (or read further) first.
   */
  step(t: number, n: number): Picture | null {
    if (!this.complete || t > this.complete.top + SAME) return null;
    const i = this.atOrBefore(t);
    if (i < 0) return null;
    const j = i + n;
    if (j < 0 || j >= this.frames.length || this.frames[j]!.time > this.complete.top + SAME) return null;
    return this.frames[j]!;
  }
}
