// Where a copy really starts: the keyframe at or before a time, read from the packets around it
// (demuxing only, nothing decoded). A fast clip's dialog shows it.
import type { MediaProbe } from '../../contract/api.js';
import { runMedia } from './ffmpeg.js';
import type { ContainedFile } from './contained-file.js';
import { inputUrls } from './input-args.js';
import { LIBRARY_DEMUXERS } from '../library/naming.mjs';

/** Seconds on the file's timeline (0 = first frame) of the last keyframe at or before `t`. */
export async function keyframeAtOrBefore(file: ContainedFile, probe: MediaProbe, t: number, signal?: AbortSignal): Promise<number> {
  const gop = probe.video?.keyframeIntervalSec ?? 10;
  const at = t + probe.startTime;
  const r = await runMedia('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-read_intervals', `${Math.max(0, at - gop - 2).toFixed(3)}%${(at + 0.001).toFixed(3)}`,
    '-show_entries', 'packet=pts_time,dts_time,flags', '-of', 'csv=p=0',
    '-protocol_whitelist', 'file,pipe', '-format_whitelist', LIBRARY_DEMUXERS, '-i', inputUrls([file])[0]!,
  ], { timeoutMs: 15_000, inputs: [file], ...(signal ? { signal } : {}) });
  let best = 0;
  for (const line of r.stdout.toString().split('\n')) {
    // AVI packets carry only a decoding time.
    const [pts, dts, flags] = line.split(',');
    const p = Number(pts && pts !== 'N/A' ? pts : dts);
    if (flags?.startsWith('K') && Number.isFinite(p) && p <= at + 1e-3 && p - probe.startTime > best) best = p - probe.startTime;
  }
  return Math.max(0, Math.min(best, t));
}
