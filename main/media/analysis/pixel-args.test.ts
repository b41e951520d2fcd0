import { describe, expect, it } from 'vitest';
import { parseShowinfo, pixelPassArgs, samplingOf, showinfoName } from './pixel-args.js';
import { splitByInput } from './pixel-pass.js';
import type { Comparison } from './cell-grid.js';

describe('how the pixel pass decodes', () => {
  it.each([
    ['MPEG-4, 1 s GOP, 1080p', { codec: 'mpeg4', width: 1920, keyframeIntervalSec: 1, intraOnly: false }, { keyframesOnly: true, fps: null, lowres: 3 }],
    ['MPEG-4, 320 wide: lowres keeps 160 columns', { codec: 'mpeg4', width: 320, keyframeIntervalSec: 1, intraOnly: false }, { keyframesOnly: true, fps: null, lowres: 1 }],
    ['H.264, 10 s GOP: 2 pictures a second', { codec: 'h264', width: 1920, keyframeIntervalSec: 10, intraOnly: false }, { keyframesOnly: false, fps: 2, lowres: 0 }],
    ['H.264, GOP unknown', { codec: 'h264', width: 1920, keyframeIntervalSec: null, intraOnly: false }, { keyframesOnly: false, fps: 2, lowres: 0 }],
    ['MJPEG: intra-only, at most 2 a second', { codec: 'mjpeg', width: 1280, keyframeIntervalSec: 0.04, intraOnly: true }, { keyframesOnly: false, fps: 2, lowres: 3 }],
    ['MPEG-2, 0.5 s GOP', { codec: 'mpeg2video', width: 720, keyframeIntervalSec: 0.5, intraOnly: false }, { keyframesOnly: true, fps: null, lowres: 2 }],
  ])('%s', (_, input, want) => {
    expect(samplingOf(input)).toEqual(want);
  });

  it('opens every input the safe way and joins them in one graph', () => {
    const args = pixelPassArgs([
      { url: 'file:/dev/fd/3', codec: 'mpeg4', width: 640, keyframeIntervalSec: 1, intraOnly: false },
      { url: 'file:/dev/fd/4', codec: 'h264', width: 640, keyframeIntervalSec: 10, intraOnly: false },
    ]);
    expect(args.filter((a) => a === '-protocol_whitelist').length).toBe(2);
    expect(args.slice(args.indexOf('file:/dev/fd/3') - 9, args.indexOf('file:/dev/fd/3') - 5)).toEqual(['-skip_frame', 'nokey', '-lowres', '2']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[1:v:0]fps=2,scale=64:36');
    expect(graph).toContain(`${showinfoName(1)}[p1]`);
    expect(graph).toMatch(/\[p0\]\[p1\]concat=n=2:v=1:a=0\[out\]$/);
    expect(args.slice(-5)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  });

  it.each([
    ['[showinfo@in2 @ 0x55d0] n:  12 pts:  24000 pts_time:24      pos: 1 fmt:gray', [2, 24]],
    ['[showinfo@in0 @ 0x1] n:   0 pts:      0 pts_time:0.48    pos: 531', [0, 0.48]],
    ['[showinfo@in0 @ 0x1] config in time_base: 1/25, frame_rate: 25/1', null],
    ['[Parsed_scale_1 @ 0x1] n: 1 pts: 2 pts_time:3', null],
  ])('showinfo line %s', (line, want) => {
    expect(parseShowinfo(line)).toEqual(want);
  });
});

describe('splitting a batch back into files', () => {
  const moved = (changed: number): Comparison => ({ cells: 1n, changed, level: changed / 16, brightness: 0, lighting: false });

  it('drops the comparison across the boundary between two files', () => {
    // File A: pictures at 0, 1, 2; file B: at 0, 1. The 4th comparison is A's last against B's first.
    const [a, b] = splitByInput([[0, 1, 2], [0, 1]], [null, moved(0), moved(16), moved(16), moved(0)]);
    expect(a!.levels).toEqual([0, 0, 1]);
    expect(b!.levels).toEqual([0, 0]);
    expect(b!.events).toEqual([]);
  });
});
