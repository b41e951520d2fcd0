// The index readers against ffprobe's packet list, on files ffmpeg makes in every container.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMedia } from '../ffmpeg.js';
import { fileTmpDir } from '../../test-support/tmp.js';
import { readVideoFrames } from './read-frames.js';
import type { VideoFrames } from './video-frames.js';

const SRC = ['-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=25:d=6', '-f', 'lavfi', '-i', 'sine=d=6'];
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p'];

const CASES: { name: string; args: string[]; pipe?: boolean }[] = [
  { name: 'h264_bframes.mp4', args: [...X264, '-c:a', 'aac'] },
  { name: 'h264_faststart.mov', args: [...X264, '-c:a', 'aac', '-movflags', '+faststart'] },
  { name: 'h264_fragmented.mp4', args: [...X264, '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'] },
  { name: 'hevc.mp4', args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-an'] },
  { name: 'mpeg4_mp3.avi', args: ['-c:v', 'mpeg4', '-q:v', '5', '-g', '12', '-c:a', 'libmp3lame'] },
  { name: 'divx_bframes.avi', args: ['-c:v', 'mpeg4', '-bf', '2', '-vtag', 'DX50', '-q:v', '5', '-c:a', 'mp2'] },
  { name: 'mjpeg.avi', args: ['-c:v', 'mjpeg', '-q:v', '5', '-pix_fmt', 'yuvj420p', '-an'] },
  { name: 'h264_aac.mkv', args: [...X264, '-c:a', 'aac'] },
  { name: 'mpeg2.mkv', args: ['-c:v', 'mpeg2video', '-q:v', '4', '-an'] },
  { name: 'vp9_opus.webm', args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k', '-c:a', 'libopus'] },
  // Written to a pipe: the segment's size is unknown, as in a recording cut off live.
  { name: 'live.mkv', args: [...X264, '-an', '-f', 'matroska'], pipe: true },
];

let dir = '';

beforeAll(async () => {
  dir = fileTmpDir('rv-frames-');
  for (const c of CASES) {
    const out = path.join(dir, c.name);
    const r = await runMedia('ffmpeg', ['-v', 'error', '-y', ...SRC, ...c.args, c.pipe ? 'pipe:1' : out], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`${c.name}: ${r.stderr}`);
    if (c.pipe) fs.writeFileSync(out, r.stdout);
  }
}, 120_000);

type Row = [time: string, size: number, key: boolean];

async function ffprobeRows(file: string): Promise<Row[]> {
  const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size,pts_time,dts_time,flags', '-of', 'csv=p=0', file], { timeoutMs: 30_000 });
  return r.stdout.toString().trim().split('\n').map((line) => {
    const [pts, dts, size, flags] = line.split(',');
    // AVI packets carry only a decoding time.
    return [Number(pts !== 'N/A' ? pts : dts).toFixed(3), Number(size), flags!.startsWith('K')] as Row;
  });
}

const rowsOf = (f: VideoFrames): Row[] => f.times.map((t, k) => [t.toFixed(3), f.sizes[k]!, f.keys[k]!]);
const byTime = (a: Row, b: Row): number => Number(a[0]) - Number(b[0]) || a[1] - b[1];

async function framesOf(file: string): Promise<{ frames: VideoFrames; reads: number }> {
  const h = await fsp.open(file);
  try {
    const st = await h.stat();
    const { fileSource } = await import('./byte-source.js');
    const { readFramesFrom } = await import('./read-frames.js');
    const src = fileSource(h, st.size);
    return { frames: await readFramesFrom(src), reads: src.reads };
  } finally {
    await h.close();
  }
}

describe('video frames from the container index', () => {
  it.each(CASES.map((c) => c.name))('%s: same sizes, times and keyframes as ffprobe, in a few reads', async (name) => {
    const file = path.join(dir, name);
    const { frames, reads } = await framesOf(file);
    const want = (await ffprobeRows(file)).filter((r) => r[1] > 0).sort(byTime);
    const got = rowsOf(frames).filter((r) => r[1] > 0).sort(byTime);
    expect(got.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
    expect(frames.width).toBe(160);
    expect(frames.height).toBe(90);
    // Matroska has no size table: one read per cluster window; the others read their index whole.
    expect(reads).toBeLessThanOrEqual(name.endsWith('.mkv') || name.endsWith('.webm') ? 30 : 12);
  });

  it('reads an AVI by its OpenDML super index and ix00 chunk when it has them', async () => {
    // ffmpeg writes OpenDML indexes only past 1 GiB: build them from the small file's idx1, where
    // ffmpeg reserved their space (the JUNK after strf), and hide idx1 so only they can answer.
    const buf = fs.readFileSync(path.join(dir, 'mpeg4_mp3.avi'));
    const idx1At = buf.lastIndexOf('idx1', undefined, 'latin1');
    const n = buf.readUInt32LE(idx1At + 4) / 16;
    const video: { offset: number; size: number; key: boolean }[] = [];
    for (let k = 0; k < n; k++) {
      const e = idx1At + 8 + k * 16;
      if (buf.toString('latin1', e, e + 4) !== '00dc') continue;
      video.push({ offset: buf.readUInt32LE(e + 8), size: buf.readUInt32LE(e + 12), key: (buf.readUInt32LE(e + 4) & 0x10) !== 0 });
    }
    const ix = Buffer.alloc(8 + 24 + video.length * 8);
    ix.write('ix00', 0, 'latin1');
    ix.writeUInt32LE(ix.length - 8, 4);
    ix.writeUInt16LE(2, 8); ix.writeUInt8(0, 10); ix.writeUInt8(1, 11); ix.writeUInt32LE(video.length, 12); ix.write('00dc', 16, 'latin1');
    video.forEach((v, k) => { ix.writeUInt32LE(v.offset, 32 + k * 8); ix.writeUInt32LE((v.size | (v.key ? 0 : 0x80000000)) >>> 0, 36 + k * 8); });
    const junk = buf.indexOf('JUNK', buf.indexOf('strf', 0, 'latin1'), 'latin1');
    buf.write('indx', junk, 'latin1');
    const body = junk + 8;
    buf.writeUInt16LE(4, body); buf.writeUInt8(0, body + 2); buf.writeUInt8(0, body + 3); buf.writeUInt32LE(1, body + 4); buf.write('00dc', body + 8, 'latin1');
    buf.writeBigUInt64LE(BigInt(buf.length), body + 24); buf.writeUInt32LE(ix.length, body + 32); buf.writeUInt32LE(video.length, body + 36);
    buf.write('JUNK', idx1At, 'latin1');
    const odml = path.join(dir, 'opendml.avi');
    fs.writeFileSync(odml, Buffer.concat([buf, ix]));
    const { frames } = await framesOf(odml);
    const { frames: legacy } = await framesOf(path.join(dir, 'mpeg4_mp3.avi'));
    expect(frames.keys.filter((k) => !k).length).toBeGreaterThan(100);
    expect(rowsOf(frames)).toEqual(rowsOf(legacy));
  });

  it('says clearly when a file has no index it can read', async () => {
    const text = path.join(dir, 'text.avi');
    fs.writeFileSync(text, 'not a video at all');
    const h = await fsp.open(text);
    await expect(readVideoFrames(h, 18)).rejects.toThrow(/no frame index/);
    await h.close();
    const cut = path.join(dir, 'cut.mp4');
    fs.writeFileSync(cut, fs.readFileSync(path.join(dir, 'h264_bframes.mp4')).subarray(0, 2000));
    const h2 = await fsp.open(cut);
    await expect(readVideoFrames(h2, 2000)).rejects.toThrow(/no index \(moov\)/);
    await h2.close();
    // A sample table that claims more samples than its box holds.
    const buf = fs.readFileSync(path.join(dir, 'h264_faststart.mov'));
    const stsz = buf.indexOf('stsz', 0, 'latin1');
    buf.writeUInt32BE(0x7fffffff, stsz + 12);
    const damaged = path.join(dir, 'damaged.mov');
    fs.writeFileSync(damaged, buf);
    const h3 = await fsp.open(damaged);
    await expect(readVideoFrames(h3, buf.length)).rejects.toThrow(/MP4 index is damaged/);
    await h3.close();
  });
});
