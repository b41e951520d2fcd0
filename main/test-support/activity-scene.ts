// Ground truth for activity analysis: a still scene (two flat shapes on a grey wall) with light
// temporal noise, and textured boxes that enter and cross the picture at known seconds. Made with
// ffmpeg's lavfi sources in each codec a recorder writes, so tests know where the events are.
import path from 'node:path';
import { runMedia } from '../media/ffmpeg.js';

export type SceneCodec = 'mpeg4' | 'h264-vbr' | 'h264-cbr' | 'hevc' | 'mpeg2' | 'mjpeg';

export const SCENE_CODECS: readonly SceneCodec[] = ['mpeg4', 'h264-vbr', 'h264-cbr', 'hevc', 'mpeg2', 'mjpeg'];

/** How each codec is written, in the container a recorder of that kind uses. */
const ENCODE: Record<SceneCodec, { ext: string; args: string[] }> = {
  mpeg4: { ext: 'avi', args: ['-c:v', 'mpeg4', '-q:v', '4', '-g', '25'] },
  // x264's default GOP (250 frames, 10 s): the pixel pass must sample, not read keyframes.
  'h264-vbr': { ext: 'mp4', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'] },
  'h264-cbr': { ext: 'mkv', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '200k', '-minrate', '200k', '-maxrate', '200k', '-bufsize', '100k', '-x264-params', 'nal-hrd=cbr', '-pix_fmt', 'yuv420p'] },
  hevc: { ext: 'mp4', args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p'] },
  mpeg2: { ext: 'mkv', args: ['-c:v', 'mpeg2video', '-q:v', '4'] },
  mjpeg: { ext: 'avi', args: ['-c:v', 'mjpeg', '-q:v', '5', '-pix_fmt', 'yuvj420p'] },
};

export interface Mover {
  /** Seconds when the box is in the picture. */
  from: number;
  to: number;
  /** Its path across the picture, as fractions of the width (left edge: −box to 1 enters and leaves). */
  x0?: number;
  x1?: number;
  /** Its top edge, as a fraction of the height. */
  y?: number;
  /** Its side in pixels. */
  side?: number;
}

export interface SceneSpec {
  codec: SceneCodec;
  seconds: number;
  movers: Mover[];
  width?: number;
  height?: number;
  rate?: number;
  /** Temporal noise strength (ffmpeg's `noise=alls`). */
  noise?: number;
  /** Container override (the reader tests make one codec in every container). */
  ext?: string;
  /** Lights switched at these seconds (ffmpeg's `eq`): the whole picture changes, nothing moves. */
  lights?: { at: number; brightness: number; contrast?: number }[];
  /** Extra encoder arguments (a GOP, a muxer option). */
  extra?: string[];
}

export interface Scene {
  file: string;
  /** The true events: the seconds when a box is in the picture, merged. */
  truth: { from: number; to: number }[];
}

function overlayX(m: Mover, w: number, side: number): string {
  const a = (m.x0 ?? -side / w) * w;
  const b = (m.x1 ?? 1) * w;
  return `${a.toFixed(1)}+(t-${m.from})/${m.to - m.from}*${(b - a).toFixed(1)}`;
}

/** The filter graph and inputs of a scene (pure: tests read it). */
export function sceneArgs(spec: SceneSpec): string[] {
  const w = spec.width ?? 320, h = spec.height ?? 180, r = spec.rate ?? 25, d = spec.seconds;
  const inputs = ['-f', 'lavfi', '-i', `color=c=0x607080:s=${w}x${h}:r=${r}:d=${d},format=yuv420p`];
  let graph = `[0:v]drawbox=x=${Math.round(w * 0.06)}:y=${Math.round(h * 0.1)}:w=${Math.round(w / 4)}:h=${Math.round(h / 4)}:color=0x405060:t=fill,`
    + `drawbox=x=${Math.round(w * 0.62)}:y=${Math.round(h * 0.55)}:w=${Math.round(w * 0.28)}:h=${Math.round(h / 3)}:color=0x90a0b0:t=fill[s0]`;
  spec.movers.forEach((m, k) => {
    const side = m.side ?? Math.round(h * 0.27);
    inputs.push('-f', 'lavfi', '-i', `testsrc=s=${side}x${side}:r=${r}:d=${d}`);
    const y = Math.round((m.y ?? 0.33) * h);
    graph += `;[s${k}][${k + 1}:v]overlay=x='${overlayX(m, w, side)}':y=${y}:enable='between(t,${m.from},${m.to})'[s${k + 1}]`;
  });
  const lights = (spec.lights ?? []).map((l) => `eq=brightness=${l.brightness}:contrast=${l.contrast ?? 1}:enable='gte(t,${l.at})',`).join('');
  graph += `;[s${spec.movers.length}]${lights}noise=alls=${spec.noise ?? 3}:allf=t,format=yuv420p[out]`;
  return [...inputs, '-filter_complex', graph, '-map', '[out]', '-t', String(d)];
}

export function trueEvents(movers: readonly Mover[]): { from: number; to: number }[] {
  const sorted = [...movers].sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const m of sorted) {
    const last = out.at(-1);
    if (last && m.from <= last.to) last.to = Math.max(last.to, m.to);
    else out.push({ from: m.from, to: m.to });
  }
  return out;
}

export async function makeScene(dir: string, name: string, spec: SceneSpec): Promise<Scene> {
  const enc = ENCODE[spec.codec];
  const file = path.join(dir, `${name}.${spec.ext ?? enc.ext}`);
  const r = await runMedia('ffmpeg', ['-v', 'error', '-y', ...sceneArgs(spec), ...enc.args, ...(spec.extra ?? []), file], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`scene ${name} failed: ${r.stderr}`);
  return { file, truth: trueEvents(spec.movers) };
}

/** ffprobe's codec name for each scene codec (what the pixel pass is told). */
export const SCENE_DECODER: Record<SceneCodec, string> = {
  mpeg4: 'mpeg4', 'h264-vbr': 'h264', 'h264-cbr': 'h264', hevc: 'hevc', mpeg2: 'mpeg2video', mjpeg: 'mjpeg',
};

export interface Score {
  /** Share of true events that a reported event overlaps. */
  recall: number;
  /** Reported seconds outside every true event, as a share of the quiet time. */
  falseShare: number;
}

/** Recall and precision of reported stretches against the truth, over a clip of `seconds` (issue 31 §4). */
export function scoreEvents(truth: readonly { from: number; to: number }[], reported: readonly { from: number; to: number }[], seconds: number): Score {
  const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }): boolean => a.from < b.to && b.from < a.to;
  const hit = truth.filter((t) => reported.some((r) => overlaps(t, r))).length;
  let outside = 0;
  for (const r of reported) {
    let len = r.to - r.from;
    for (const t of truth) len -= Math.max(0, Math.min(r.to, t.to) - Math.max(r.from, t.from));
    outside += Math.max(0, len);
  }
  const quiet = seconds - truth.reduce((n, t) => n + (t.to - t.from), 0);
  return { recall: truth.length ? hit / truth.length : 1, falseShare: quiet > 0 ? outside / quiet : 0 };
}
