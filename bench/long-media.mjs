// The long 1080p files the media benchmarks share (made once, kept in the bench folder):
// 60 s at 1080p30 of testsrc2 + a sine tone, as MPEG-4 Part 2 AVI, H.264 AVI and H.264 MP4.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir } from './lib.mjs';

const SOURCES = [
  ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=60'],
  ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=60'],
].flat();

const FILES = {
  mpeg4Avi: { name: 'long_mpeg4_1080p.avi', args: ['-c:v', 'mpeg4', '-q:v', '4', '-g', '300', '-c:a', 'mp2', '-b:a', '128k'] },
  // The commonest legacy camera file: MPEG-4 Part 2 (Xvid) + MP3 (copyable audio, the case the
  // timeline once broke on after every seek).
  xvidMp3Avi: { name: 'long_xvid_mp3_1080p.avi', args: ['-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '4', '-g', '300', '-c:a', 'libmp3lame', '-b:a', '128k'] },
  h264Avi: { name: 'long_h264_1080p.avi', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'mp2', '-b:a', '128k'] },
  h264Mp4: { name: 'long_h264_1080p.mp4', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'] },
};

/** @returns {Record<keyof typeof FILES, string>} */
export function longMedia() {
  const dir = benchDir('media');
  /** @type {Record<string, string>} */
  const out = {};
  for (const [key, f] of Object.entries(FILES)) {
    const file = path.join(dir, f.name);
    if (!fs.existsSync(file)) {
      process.stderr.write(`bench: making ${f.name} (once)…\n`);
      const tmp = `${file}.part${path.extname(file)}`;
      const r = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...SOURCES, ...f.args, '-t', '60', tmp], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`could not make ${f.name}`);
      fs.renameSync(tmp, file);
    }
    out[key] = file;
  }
  return /** @type {Record<keyof typeof FILES, string>} */ (out);
}
