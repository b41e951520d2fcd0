// The burned-in overlay of an exact export (issue 35): the camera's name, then each frame's date
// and time in the library's zone with its offset and the frame's number in the source, in a corner
// the user picks. One drawtext per stretch of one date and offset (overlay-text.ts), switched on
// by time, so a daylight-saving change or midnight during the clip reads right. The words go
// through text files in the job's work folder: a camera may be called anything.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { OverlayCorner } from '../../contract/clip-types.js';
import type { NameZone } from '../../contract/zone-time.js';
import { drawtextTimeText, timeSegments } from './overlay-text.js';
import { filterValue } from './side-by-side.js';

export interface OverlaySpec {
  camera: string;
  corner: OverlayCorner;
  /** The instant (epoch ms) of the source's first frame: the recording's start. */
  startedAt: number;
  /** Seconds on the source's timeline where drawtext's t is 0 (the part's in point). */
  from: number;
  /** Seconds of source the filter sees. */
  seconds: number;
  fps: number;
  /** The picture's height where the text is drawn (sets the font size). */
  height: number;
  zone: NameZone;
  fontFile: string;
}

/** Font size, margin and line height for a picture this tall: readable at 240 lines and at 2160. */
export function overlayMetrics(height: number): { size: number; margin: number; line: number } {
  const size = Math.max(12, Math.round(height / 30));
  return { size, margin: Math.round(size / 2), line: Math.round(size * 1.5) };
}

/** drawtext's options for line `row` (0: the camera, 1: the time) in the corner, text from `textFile`. */
export interface LineSpec { textFile: string; fontFile: string; corner: OverlayCorner; height: number; row: 0 | 1; expand: boolean; enable?: string }

export function drawtextLine(o: LineSpec): string {
  const { size, margin, line } = overlayMetrics(o.height);
  const right = o.corner.endsWith('right'), bottom = o.corner.startsWith('bottom');
  const x = right ? `w-tw-${margin}` : `${margin}`;
  const y = bottom ? `h-${margin + (2 - o.row) * line}` : `${margin + o.row * line}`;
  const opts = [
    `textfile=${filterValue(o.textFile)}`, `fontfile=${filterValue(o.fontFile)}`, `expansion=${o.expand ? 'normal' : 'none'}`,
    `fontsize=${size}`, 'fontcolor=white', 'box=1', 'boxcolor=black@0.6', `boxborderw=${Math.max(2, Math.round(size / 5))}`,
    `x=${x}`, `y=${y}`, ...(o.enable ? [`enable=${filterValue(o.enable)}`] : []),
  ];
  return `drawtext=${opts.join(':')}`;
}

/** The overlay's filter chain (drawtext, drawtext…), its text files written into `workDir`. */
export async function overlayFilter(spec: OverlaySpec, workDir: string): Promise<string> {
  const write = async (text: string) => {
    const f = path.join(workDir, `${randomUUID()}.txt`);
    await fs.writeFile(f, text);
    return f;
  };
  const base = { fontFile: spec.fontFile, corner: spec.corner, height: spec.height };
  const filters = [drawtextLine({ ...base, textFile: await write(spec.camera), row: 0, expand: false })];
  const zero = spec.startedAt + spec.from * 1000;
  const segments = timeSegments(zero, zero + spec.seconds * 1000 + 1000, spec.zone);
  for (const [i, seg] of segments.entries()) {
    const a = (seg.start - zero) / 1000, b = (seg.end - zero) / 1000;
    const enable = segments.length === 1 ? undefined : i === 0 ? `lt(t,${b.toFixed(6)})` : i === segments.length - 1 ? `gte(t,${a.toFixed(6)})` : `gte(t,${a.toFixed(6)})*lt(t,${b.toFixed(6)})`;
    const text = await write(drawtextTimeText(seg, zero, spec.from, spec.fps));
    filters.push(drawtextLine({ ...base, textFile: text, row: 1, expand: true, ...(enable ? { enable } : {}) }));
  }
  return filters.join(',');
}
