import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MediaProbe } from '../../contract/api.js';
import { FrameReader, type StreamFrame } from '../../contract/frame-stream.js';
import { fileTmpDir, tmpDir } from '../test-support/tmp.js';
import { FastStreams, validSpeed } from './fast-stream.js';
import { fastStreamArgs, lowresFor, picking, pictureHeight } from './fast-stream-args.js';
import { JpegSplitter, ShowinfoTimes } from './jpeg-frames.js';
import { probeFile } from './probe.js';
import { SessionManager } from './sessions.js';

const probeOf = (over: Partial<NonNullable<MediaProbe['video']>> = {}): MediaProbe => ({
  container: 'avi', startTime: 0, durationSec: 60, bitRate: null, audio: [],
  video: { index: 0, codec: 'mpeg4', profile: null, codecTag: null, pixFmt: 'yuv420p', bitDepth: 8, width: 1920, height: 1080, fps: 25, rotation: 0, fieldOrder: null, keyframeIntervalSec: 2, ...over },
});

describe('fast stream choices', () => {
  it.each([
    // speed, keyframe interval, keyframes only, spacing (s of the file between pictures)
    [64, 2, true, 1.6],
    [32, 2, true, 0.8],
    [16, 2, false, 0.8],
    [8, 2, false, 0.4],
    [4, 2, false, 0.2],
    [16, 1, true, 0.4],
    [-1, 2, false, 0],
    [-2, 2, false, 0.08],
    [-8, 2, false, 0.32],
  ])('at %s× with a %s s GOP: keyframes only %s, spacing %s s', (speed, kfi, keyOnly, spacing) => {
    const p = picking(speed, probeOf({ keyframeIntervalSec: kfi }));
    expect(p.keyOnly).toBe(keyOnly);
    expect(p.spacingSec).toBeCloseTo(spacing, 5);
  });

  it('takes every frame at −1× whatever the frame rate', () => {
    expect(picking(-1, probeOf({ fps: 60 })).spacingSec).toBe(0);
  });

  it('sizes pictures for the view, decodes legacy codecs at a fraction where that is enough', () => {
    expect(pictureHeight(probeOf(), 360)).toBe(360);
    expect(pictureHeight(probeOf({ height: 240 }), 720)).toBe(240);
    expect(pictureHeight(probeOf(), 5000)).toBe(1080);
    expect(lowresFor(probeOf(), 270)).toBe(2);
    expect(lowresFor(probeOf(), 540)).toBe(1);
    expect(lowresFor(probeOf({ codec: 'h264' }), 270)).toBe(0);
  });

  it('keeps the file\'s timestamps and seeks to the keyframe before the start', () => {
    const a = fastStreamArgs({ input: 'file:/dev/fd/3', probe: { ...probeOf(), startTime: 1.4 }, from: 30, to: 31, pick: { keyOnly: true, spacingSec: 0.8 }, height: 360 }).join(' ');
    expect(a).toContain('-skip_frame nokey');
    expect(a).toContain('-copyts -noaccurate_seek -ss 30.000');
    expect(a).toContain('trim=start=31.4000:end=32.4000');
    expect(a).toContain('showinfo');
    expect(a).toContain('-f image2pipe pipe:1');
  });

  it.each([[0, false], [-9, false], [65, false], [Number.NaN, false], [-8, true], [64, true], [0.125, true]])('speed %s is served: %s', (s, ok) => {
    expect(validSpeed(s)).toBe(ok);
  });
});

describe('jpeg pictures and their times', () => {
  it('splits JPEGs arriving in any chunking, and reads showinfo times', () => {
    const dir = tmpDir();
    const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=5:duration=1', '-c:v', 'mjpeg', '-f', 'image2pipe', 'pipe:1'], { cwd: dir });
    const all = r.stdout;
    for (const size of [1, 7, 100, all.length]) {
      const s = new JpegSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < all.length; i += size) out.push(...s.push(all.subarray(i, i + size)));
      expect(out.length).toBe(5);
      expect(Buffer.concat(out).equals(all)).toBe(true);
    }
    const t = new ShowinfoTimes();
    expect(t.push('[Parsed_showinfo_3 @ 0x1] n:   0 pts:    150 pts_time:6       pos: 1 fmt:yuvj420p\n[Parsed_showinfo_3 @ 0x1] n:   1 pts:')).toEqual([6]);
    expect(t.push('    151 pts_time:6.04    pos:\n[Parsed_showinfo_3 @ 0x1] config in time_base: 1/25\n')).toEqual([6.04]);
  });
});

describe('fast streams on a real file', () => {
  // 12 s of MPEG-4 Part 2 in AVI, 25 fps, a keyframe every 50 frames (2 s): a legacy camera file.
  const file = path.join(fileTmpDir(), 'cam.avi');
  const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=12', '-c:v', 'mpeg4', '-g', '50', '-q:v', '5', file]);
  if (made.status !== 0) throw new Error(made.stderr.toString());

  async function frames(speed: number, start: number, max = Infinity): Promise<StreamFrame[]> {
    const probe = await probeFile(file);
    const fast = new FastStreams(new SessionManager());
    const ac = new AbortController();
    const s = await fast.open({ root: path.dirname(file), file, probe, start, speed, height: 120, viewer: 'v', local: true, signal: ac.signal });
    const reader = new FrameReader();
    const out: StreamFrame[] = [];
    for await (const chunk of s.body) {
      out.push(...reader.push(chunk as Buffer));
      if (out.length >= max) { ac.abort(); s.body.destroy(); break; }
    }
    return out.slice(0, max);
  }

  it('at 32× sends keyframes from the start on the file\'s timeline', async () => {
    const f = await frames(32, 3);
    expect(f.map((x) => x.time)).toEqual([4, 6, 8, 10]);
    expect(f[0]!.jpeg[0]).toBe(0xff);
  });

  it('at 4× picks decoded frames at the right spacing', async () => {
    const f = await frames(4, 1);
    expect(f[0]!.time).toBeCloseTo(1, 5);
    expect(f[1]!.time - f[0]!.time).toBeCloseTo(0.2, 5);
    expect(f.length).toBeGreaterThan(50);
  });

  it('at −1× sends every frame back from the position, across GOPs, newest first', async () => {
    const f = await frames(-1, 5, 80);
    const times = f.map((x) => Math.round(x.time * 25));
    // 5.00 s is frame 125: then 124, 123… through the keyframes at 4 s and 2 s.
    expect(times).toEqual(Array.from({ length: 80 }, (_, k) => 125 - k));
  });

  it('at −2× picks every other frame going back, to the file\'s start', async () => {
    const f = await frames(-2, 2);
    expect(f[0]!.time).toBeCloseTo(2, 5);
    expect(f.at(-1)!.time).toBeLessThan(0.1);
    for (let k = 1; k < f.length; k++) expect(f[k - 1]!.time - f[k]!.time).toBeGreaterThan(0.07);
  });
});
