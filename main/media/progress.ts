// ffmpeg's -progress output (key=value lines, a block per update ending with progress=…).
// Pure: fed text as it arrives, returns the latest complete block.

export interface Progress {
  /** Seconds of output written. */
  outTimeSec: number;
  /** Encoding speed relative to realtime (1.0 = realtime), when known. */
  speed: number | null;
  frame: number | null;
  done: boolean;
}

export class ProgressParser {
  private partial = '';
  private block: Record<string, string> = {};
  latest: Progress | null = null;

  /** Feed stderr text; returns the newest complete progress block, if one ended in it. */
  push(text: string): Progress | null {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    let updated: Progress | null = null;
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).trim();
      this.block[key] = value;
      if (key === 'progress') {
        updated = toProgress(this.block);
        this.block = {};
      }
    }
    if (updated) this.latest = updated;
    return updated;
  }
}

/** out_time_us is exact; out_time (HH:MM:SS.micro) is the fallback; "N/A" early on. */
export function toProgress(b: Record<string, string>): Progress {
  let out = Number(b.out_time_us ?? b.out_time_ms);
  if (!Number.isFinite(out) || out < 0) out = NaN;
  let outTimeSec = Number.isFinite(out) ? out / 1e6 : parseClock(b.out_time);
  if (!Number.isFinite(outTimeSec) || outTimeSec < 0) outTimeSec = 0;
  const speed = b.speed && b.speed !== 'N/A' ? Number.parseFloat(b.speed) : NaN;
  const frame = b.frame !== undefined ? Number(b.frame) : NaN;
  return {
    outTimeSec,
    speed: Number.isFinite(speed) ? speed : null,
    frame: Number.isFinite(frame) ? frame : null,
    done: b.progress === 'end',
  };
}

function parseClock(s: string | undefined): number {
  const m = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s ?? '');
  if (!m) return NaN;
  const v = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -v : v;
}
