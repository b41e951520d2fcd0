// Matroska cases ffmpeg does not write for video: BlockGroups (a keyframe unless a ReferenceBlock
// follows) and Clusters of unknown size (a live recording cut off), built byte by byte.
import { describe, expect, it } from 'vitest';
import { bufferSource } from './byte-source.js';
import { mkvFrames } from './mkv-frames.js';

/** An element: id bytes, a one-byte size (or unknown), and its body. */
function el(id: number[], ...body: Buffer[]): Buffer {
  const b = Buffer.concat(body);
  return Buffer.concat([Buffer.from(id), Buffer.from([0x80 | b.length]), b]);
}
const big = (id: number[], ...body: Buffer[]): Buffer => {
  const b = Buffer.concat(body);
  return Buffer.concat([Buffer.from(id), Buffer.from([0x40 | (b.length >> 8), b.length & 0xff]), b]);
};
const unknown = (id: number[], ...body: Buffer[]): Buffer => Buffer.concat([Buffer.from(id), Buffer.from([0xff]), ...body]);
const uint = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
/** A block body: track 1, a relative time, flags, then `size` bytes of frame. */
const block = (rel: number, flags: number, size: number, track = 1): Buffer =>
  Buffer.concat([Buffer.from([0x80 | track, (rel >> 8) & 0xff, rel & 0xff, flags]), Buffer.alloc(size)]);

const header = el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], Buffer.from('matroska')));
const info = el([0x15, 0x49, 0xa9, 0x66], el([0x2a, 0xd7, 0xb1], uint(1000))); // µs units
const tracks = el([0x16, 0x54, 0xae, 0x6b], el([0xae],
  el([0xd7], Buffer.from([2])), el([0x83], Buffer.from([2])), el([0x86], Buffer.from('A_AAC'))), el([0xae],
  el([0xd7], Buffer.from([1])), el([0x83], Buffer.from([1])), el([0x86], Buffer.from('V_MPEG4/ISO/AVC')),
  el([0xe0], el([0xb0], uint(640)), el([0xba], uint(360)))));

describe('Matroska frames from block headers', () => {
  it('reads BlockGroups: a ReferenceBlock makes a frame predicted', async () => {
    const cluster = big([0x1f, 0x43, 0xb6, 0x75],
      el([0xe7], uint(2000)),
      big([0xa0], big([0xa1], block(0, 0, 300))),
      big([0xa0], big([0xa1], block(4000, 0, 120)), el([0xfb], Buffer.from([0xf0, 0x60]))));
    const file = Buffer.concat([header, unknown([0x18, 0x53, 0x80, 0x67], info, tracks, cluster)]);
    const f = await mkvFrames(bufferSource(file));
    expect(f).toMatchObject({ codec: 'V_MPEG4/ISO/AVC', width: 640, height: 360, sizes: [300, 120], keys: [true, false] });
    expect(f.times.map((t) => t.toFixed(3))).toEqual(['0.002', '0.006']);
  });

  it('ends a Cluster of unknown size at the next Cluster, and skips other tracks', async () => {
    const c1 = unknown([0x1f, 0x43, 0xb6, 0x75], el([0xe7], uint(0)), el([0xa3], block(0, 0x80, 50)), el([0xa3], block(0, 0x80, 9, 2)));
    const c2 = unknown([0x1f, 0x43, 0xb6, 0x75], el([0xe7], uint(1000)), el([0xa3], block(0, 0, 20)));
    const file = Buffer.concat([header, unknown([0x18, 0x53, 0x80, 0x67], info, tracks, c1, c2)]);
    const f = await mkvFrames(bufferSource(file));
    expect(f.sizes).toEqual([50, 20]);
    expect(f.keys).toEqual([true, false]);
    expect(f.times).toEqual([0, 0.001]);
  });
});
