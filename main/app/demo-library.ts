// The first-run demo: with no library folder yet, a small library made with ffmpeg in the data
// dir (never anywhere else), so a newcomer plays a legacy camera file within a minute. Five
// cameras, today's recordings, in the codecs such workstations hold: H.264 MP4, MPEG-4 Part 2
// (Xvid) AVI, MJPEG AVI, WMV 8 in ASF and MPEG-2.
import fs from 'node:fs/promises';
import path from 'node:path';
import { firstMeaningfulLine, runMedia } from '../media/ffmpeg.js';

interface DemoClip {
  camera: string;
  /** Hour of today the recording "started". */
  hour: number;
  ext: string;
  source: string;
  args: string[];
}

const CLIPS: DemoClip[] = [
  { camera: 'Entrance', hour: 8, ext: 'mp4', source: 'testsrc2', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'] },
  { camera: 'Entrance', hour: 9, ext: 'mp4', source: 'testsrc2', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'] },
  { camera: 'Yard', hour: 8, ext: 'avi', source: 'mandelbrot', args: ['-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '4', '-c:a', 'mp2'] },
  { camera: 'Yard', hour: 10, ext: 'avi', source: 'mandelbrot', args: ['-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '4', '-c:a', 'mp2'] },
  { camera: 'Garage', hour: 11, ext: 'avi', source: 'smptehdbars', args: ['-c:v', 'mjpeg', '-q:v', '5', '-pix_fmt', 'yuvj420p', '-c:a', 'pcm_s16le'] },
  { camera: 'Lobby', hour: 12, ext: 'wmv', source: 'rgbtestsrc', args: ['-c:v', 'wmv2', '-q:v', '5', '-c:a', 'wmav2'] },
  { camera: 'Gate', hour: 13, ext: 'mpg', source: 'testsrc', args: ['-c:v', 'mpeg2video', '-q:v', '5', '-c:a', 'mp2', '-f', 'mpeg'] },
];

export interface DemoOptions {
  seconds?: number;
  size?: string;
  signal?: AbortSignal;
  /** Clips done so far, for a progress line. */
  onProgress?(done: number, total: number): void;
}

/** The demo library's folder, made on first use (two clips at a time) and reused after. */
export async function ensureDemoLibrary(dataDir: string, opts: DemoOptions = {}): Promise<string> {
  const dir = path.join(dataDir, 'demo-library');
  try {
    await fs.access(path.join(dir, '.complete'));
    return dir;
  } catch {
    /* not made yet, or interrupted: make it afresh */
  }
  const part = `${dir}.part`;
  await fs.rm(part, { recursive: true, force: true });
  const seconds = opts.seconds ?? 12;
  const size = opts.size ?? '640x360';
  const day = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  let done = 0;
  let next = 0;
  const make = async (c: DemoClip): Promise<void> => {
    const out = path.join(part, c.camera, `${date}_${pad(c.hour)}-00-00.${c.ext}`);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const src = c.source === 'mandelbrot' ? `mandelbrot=size=${size}:rate=25` : `${c.source}=size=${size}:rate=25`;
    const r = await runMedia('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', src, '-f', 'lavfi', '-i', `sine=frequency=${300 + c.hour * 40}:sample_rate=48000`,
      '-t', String(seconds), '-ac', '2', ...c.args, `file:${out}`,
    ], { timeoutMs: 120_000, priority: 'background', ...(opts.signal ? { signal: opts.signal } : {}) });
    if (r.code !== 0) throw new Error(`the demo library could not be made: ${firstMeaningfulLine(r.stderr) || `ffmpeg exited with ${r.code}`}`);
    opts.onProgress?.(++done, CLIPS.length);
  };
  await Promise.all([0, 1].map(async () => {
    while (next < CLIPS.length) await make(CLIPS[next++]!);
  }));
  await fs.writeFile(path.join(part, '.complete'), '');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rename(part, dir);
  return dir;
}
