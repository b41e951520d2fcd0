// The pixel pass: one low-priority ffmpeg decodes one or several files small (pixel-args.ts) and
// writes 64 × 36 grey pictures to stdout; each picture's time comes from its input's `showinfo`
// line on stderr. Pictures are compared as they arrive, so memory stays flat for long files.
import type { ContainedFile } from '../contained-file.js';
import { firstMeaningfulLine, spawnMedia } from '../ffmpeg.js';
import { inputUrls } from '../input-args.js';
import { MediaError } from '../media-error.js';
import { comparePictures, PICTURE_BYTES, type Comparison } from './cell-grid.js';
import { parseShowinfo, pixelPassArgs, type PixelInput } from './pixel-args.js';
import { pixelActivity, type PixelActivity, type PixelSample } from './pixel-levels.js';

export interface PixelJob {
  file: ContainedFile;
  info: Omit<PixelInput, 'url'>;
}

/** Splits the joined picture stream back into files, by each input's picture count (pure). */
export function splitByInput(perInput: readonly number[][], comparisons: readonly (Comparison | null)[]): PixelActivity[] {
  const out: PixelActivity[] = [];
  let at = 0;
  for (const times of perInput) {
    const samples: PixelSample[] = [];
    // The first picture of each file has nothing of its own to be compared with.
    for (let j = 1; j < times.length; j++) {
      const cmp = comparisons[at + j];
      if (cmp) samples.push({ from: times[j - 1]!, to: times[j]!, cmp });
    }
    out.push(pixelActivity(times, samples));
    at += times.length;
  }
  return out;
}

/** Activity of each job's file, from one ffmpeg. Rejects with the signal's reason when aborted. */
export async function pixelPass(jobs: readonly PixelJob[], opts: { signal?: AbortSignal } = {}): Promise<PixelActivity[]> {
  if (!jobs.length) return [];
  const files = jobs.map((j) => j.file);
  const urls = inputUrls(files);
  const args = pixelPassArgs(jobs.map((j, k) => ({ ...j.info, url: urls[k]! })));
  const p = await spawnMedia('ffmpeg', args, { inputs: files, priority: 'background', ...(opts.signal ? { signal: opts.signal } : {}) });

  const times: number[][] = jobs.map(() => []);
  let line = '';
  p.child.stderr!.on('data', (s: string) => {
    const lines = (line + s).split('\n');
    line = lines.pop()!;
    for (const l of lines) {
      const hit = parseShowinfo(l);
      if (hit) times[hit[0]]?.push(hit[1]);
    }
  });

  const comparisons: (Comparison | null)[] = [];
  let prev: Uint8Array | null = null;
  let pending: Buffer = Buffer.alloc(0);
  const stdout = p.child.stdout!;
  stdout.on('data', (b: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, b]) : b;
    let at = 0;
    for (; at + PICTURE_BYTES <= pending.length; at += PICTURE_BYTES) {
      const pic = Uint8Array.from(pending.subarray(at, at + PICTURE_BYTES));
      comparisons.push(prev ? comparePictures(prev, pic) : null);
      prev = pic;
    }
    pending = pending.subarray(at);
  });
  const drained = new Promise<void>((resolve) => { stdout.once('close', resolve); });
  const [exit] = await Promise.all([p.exited, drained]);
  if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new MediaError('cancelled', 'analysis cancelled');
  const last = parseShowinfo(line);
  if (last) times[last[0]]?.push(last[1]);
  if (exit.code !== 0) throw new MediaError('failed', `analysis failed: ${firstMeaningfulLine(p.stderr())}`);
  const counted = times.reduce((n, t) => n + t.length, 0);
  if (counted !== comparisons.length) throw new MediaError('failed', `analysis got ${comparisons.length} pictures but ${counted} picture times`);
  return splitByInput(times, comparisons);
}
