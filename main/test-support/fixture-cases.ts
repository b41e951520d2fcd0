// Tiny media files for every case in ../shared/fixtures.md, made with ffmpeg's lavfi sources.
// Tests generate them at set-up (never committed as binaries). The demo library has its own clips.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runMedia } from '../media/ffmpeg.js';

export type PlanMode = 'direct' | 'remux' | 'transcode';

export interface FixtureCase {
  /** Path below the fixtures folder: camera folder / file name. */
  file: string;
  /** What it stands for, as in fixtures.md. */
  about: string;
  /** ffmpeg arguments after the lavfi inputs (the video input is 0, audio 1). */
  args?: string[];
  video?: { size: string; rate: number; seconds: number };
  audio?: boolean;
  /** Made from another fixture or from nothing instead of encoded. */
  derive?: { kind: 'empty' } | { kind: 'garbage'; bytes: number } | { kind: 'text' } | { kind: 'truncate'; from: string }
    | { kind: 'remux'; from: string; args: string[] };
  /** The playback plan a default Chromium client should get; absent for broken files. */
  plan?: PlanMode;
  /** Has a picture a player must show. */
  picture: boolean;
}

const SMALL = { size: '320x240', rate: 25, seconds: 2 };
const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '64k'];
const MP3 = ['-c:a', 'libmp3lame', '-b:a', '64k'];

export const FIXTURES: FixtureCase[] = [
  { file: 'cam-modern/h264_aac_faststart.mp4', about: 'H.264 + AAC in MP4, faststart', video: SMALL, audio: true, args: [...X264, ...AAC, '-movflags', '+faststart'], plan: 'direct', picture: true },
  { file: 'cam-modern/h264_aac.mp4', about: 'H.264 + AAC in MP4, moov at the end', video: SMALL, audio: true, args: [...X264, ...AAC], plan: 'direct', picture: true },
  { file: 'cam-modern/h264_aac.mkv', about: 'H.264 in Matroska', video: SMALL, audio: true, args: [...X264, ...AAC], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_aac.mov', about: 'H.264 in QuickTime', video: SMALL, audio: true, args: [...X264, ...AAC], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_mp2.avi', about: 'H.264 + MP2 audio in AVI', video: SMALL, audio: true, args: [...X264, '-c:a', 'mp2'], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_pcm.avi', about: 'H.264 + PCM audio in AVI', video: SMALL, audio: true, args: [...X264, '-c:a', 'pcm_s16le'], plan: 'remux', picture: true },
  // Chromium's canPlayType says "probably" for MP3 in MP4, but its MediaSource refuses it: the MP3 is converted.
  { file: 'cam-modern/h264_mp3.avi', about: 'H.264 + MP3 in AVI (a common DVR file)', video: SMALL, audio: true, args: [...X264, '-bsf:v', 'h264_mp4toannexb', ...MP3], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_pcm.mov', about: 'H.264 + PCM in QuickTime', video: SMALL, audio: true, args: [...X264, '-c:a', 'pcm_s16le'], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_mulaw.mov', about: 'H.264 + G.711 mu-law in MOV', video: SMALL, audio: true, args: [...X264, '-c:a', 'pcm_mulaw', '-ar', '8000'], plan: 'remux', picture: true },
  { file: 'cam-modern/h264_noaudio.mp4', about: 'H.264 without audio', video: SMALL, args: [...X264], plan: 'direct', picture: true },
  { file: 'cam-modern/h264_10bit.mkv', about: 'H.264 High 10 (10-bit)', video: SMALL, args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le'], plan: 'transcode', picture: true },
  { file: 'cam-modern/vp9_opus.webm', about: 'VP9 + Opus in WebM', video: SMALL, audio: true, args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-c:a', 'libopus'], plan: 'direct', picture: true },
  { file: 'cam-modern/hevc_aac.mp4', about: 'HEVC in MP4', video: SMALL, audio: true, args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', ...AAC], plan: 'transcode', picture: true },
  { file: 'cam-modern/hevc_aac.mkv', about: 'HEVC + AAC in Matroska', video: SMALL, audio: true, args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p', ...AAC], plan: 'transcode', picture: true },
  { file: 'cam-modern/hevc.mov', about: 'HEVC in QuickTime', video: SMALL, args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p'], plan: 'transcode', picture: true },
  { file: 'cam-modern/long_gop.mp4', about: 'H.264 with a keyframe every 10 s', video: { size: '160x120', rate: 10, seconds: 12 }, args: [...X264, '-g', '100', '-keyint_min', '100', '-sc_threshold', '0'], plan: 'direct', picture: true },
  { file: 'cam-modern/start_offset.ts', about: 'MPEG-TS with a non-zero start time', video: SMALL, audio: true, args: [...X264, ...AAC, '-f', 'mpegts'], plan: 'remux', picture: true },
  // ffmpeg 5 writes a display matrix from the rotate tag only when copying, hence a remux.
  { file: 'cam-modern/rotated_90.mp4', about: 'H.264 with rotation metadata', derive: { kind: 'remux', from: 'cam-modern/h264_noaudio.mp4', args: ['-c', 'copy', '-metadata:s:v:0', 'rotate=90'] }, plan: 'direct', picture: true },
  { file: 'cam-modern/hd_1280x720_25.mp4', about: '1280x720 at 25 fps', video: { size: '1280x720', rate: 25, seconds: 1 }, audio: true, args: [...X264, ...AAC], plan: 'direct', picture: true },
  { file: 'cam-modern/audio_only.mp4', about: 'audio only', audio: true, args: AAC, plan: 'direct', picture: false },

  { file: 'cam-legacy/mpeg4.avi', about: 'MPEG-4 Part 2 in AVI', video: SMALL, audio: true, args: ['-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'mp2'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/xvid.avi', about: 'MPEG-4 Part 2 tagged XVID', video: SMALL, audio: true, args: ['-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '5', '-c:a', 'mp2'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/divx.avi', about: 'MPEG-4 Part 2 tagged DIVX', video: SMALL, args: ['-c:v', 'mpeg4', '-vtag', 'DIVX', '-q:v', '5'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/mpeg4_noaudio.avi', about: 'MPEG-4 Part 2 without audio', video: SMALL, args: ['-c:v', 'mpeg4', '-q:v', '5'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/xvid_mp3.avi', about: 'MPEG-4 Part 2 + MP3 in AVI (the commonest legacy camera file)', video: SMALL, audio: true, args: ['-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '5', ...MP3], plan: 'transcode', picture: true },
  { file: 'cam-legacy/divx5_bframes_mp3.avi', about: 'DivX 5 with B-frames + MP3 in AVI', video: SMALL, audio: true, args: ['-c:v', 'mpeg4', '-bf', '2', '-vtag', 'DX50', '-q:v', '5', ...MP3], plan: 'transcode', picture: true },
  { file: 'cam-legacy/divx_ac3.avi', about: 'MPEG-4 Part 2 (DivX) + AC-3 in AVI', video: SMALL, audio: true, args: ['-c:v', 'mpeg4', '-vtag', 'DIVX', '-q:v', '5', '-c:a', 'ac3', '-b:a', '128k'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/mpeg2_ac3.vob', about: 'MPEG-2 + AC-3 in MPEG-PS', video: SMALL, audio: true, args: ['-c:v', 'mpeg2video', '-q:v', '5', '-c:a', 'ac3', '-b:a', '128k', '-f', 'vob'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/mjpeg.avi', about: 'MJPEG in AVI', video: SMALL, audio: true, args: ['-c:v', 'mjpeg', '-q:v', '5', '-pix_fmt', 'yuvj420p', '-c:a', 'pcm_s16le'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/mpeg2.mkv', about: 'MPEG-2 in Matroska', video: SMALL, audio: true, args: ['-c:v', 'mpeg2video', '-q:v', '5', '-c:a', 'mp2'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/mpeg2.mpg', about: 'MPEG-2 program stream', video: SMALL, audio: true, args: ['-c:v', 'mpeg2video', '-q:v', '5', '-c:a', 'mp2', '-f', 'mpeg'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/interlaced_720x576.mpg', about: 'interlaced 720x576 MPEG-2', video: { size: '720x576', rate: 25, seconds: 1 }, args: ['-c:v', 'mpeg2video', '-q:v', '5', '-flags', '+ilme+ildct', '-top', '1', '-f', 'mpeg'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/wmv2.wmv', about: 'WMV 8 + WMA in ASF', video: SMALL, audio: true, args: ['-c:v', 'wmv2', '-q:v', '5', '-c:a', 'wmav2'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/wmv2.asf', about: 'WMV 8 in .asf', video: SMALL, args: ['-c:v', 'wmv2', '-q:v', '5'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/h263.3gp', about: 'H.263 in 3GP', video: { size: '176x144', rate: 15, seconds: 2 }, audio: true, args: ['-c:v', 'h263', '-q:v', '5', '-c:a', 'aac', '-ar', '8000', '-ac', '1'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/odd_1919x1081.mkv', about: 'odd dimensions', video: { size: '1920x1080', rate: 25, seconds: 1 }, args: ['-vf', 'scale=1919:1081', '-c:v', 'mjpeg', '-q:v', '8', '-pix_fmt', 'yuvj444p'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/vga_10s.avi', about: 'a longer MPEG-4 file (10 s, 640x480), for streams that outlast a pipe buffer', video: { size: '640x480', rate: 25, seconds: 10 }, audio: true, args: ['-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'mp2'], plan: 'transcode', picture: true },
  { file: 'cam-legacy/short_0.5s.avi', about: 'a 0.5 s clip', video: { size: '320x240', rate: 25, seconds: 0.5 }, args: ['-c:v', 'mpeg4', '-q:v', '5'], plan: 'transcode', picture: true },

  { file: 'broken/empty.mp4', about: '0-byte file', derive: { kind: 'empty' }, picture: false },
  { file: 'broken/garbage.avi', about: 'random bytes named .avi', derive: { kind: 'garbage', bytes: 65536 }, picture: false },
  { file: 'broken/text.avi', about: 'a text file named .avi', derive: { kind: 'text' }, picture: false },
  { file: 'broken/truncated.avi', about: 'the first half of an MPEG-4 AVI', derive: { kind: 'truncate', from: 'cam-legacy/mpeg4.avi' }, plan: 'transcode', picture: true },
];

/**
 * The timeline matrix: each container and codec a session serves (remux or transcode), made
 * 8 s long with a keyframe every 2 s, so a start can fall on a keyframe, between two, or in
 * the last GOP. (The cases above are 2 s with one GOP.)
 */
export const TIMELINE_SECONDS = 8;
export const TIMELINE_GOP_SECONDS = 2;
const TIMELINE_OF = [
  'cam-modern/h264_aac.mkv', 'cam-modern/h264_mp2.avi', 'cam-modern/h264_mulaw.mov', 'cam-modern/start_offset.ts', 'cam-modern/hevc_aac.mp4',
  'cam-legacy/mpeg4.avi', 'cam-legacy/xvid_mp3.avi', 'cam-legacy/divx5_bframes_mp3.avi', 'cam-legacy/mpeg2_ac3.vob', 'cam-legacy/mpeg2.mkv',
  'cam-legacy/mjpeg.avi', 'cam-legacy/wmv2.wmv', 'cam-legacy/h263.3gp',
];
export const TIMELINE_FIXTURES: FixtureCase[] = TIMELINE_OF.map((file) => {
  const c = FIXTURES.find((f) => f.file === file)!;
  const rate = c.video!.rate;
  // H.263 takes only a few picture sizes; the rest are made at 160x120.
  const size = file.endsWith('.3gp') ? c.video!.size : '160x120';
  const gop = String(rate * TIMELINE_GOP_SECONDS);
  const x264 = (c.args ?? []).includes('libx264') ? ['-keyint_min', gop, '-sc_threshold', '0'] : [];
  return { ...c, file: `timeline/${file.split('/').pop()}`, video: { size, rate, seconds: TIMELINE_SECONDS }, args: [...(c.args ?? []), '-g', gop, ...x264] };
});

/** ffmpeg arguments that make one encoded fixture at `out`. */
export function fixtureArgs(c: FixtureCase, out: string): string[] {
  const inputs: string[] = [];
  const seconds = c.video?.seconds ?? 2;
  if (c.video) inputs.push('-f', 'lavfi', '-i', `testsrc2=size=${c.video.size}:rate=${c.video.rate}:duration=${seconds}`);
  if (c.audio) inputs.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`);
  return ['-v', 'error', '-y', ...inputs, ...(c.args ?? []), '-t', String(seconds), out];
}

/** Deterministic bytes, so "garbage" is the same file on every machine. */
function pseudoRandom(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = 0x12345678;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A folder name that changes when the cases change, so a cached set is never stale. */
export function fixturesKey(cases: readonly FixtureCase[] = FIXTURES): string {
  return createHash('sha256').update(JSON.stringify(cases)).digest('hex').slice(0, 12);
}

/**
 * Make every case under `dir` (two ffmpeg at a time); returns `dir`. A `.complete` marker makes
 * a second call free.
 */
export async function makeFixtures(dir: string, cases: readonly FixtureCase[] = FIXTURES): Promise<string> {
  const marker = path.join(dir, '.complete');
  try {
    await fs.access(marker);
    return dir;
  } catch {
    /* not made yet */
  }
  const encoded = cases.filter((c) => !c.derive);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < encoded.length) {
      const c = encoded[next++]!;
      const out = path.join(dir, c.file);
      await fs.mkdir(path.dirname(out), { recursive: true });
      const r = await runMedia('ffmpeg', fixtureArgs(c, out), { timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`fixture ${c.file}: ffmpeg failed: ${r.stderr.trim()}`);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const c of cases) {
    if (!c.derive) continue;
    const out = path.join(dir, c.file);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const d = c.derive;
    if (d.kind === 'empty') await fs.writeFile(out, '');
    else if (d.kind === 'garbage') await fs.writeFile(out, pseudoRandom(d.bytes));
    else if (d.kind === 'text') await fs.writeFile(out, 'This is a text file, not a video.\n');
    else if (d.kind === 'remux') {
      const r = await runMedia('ffmpeg', ['-v', 'error', '-y', '-i', path.join(dir, d.from), ...d.args, out], { timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`fixture ${c.file}: ffmpeg failed: ${r.stderr.trim()}`);
    } else {
      const whole = await fs.readFile(path.join(dir, d.from));
      await fs.writeFile(out, whole.subarray(0, whole.length >> 1));
    }
  }
  await fs.writeFile(marker, '');
  return dir;
}
