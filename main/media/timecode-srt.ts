// The timecode subtitle track of a fast export (issue 35): a copy cannot have text burned in, so
// each second of the clip gets a cue with its date and time in the library's zone, which any
// player shows. Cues change on the wall clock's whole seconds. Pure.
import type { NameZone } from '../../contract/zone-time.js';
import { offsetLabel } from './overlay-text.js';
import { wallClockAt, zoneOffsetMs } from '../../contract/zone-time.js';

const pad = (n: number, w = 2) => String(Math.trunc(n)).padStart(w, '0');

/** SRT's "00:01:02,345". */
function srtTime(sec: number): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
}

/** "2026-03-08 14:32:07 +01:00" */
export function secondLabel(t: number, zone: NameZone): string {
  const f = wallClockAt(zone, t);
  return `${f.year}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)} ${offsetLabel(zoneOffsetMs(zone, t))}`;
}

/** One stretch of the clip: instant `startMs` at `at` seconds into the clip, lasting `seconds`. */
export interface TimecodePiece { startMs: number; seconds: number; at: number }

/** The SRT of a clip made of these pieces (one, for a clip of one recording). */
export function timecodeSrt(pieces: readonly TimecodePiece[], zone: NameZone): string {
  const cues: string[] = [];
  let n = 1;
  for (const p of pieces) {
    const end = p.startMs + p.seconds * 1000;
    for (let t = p.startMs; t < end; n++) {
      const next = Math.min(end, (Math.floor(t / 1000) + 1) * 1000);
      const at = (ms: number) => srtTime(p.at + (ms - p.startMs) / 1000);
      cues.push(`${n}\n${at(t)} --> ${at(next)}\n${secondLabel(t, zone)}\n`);
      t = next;
    }
  }
  return cues.join('\n');
}
