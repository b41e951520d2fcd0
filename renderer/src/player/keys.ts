// The player's keys, as VLC and mpv users expect them. Pure: tested in Node.
export type KeyAction =
  | { kind: 'toggle' }
  | { kind: 'seekBy'; sec: number }
  | { kind: 'frame'; frames: 1 | -1 }
  | { kind: 'rate'; dir: 1 | -1 }
  /** Backspace: back to 1×. */
  | { kind: 'speedReset' }
  | { kind: 'fullscreen' }
  | { kind: 'mute' }
  | { kind: 'step'; delta: 1 | -1 }
  | { kind: 'back' }
  | { kind: 'snapshot' }
  /** The other cameras at this moment, side by side (the sync view). */
  | { kind: 'sync' }
  /** A clip's in (I) or out (O) point at the current time. */
  | { kind: 'mark'; which: 'in' | 'out' }
  /** E: export the marked clip. */
  | { kind: 'export' }
  /** A / Shift+A: the next or previous burst of activity (issue 31). */
  | { kind: 'burst'; dir: 1 | -1 };

export function keyAction(key: string, s: { paused: boolean }): KeyAction | null {
  switch (key) {
    case ' ': case 'k': case 'K': return { kind: 'toggle' };
    case 'j': case 'J': return { kind: 'seekBy', sec: -10 };
    case 'l': case 'L': return { kind: 'seekBy', sec: 10 };
    case 'ArrowLeft': return { kind: 'seekBy', sec: -5 };
    case 'ArrowRight': return { kind: 'seekBy', sec: 5 };
    // Frame steps only make sense on a still picture; while playing they do nothing.
    case ',': return s.paused ? { kind: 'frame', frames: -1 } : null;
    case '.': return s.paused ? { kind: 'frame', frames: 1 } : null;
    case '[': return { kind: 'rate', dir: -1 };
    case ']': return { kind: 'rate', dir: 1 };
    case 'Backspace': return { kind: 'speedReset' };
    case 'f': case 'F': return { kind: 'fullscreen' };
    case 'm': case 'M': return { kind: 'mute' };
    case 'n': case 'N': return { kind: 'step', delta: 1 };
    case 'p': case 'P': return { kind: 'step', delta: -1 };
    case 'Escape': return { kind: 'back' };
    case 's': case 'S': return { kind: 'snapshot' };
    case 'y': case 'Y': return { kind: 'sync' };
    case 'i': case 'I': return { kind: 'mark', which: 'in' };
    case 'o': case 'O': return { kind: 'mark', which: 'out' };
    case 'e': case 'E': return { kind: 'export' };
    case 'a': return { kind: 'burst', dir: 1 };
    case 'A': return { kind: 'burst', dir: -1 };
    default: return null;
  }
}

/** Keys that mean something when nothing can play (the error view): leaving, and the next file. */
export function keyWorksWithoutPlayback(a: KeyAction): boolean {
  return a.kind === 'back' || a.kind === 'step' || a.kind === 'fullscreen';
}

export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** The next speed in RATES from `current`, kept within 0.5–2×. */
export function nextRate(current: number, dir: 1 | -1): number {
  const i = RATES.findIndex((r) => Math.abs(r - current) < 1e-6);
  if (i < 0) return 1;
  return RATES[Math.max(0, Math.min(RATES.length - 1, i + dir))]!;
}
