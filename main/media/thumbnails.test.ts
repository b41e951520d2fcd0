import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBRARY_DEMUXERS } from '../library/naming.mjs';
import { fixture } from '../test-support/fixtures.js';
import { imageSize } from '../test-support/image-size.js';
import { fixtureLibrary } from '../test-support/media-library.js';
import { fingerprint, tmpDir } from '../test-support/tmp.js';
import { spawnCounts } from './ffmpeg.js';
import { lowresFor, normalizeSpec, thumbnailArgs } from './thumbnail-args.js';
import { ThumbnailService } from './thumbnails.js';

const size = (file: string) => imageSize(fs.readFileSync(file));
const spawns = () => spawnCounts().ffmpeg;

async function setup(files: Record<string, string>, opts: { capBytes?: number } = {}) {
  const t = await fixtureLibrary(files);
  return { ...t, thumbs: new ThumbnailService(t.lib, t.data, opts) };
}

describe('thumbnail arguments', () => {
  it('clamps sizes to 32–1280 px and defaults the rest', () => {
    expect(normalizeSpec({ width: 0, height: 100000 })).toEqual({ width: 32, height: 1280, time: 1, format: 'jpeg' });
    expect(normalizeSpec({ width: NaN, time: -3, format: 'webp' })).toEqual({ width: 320, height: 180, time: 1, format: 'webp' });
  });

  it.each([
    ['mpeg4', 1920, 320, 2], ['mpeg4', 1920, 1280, 0], ['mjpeg', 4096, 160, 3], ['h264', 1920, 320, 0], [null, null, 320, 0],
  ] as const)('lowres for %s %s px at %s px is %s', (codec, src, w, want) => {
    expect(lowresFor(codec, src, normalizeSpec({ width: w }))).toBe(want);
  });

  it('batches inputs into one command with one output each', () => {
    const spec = normalizeSpec({});
    const args = thumbnailArgs([{ url: 'file:/a.avi', lowres: 2, seek: true }, { url: 'file:/-b.mp4', lowres: 0, seek: false }], spec, ['/o1.jpg', '/o2.jpg']);
    expect(args.join(' ')).toBe([
      '-v error',
      `-skip_frame nokey -threads 1 -lowres 2 -ss 1 -probesize 1M -analyzeduration 1M -protocol_whitelist file,pipe -format_whitelist ${LIBRARY_DEMUXERS} -i file:/a.avi`,
      `-skip_frame nokey -threads 1 -probesize 1M -analyzeduration 1M -protocol_whitelist file,pipe -format_whitelist ${LIBRARY_DEMUXERS} -i file:/-b.mp4`,
      '-map 0:v:0 -an -sn -dn -frames:v 1 -vf scale=w=320:h=180:force_original_aspect_ratio=decrease:flags=bilinear -c:v mjpeg -q:v 4 -f image2 -update 1 -y /o1.jpg',
      '-map 1:v:0 -an -sn -dn -frames:v 1 -vf scale=w=320:h=180:force_original_aspect_ratio=decrease:flags=bilinear -c:v mjpeg -q:v 4 -f image2 -update 1 -y /o2.jpg',
    ].join(' '));
  });
});

describe('ThumbnailService', () => {
  it('makes JPEG and WebP thumbnails of the asked size, keeping the aspect ratio, in the data dir only', async () => {
    const { root, data, byName, thumbs } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/b.avi': 'cam-legacy/xvid.avi' });
    const before = fingerprint(root);
    const jpg = await thumbs.get(byName('a.mp4').id, { width: 160, height: 160 });
    expect(jpg.contentType).toBe('image/jpeg');
    expect(size(jpg.file)).toEqual({ type: 'jpeg', width: 160, height: 120 });
    expect(jpg.file.startsWith(data)).toBe(true);
    const webp = await thumbs.get(byName('b.avi').id, { width: 64, height: 48, format: 'webp' });
    expect(size(webp.file)).toEqual({ type: 'webp', width: 64, height: 48 });
    expect(fingerprint(root)).toEqual(before);
  });

  it('turns a rotated video upright', async () => {
    const { byName, thumbs } = await setup({ 'cam/r.mp4': 'cam-modern/rotated_90.mp4' });
    const { width, height } = size((await thumbs.get(byName('r.mp4').id, { width: 320, height: 320 })).file);
    expect(height).toBeGreaterThan(width);
  });

  it.each([
    ['cam-legacy/short_0.5s.avi', 'shorter than the thumbnail time'],
    ['cam-modern/long_gop.mp4', 'with a keyframe every 10 s'],
    ['broken/truncated.avi', 'truncated'],
    ['cam-legacy/odd_1919x1081.mkv', 'of odd size'],
    ['cam-legacy/wmv2.asf', 'in WMV'],
  ])('finds a picture in %s (%s)', async (from) => {
    const { byName, thumbs } = await setup({ [`cam/${path.basename(from)}`]: from });
    const t = await thumbs.get(byName(path.basename(from)).id);
    expect(size(t.file).width).toBeGreaterThan(0);
  });

  it.each([
    ['broken/garbage.avi', 'the file is damaged or not a video'],
    ['broken/text.avi', 'the file is damaged or not a video'],
    ['cam-modern/audio_only.mp4', 'this file has no picture (audio only)'],
    ['broken/empty.mp4', 'file is empty (0 bytes)'],
  ])('explains why %s has no thumbnail, and remembers it until the file changes', async (from, message) => {
    const name = path.basename(from);
    const { root, lib, byName, thumbs } = await setup({ [`cam/${name}`]: from });
    await expect(thumbs.get(byName(name).id)).rejects.toThrow(message);
    const n = spawns();
    await expect(thumbs.get(byName(name).id)).rejects.toThrow(message);
    expect(spawns() - n).toBe(0);
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(root, `cam/${name}`));
    await lib.scan([root]);
    expect(size((await thumbs.get(byName(name).id)).file)).toEqual({ type: 'jpeg', width: 240, height: 180 });
  });

  it('serves many concurrent requests for one thumbnail from one ffmpeg, then from the cache', async () => {
    const { byName, thumbs } = await setup({ 'cam/a.avi': 'cam-legacy/mpeg4.avi' });
    const n = spawns();
    const files = await Promise.all(Array.from({ length: 8 }, () => thumbs.get(byName('a.avi').id)));
    expect(new Set(files.map((f) => f.file)).size).toBe(1);
    expect(spawns() - n).toBe(1);
    await thumbs.get(byName('a.avi').id);
    expect(spawns() - n).toBe(1);
  });

  it('never starts ffmpeg for a request dropped before its turn', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`cam/f${i}.avi`, 'cam-legacy/mpeg4.avi']));
    const { byName, thumbs } = await setup(files);
    const n = spawns();
    const acs = Array.from({ length: 12 }, () => new AbortController());
    const asks = acs.map((ac, i) => thumbs.get(byName(`f${i}.avi`).id, {}, ac.signal).then(() => 'done', (e: Error) => e.message));
    for (const ac of acs.slice(4)) ac.abort(); // scrolled away at once
    const results = await Promise.all(asks);
    expect(results.slice(4).every((r) => r === 'cancelled')).toBe(true);
    expect(results.slice(0, 2)).toEqual(['done', 'done']);
    expect(spawns() - n).toBeLessThanOrEqual(4);
    // cancel(ids) drops queued ones the same way.
    const m = spawns();
    const more = Array.from({ length: 6 }, (_, i) => thumbs.get(byName(`f${i + 4}.avi`).id, { width: 100 }).then(() => 'done', (e: Error) => e.message));
    await expect.poll(() => thumbs.pending, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(4); // two run, four wait
    thumbs.cancel(Array.from({ length: 6 }, (_, i) => byName(`f${i + 4}.avi`).id).slice(2));
    const r2 = await Promise.all(more);
    // Every request either ran (one ffmpeg) or was dropped (none); most were still queued.
    const dropped = r2.filter((r) => r === 'cancelled').length;
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect(dropped + (spawns() - m)).toBe(6);
  });

  it('fills the library in the background in batches, and a bad file does not fail its neighbours', async () => {
    const files: Record<string, string> = { 'cam/bad.avi': 'broken/garbage.avi', 'cam/audio.mp4': 'cam-modern/audio_only.mp4' };
    for (let i = 0; i < 6; i++) files[`cam/g${i}.avi`] = i % 2 ? 'cam-legacy/mpeg4.avi' : 'cam-modern/h264_aac.mp4';
    const { byName, thumbs } = await setup(files);
    const n = spawns();
    thumbs.fillBackground();
    await thumbs.whenIdle();
    for (let i = 0; i < 6; i++) expect(size((await thumbs.get(byName(`g${i}.avi`).id)).file)).toEqual({ type: 'jpeg', width: 240, height: 180 });
    await expect(thumbs.get(byName('bad.avi').id)).rejects.toThrow('damaged');
    await expect(thumbs.get(byName('audio.mp4').id)).rejects.toThrow('audio only');
    // A batch of 8 fails on the garbage file, one of 7 on the audio-only file, a batch of 6
    // runs; those two go alone, and the three one-keyframe clips go alone to the first frame.
    expect(spawns() - n).toBe(3 + 2 + 3);
  });

  it('makes a new thumbnail when the file changes, and says so when it vanished', async () => {
    const { root, lib, byName, thumbs } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const first = await thumbs.get(byName('a.mp4').id);
    fs.rmSync(path.join(root, 'cam/a.mp4'));
    await expect(thumbs.get(byName('a.mp4').id, { width: 100 })).rejects.toThrow('file no longer exists');
    fs.copyFileSync(fixture('cam-legacy/mpeg4.avi'), path.join(root, 'cam/a.mp4'));
    await lib.scan([root]);
    const second = await thumbs.get(byName('a.mp4').id);
    expect(second.file).not.toBe(first.file);
  });

  it('keeps working when its cache folder is deleted underneath it', async () => {
    const { byName, thumbs } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4', 'cam/b.mp4': 'cam-modern/h264_noaudio.mp4' });
    await thumbs.get(byName('a.mp4').id);
    fs.rmSync(thumbs.cache.dir, { recursive: true });
    expect(size((await thumbs.get(byName('b.mp4').id)).file)).toEqual({ type: 'jpeg', width: 240, height: 180 });
    expect(size((await thumbs.get(byName('a.mp4').id)).file)).toEqual({ type: 'jpeg', width: 240, height: 180 });
  });

  it('stays under its cap by removing the least recently used first', async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`cam/f${i}.mp4`, 'cam-modern/h264_aac.mp4']));
    const { byName, thumbs } = await setup(files, { capBytes: 40_000 });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await thumbs.get(byName(`f${i}.mp4`).id, { width: 640, height: 480 })).file);
    await thumbs.cache.collect();
    expect(thumbs.cache.bytes).toBeLessThanOrEqual(40_000);
    expect(fs.existsSync(made[4]!)).toBe(true);
    expect(fs.existsSync(made[0]!)).toBe(false);
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
    const d = tmpDir();
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d]).status === 0;
    if (ok) spawnSync('umount', [d]);
    return ok;
  })();
  it.skipIf(!canMount)('reports a full disk in words and leaves no partial file', async () => {
    const { byName, lib } = await setup({ 'cam/a.mp4': 'cam-modern/hd_1280x720_25.mp4' });
    const small = tmpDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', small]);
    try {
      const thumbs = new ThumbnailService(lib, small);
      fs.writeFileSync(path.join(small, 'filler'), Buffer.alloc(12 * 1024));
      await expect(thumbs.get(byName('a.mp4').id, { width: 1280, height: 720 })).rejects.toThrow(/disk is full/);
      const left = execFileSync('find', [small, '-name', '*.tmp']).toString();
      expect(left).toBe('');
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
