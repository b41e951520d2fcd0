import { describe, expect, it } from 'vitest';
import { sizeActivity, SIZE_EVENT_LEVEL } from './size-levels.js';
import { stretchesOf } from './stretches.js';
import type { VideoFrames } from './video-frames.js';

/** 25 fps, a keyframe each second; `predicted(second, frame)` gives a predicted frame's size. */
function clip(seconds: number, predicted: (s: number, k: number) => number, opts: { keyEvery?: number; width?: number } = {}): VideoFrames {
  const f: VideoFrames = { container: 'mp4', codec: 'avc1', width: opts.width ?? 320, height: 180, times: [], sizes: [], keys: [] };
  for (let n = 0; n < seconds * 25; n++) {
    const key = n % (opts.keyEvery ?? 25) === 0;
    f.times.push(n / 25);
    f.sizes.push(key ? 5000 : predicted(Math.floor(n / 25), n % 25));
    f.keys.push(key);
  }
  return f;
}

const noisy = (base: number) => (s: number, k: number): number => base + ((s * 7 + k * 13) % 11);

describe('activity from sizes', () => {
  it('levels follow predicted bytes over the median second, keyframes left out', () => {
    const a = sizeActivity(clip(20, (s, k) => (s === 5 ? 500 : s === 6 ? 200 : noisy(100)(s, k))));
    expect(a.blind).toBeNull();
    expect(a.levels[5]).toBe(1); // ≥ 4× the quiet
    expect(a.levels[6]).toBeGreaterThan(0.2);
    expect(a.levels[3]).toBeLessThan(SIZE_EVENT_LEVEL);
    expect(a.events).toEqual([{ from: 5, to: 7, peak: 1 }]);
  });

  it('a camera baseline replaces a busy file\'s own median', () => {
    const busy = clip(10, () => 300, { width: 1280 });
    expect(sizeActivity(busy).events).toEqual([]);
    expect(sizeActivity(busy, 100).events).toEqual([{ from: 0, to: 10, peak: 2 / 3 }]);
  });

  it.each([
    ['every frame a keyframe (MJPEG)', clip(10, () => 0, { keyEvery: 1 }), 'intra-only'],
    ['flat and heavy: the encoder holds the bitrate', clip(10, noisy(1000)), 'constant-bitrate'],
    ['flat but light: a quiet VBR file', clip(10, noisy(80)), null],
    ['heavy but not flat: a busy VBR file', clip(10, (s) => (s % 3 ? 1000 : 3000)), null],
  ])('blind cases: %s', (_, frames, want) => {
    const a = sizeActivity(frames);
    expect(a.blind).toBe(want);
    if (want) expect(a.events).toEqual([]);
  });

  it('leaves null where a second has no frame', () => {
    const f = clip(3, noisy(100));
    const keep = f.times.map((t) => t < 1 || t >= 2);
    const gap = { ...f, times: f.times.filter((_, k) => keep[k]), sizes: f.sizes.filter((_, k) => keep[k]), keys: f.keys.filter((_, k) => keep[k]) };
    expect(sizeActivity(gap).levels[1]).toBeNull();
  });
});

describe('stretches', () => {
  it.each([
    ['merged across a gap under 2 s', [1, 0, 1], [{ from: 0, to: 3, peak: 1 }]],
    ['apart across a gap of 2 s', [1, 0, 0, 0.5], [{ from: 0, to: 1, peak: 1 }, { from: 3, to: 4, peak: 0.5 }]],
    ['nothing below the threshold', [0.1, null, 0.1], []],
  ])('%s', (_, levels, want) => {
    expect(stretchesOf(levels, 0.2)).toEqual(want);
  });
});
