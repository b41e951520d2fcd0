// Clips on real files: every timeline fixture cut exactly (within a frame) and fast (from the
// keyframe at or before the in point, covering the interval), with their audio; and recordings
// joined into one clip both ways.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMELINE_FIXTURES, TIMELINE_GOP_SECONDS } from '../test-support/fixture-cases.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { clipArgs, clipContainer, concatScript, exactByDefault, joinable, type ClipPart } from './clip-args.js';
import { openContained } from './contained-file.js';
import { runMedia } from './ffmpeg.js';
import { keyframeAtOrBefore } from './keyframes.js';
import { probeFile } from './probe.js';

async function run(args: string[]): Promise<void> {
  const r = await runMedia('ffmpeg', args, { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/** Video and audio: the first frame's time and how long each stream lasts. */
async function streams(file: string) {
  const r = await runMedia('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,start_time,duration:format=duration', '-of', 'json', file], { timeoutMs: 20_000 });
  const j = JSON.parse(r.stdout.toString()) as { streams: Array<{ codec_type: string; start_time?: string; duration?: string }>; format: { duration: string } };
  const v = j.streams.find((s) => s.codec_type === 'video');
  const a = j.streams.find((s) => s.codec_type === 'audio');
  const of = (s: typeof v) => s && { start: Number(s.start_time ?? 0), dur: Number(s.duration ?? j.format.duration) };
  return { duration: Number(j.format.duration), v: of(v), a: of(a) };
}

const part = async (file: string, from: number, to: number): Promise<ClipPart> => ({ url: `file:${file}`, probe: await probeFile(file), from, to });

describe('clips of every codec', () => {
  it.each(TIMELINE_FIXTURES.map((c) => [c.file, c] as const))('%s: exact within a frame, fast from the keyframe before, with audio', async (file, c) => {
    const src = fixture(file);
    const frame = 1 / c.video!.rate;
    const p = await part(src, 2.5, 5.5);
    const dir = tmpDir();
    // Exact: 3 s, within a frame, starting at 0, audio beside it.
    const exact = path.join(dir, 'exact.mp4');
    await run(clipArgs({ parts: [p], exact: true, container: 'mp4', out: exact }));
    const e = await streams(exact);
    expect(Math.abs(e.v!.dur - 3)).toBeLessThanOrEqual(frame + 1e-3);
    expect(e.v!.start).toBeLessThanOrEqual(frame);
    if (p.probe.audio.length) {
      expect(e.a).toBeDefined();
      expect(Math.abs(e.a!.start - e.v!.start)).toBeLessThan(0.1);
      expect(Math.abs(e.a!.dur - 3)).toBeLessThan(0.1);
    }
    // Fast: from the keyframe at or before 2.5 s (at most one GOP early), through 5.5 s.
    const opened = await openContained(path.dirname(src), src);
    const k = await keyframeAtOrBefore(opened, p.probe, 2.5).finally(() => opened.close());
    expect(k).toBeLessThanOrEqual(2.5);
    expect(k).toBeGreaterThanOrEqual(2.5 - TIMELINE_GOP_SECONDS - frame);
    const container = clipContainer(p.probe, false);
    const fast = path.join(dir, `fast.${container}`);
    await run(clipArgs({ parts: [{ ...p, keyframe: k }], exact: false, container, out: fast }));
    const f = await streams(fast);
    expect(f.v!.dur).toBeGreaterThanOrEqual(5.5 - k - 2 * frame);
    expect(f.v!.dur).toBeLessThanOrEqual(5.5 - k + TIMELINE_GOP_SECONDS);
    expect(f.v!.start).toBeLessThan(0.15); // the keyframe first (B-frames delay its display by a few frames)
    if (p.probe.audio.length) expect(f.a).toBeDefined();
  }, 60_000);

  it('chooses MKV for codecs MP4 cannot hold when copying, and exact for legacy codecs', async () => {
    const wmv = await probeFile(fixture('timeline/wmv2.wmv'));
    const h264 = await probeFile(fixture('timeline/h264_aac.mkv'));
    expect(clipContainer(wmv, false)).toBe('mkv');
    expect(clipContainer(wmv, true)).toBe('mp4');
    expect(clipContainer(h264, false)).toBe('mp4');
    expect(exactByDefault(wmv)).toBe(true);
    expect(exactByDefault(h264)).toBe(false);
    expect(joinable([h264, h264])).toBe(true);
    expect(joinable([h264, wmv])).toBe(false);
  });

  it('joins two recordings into one clip, converted and copied', async () => {
    const src = fixture('timeline/h264_aac.mkv');
    const parts = [await part(src, 6, 8), await part(src, 0, 3)];
    const dir = tmpDir();
    const exact = path.join(dir, 'joined.mp4');
    await run(clipArgs({ parts, exact: true, container: 'mp4', out: exact }));
    expect((await streams(exact)).v!.dur).toBeCloseTo(5, 0);
    const script = path.join(dir, 'clip.ffconcat');
    fs.writeFileSync(script, concatScript(parts));
    const fast = path.join(dir, 'joined-fast.mp4');
    await run(clipArgs({ parts, exact: false, container: 'mp4', out: fast, concatScript: script }));
    const f = await streams(fast);
    expect(f.v!.dur).toBeGreaterThanOrEqual(4.9);
    expect(f.v!.dur).toBeLessThanOrEqual(5 + TIMELINE_GOP_SECONDS);
  }, 60_000);
});

describe('only the zoomed area', () => {
  it('an exact clip cropped to the part of the picture the player showed, in even pixels, within a frame', async () => {
    const src = fixture('cam-legacy/vga_10s.avi');
    const p = await part(src, 1, 3);
    const out = path.join(tmpDir(), 'zoomed.mp4');
    // The right half's lower third, 2.4× or so: 640×480 → 266×160.
    await run(clipArgs({ parts: [p], exact: true, container: 'mp4', out, crop: { x: 0.5, y: 0.6, w: 0.416, h: 0.334 } }));
    const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,duration', '-of', 'json', out], { timeoutMs: 20_000 });
    const s = (JSON.parse(r.stdout.toString()) as { streams: Array<{ width: number; height: number; duration: string }> }).streams[0]!;
    expect([s.width, s.height]).toEqual([266, 160]);
    expect(Math.abs(Number(s.duration) - 2)).toBeLessThanOrEqual(1 / (p.probe.video?.fps || 25) + 1e-3);
  }, 60_000);
});
