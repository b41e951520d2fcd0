// The "side by side" file of a multi-camera export: every camera in a grid, its name drawn in its
// corner (drawtext, with the font the app ships), "No recording" on black where it has none.
// Video only, H.264 MP4.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { timelapseFilter, type ClipPart } from './clip-args.js';
import { inputArgs } from './input-args.js';
import type { IntervalPart } from './clip-intervals.js';

export interface SideBySideTrack {
  camera: string;
  parts: Array<IntervalPart & { url?: string }>;
}

const TILE_W = 640, TILE_H = 360, FPS = 25;

/** A value inside a filter graph: escaped for the filter's options, then for the graph. */
export function filterValue(v: string): string {
  return v.replace(/[\\:']/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');
}

export async function sideBySideArgs(o: {
  tracks: Array<{ camera: string; parts: Array<ClipPart & { entry: IntervalPart['entry'] }> }>;
  from: number; to: number; out: string; names: boolean; fontFile: string; workDir: string;
  /** Each input's overlay chain (overlay-filter.ts), in input order: drawn before it is scaled into its tile. */
  overlay?: readonly string[];
  /** A timelapse at this speed: every tile's frames picked at the same spacing, so they stay together. */
  timelapse?: number;
}): Promise<string[]> {
  const args = ['-v', 'error', '-progress', 'pipe:2', '-nostats', '-y'];
  const chains: string[] = [];
  const font = filterValue(o.fontFile);
  // Text goes through files: a camera may be called anything.
  const textFile = async (text: string) => {
    const f = path.join(o.workDir, `${randomUUID()}.txt`);
    await fs.writeFile(f, text);
    return filterValue(f);
  };
  const noRecording = o.names ? await textFile('No recording') : null;
  let input = 0;
  const cols = Math.ceil(Math.sqrt(o.tracks.length));
  for (const [c, track] of o.tracks.entries()) {
    const segments: string[] = [];
    let cursor = o.from;
    const gap = (ms: number) => {
      const label = `g${c}_${segments.length}`;
      const text = noRecording ? `,drawtext=textfile=${noRecording}:fontfile=${font}:fontcolor=white@0.7:fontsize=28:x=(w-tw)/2:y=(h-th)/2` : '';
      chains.push(`color=c=black:s=${TILE_W}x${TILE_H}:r=${FPS}:d=${(ms / 1000).toFixed(3)}${text},format=yuv420p[${label}]`);
      segments.push(`[${label}]`);
    };
    for (const p of track.parts) {
      const start = p.entry.startedAt + p.from * 1000;
      if (start - cursor > 40) gap(start - cursor);
      if (p.from > 0) args.push('-ss', (p.from + p.probe.startTime).toFixed(3));
      args.push('-t', (p.to - p.from).toFixed(3), ...inputArgs(p.url));
      const label = `s${c}_${segments.length}`;
      chains.push(`[${input}:v:0]${o.overlay?.[input] ? `${o.overlay[input]},` : ''}scale=${TILE_W}:${TILE_H}:force_original_aspect_ratio=decrease,pad=${TILE_W}:${TILE_H}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${FPS},format=yuv420p[${label}]`);
      segments.push(`[${label}]`);
      input++;
      cursor = start + (p.to - p.from) * 1000;
    }
    if (o.to - cursor > 40) gap(o.to - cursor);
    const name = o.names ? `,drawtext=textfile=${await textFile(track.camera)}:fontfile=${font}:fontcolor=white:fontsize=24:box=1:boxcolor=black@0.5:boxborderw=6:x=8:y=8` : '';
    const lapse = o.timelapse ? `,${timelapseFilter(o.timelapse)}` : '';
    chains.push(`${segments.join('')}concat=n=${segments.length}:v=1:a=0${lapse}${name}[t${c}]`);
  }
  const layout = o.tracks.map((_, i) => `${(i % cols) * TILE_W}_${Math.floor(i / cols) * TILE_H}`).join('|');
  chains.push(`${o.tracks.map((_, i) => `[t${i}]`).join('')}xstack=inputs=${o.tracks.length}:layout=${layout}:fill=black[v]`);
  args.push('-filter_complex', chains.join(';'), '-map', '[v]', '-t', ((o.to - o.from) / 1000 / (o.timelapse ?? 1)).toFixed(3));
  // The fps filter of a timelapse leaves the stream labelled at its picking rate: say 25 again.
  if (o.timelapse) args.push('-r', String(FPS));
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', o.out);
  return args;
}
