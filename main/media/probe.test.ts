import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { runMedia, runningProcesses, stopAll } from './ffmpeg.js';
import { parseProbe, probeArgs, probeFile, ProbeError, summarize } from './probe.js';

describe('probeFile on generated fixtures', () => {
  it('reads an H.264 + AAC MP4', async () => {
    const p = await probeFile(fixture('cam-modern/h264_aac.mp4'));
    expect(p.container).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(p.durationSec).toBeCloseTo(2, 1);
    expect(p.bitRate).toBeGreaterThan(0);
    expect(p.video).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', bitDepth: 8, width: 320, height: 240, fps: 25, rotation: 0, fieldOrder: 'progressive' });
    expect(p.audio).toEqual([{ index: 1, codec: 'aac', channels: 1, sampleRate: 48000, language: null }]);
  });

  it('estimates the keyframe interval of a long-GOP file', async () => {
    const p = await probeFile(fixture('cam-modern/long_gop.mp4'));
    expect(p.video!.keyframeIntervalSec).toBeCloseTo(10, 0);
    const short = await probeFile(fixture('cam-modern/h264_noaudio.mp4'));
    expect(short.audio).toEqual([]);
  });

  it('honours an MPEG-TS start time, 10-bit depth, interlacing, rotation and FourCC tags', async () => {
    expect((await probeFile(fixture('cam-modern/start_offset.ts'))).startTime).toBeCloseTo(1.4, 1);
    expect((await probeFile(fixture('cam-modern/h264_10bit.mkv'))).video).toMatchObject({ bitDepth: 10, profile: 'High 10' });
    expect((await probeFile(fixture('cam-legacy/interlaced_720x576.mpg'))).video).toMatchObject({ codec: 'mpeg2video', fieldOrder: 'tt', width: 720, height: 576 });
    const rotated = await probeFile(fixture('cam-modern/rotated_90.mp4'));
    expect([90, 270]).toContain(rotated.video!.rotation);
    expect(summarize(rotated)).toMatchObject({ width: 240, height: 320 });
    expect((await probeFile(fixture('cam-legacy/xvid.avi'))).video).toMatchObject({ codec: 'mpeg4', codecTag: 'XVID' });
  });

  it('reads an audio-only file and odd dimensions', async () => {
    const a = await probeFile(fixture('cam-modern/audio_only.mp4'));
    expect(a.video).toBeNull();
    expect(a.audio[0]!.codec).toBe('aac');
    expect((await probeFile(fixture('cam-legacy/odd_1919x1081.mkv'))).video).toMatchObject({ width: 1919, height: 1081 });
  });

  it.each([
    ['broken/empty.mp4', 'file is empty (0 bytes)'],
    ['broken/garbage.avi', /^not a playable video: .*Invalid data found/],
    ['broken/text.avi', /^not a playable video: .*Invalid data found/],
  ])('explains why %s cannot be probed', async (file, message) => {
    await expect(probeFile(fixture(file))).rejects.toThrow(message);
  });

  it('reads what there is of a truncated file', async () => {
    const p = await probeFile(fixture('broken/truncated.avi'));
    expect(p.video?.codec).toBe('mpeg4');
  });

  it('says a file vanished', async () => {
    await expect(probeFile(path.join(tmpDir(), 'gone.mp4'))).rejects.toThrow('file no longer exists');
  });

  it('refuses a FIFO under a video name at once, without hanging on it', async () => {
    const fifo = path.join(tmpDir(), 'planted.mp4');
    execFileSync('mkfifo', [fifo]);
    await expect(probeFile(fifo)).rejects.toMatchObject({ kind: 'refused', message: 'not a regular file' });
  });

  it('kills ffprobe when it hangs past the timeout', async () => {
    // A FIFO never delivers data: ffprobe blocks reading it, like a hung network mount.
    const dir = tmpDir();
    const fifo = path.join(dir, 'stuck.mp4');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await expect(probeFileWithSize(fifo, 300)).rejects.toThrow(/did not answer within/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(runningProcesses().size).toBe(0);
  });
});

describe('an interrupted probe', () => {
  it('says ffprobe was stopped, as its own kind of failure (not the file\'s fault)', async () => {
    const p = probeFile(fixture('cam-legacy/vga_10s.avi'));
    await expect.poll(() => runningProcesses().size, { timeout: 10_000, interval: 1 }).toBeGreaterThan(0);
    await stopAll(); // as at shutdown, or the OOM killer
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as ProbeError).kind).toBe('interrupted');
    expect((err as Error).message).toMatch(/ffprobe was stopped \(SIG(TERM|KILL)\)/);
  });
});

/** probeFile refuses 0-byte files before running ffprobe, and a FIFO reads as 0 bytes: run the same command directly. */
async function probeFileWithSize(file: string, timeoutMs: number) {
  const r = await runMedia('ffprobe', probeArgs(`file:${file}`), { timeoutMs });
  if (r.timedOut) throw new Error(`ffprobe did not answer within ${timeoutMs} ms`);
  return r;
}

describe('parseProbe', () => {
  it('ignores cover art, reads rotate tags and side data, and tolerates N/A', () => {
    const p = parseProbe({
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', start_time: 'N/A', duration: 'N/A' },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
        { index: 1, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, pix_fmt: 'yuv420p10le', avg_frame_rate: '30000/1001', side_data_list: [{ rotation: -90 }] },
        { index: 2, codec_type: 'audio', codec_name: 'pcm_mulaw', channels: 1, sample_rate: '8000', tags: { language: 'eng' } },
      ],
    });
    expect(p.startTime).toBe(0);
    expect(p.durationSec).toBeNull();
    expect(p.video).toMatchObject({ index: 1, bitDepth: 10, fps: 29.97, rotation: 90 });
    expect(p.audio).toEqual([{ index: 2, codec: 'pcm_mulaw', channels: 1, sampleRate: 8000, language: 'eng' }]);
    expect(parseProbe({ streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 2, height: 2, tags: { rotate: '180' } }] }).video!.rotation).toBe(180);
  });
});
