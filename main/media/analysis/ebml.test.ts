import { describe, expect, it } from 'vitest';
import { elements, readElementHeader, readId, readSize, vintLength } from './ebml.js';
import { parseBlockHeader } from './mkv-frames.js';

describe('EBML', () => {
  it.each([[0x80, 1], [0x40, 2], [0x1a, 4], [0x01, 8], [0x00, 0]])('vint starting %i is %i bytes', (b, n) => {
    expect(vintLength(b)).toBe(n);
  });

  it.each([
    ['one byte', [0x81], 1],
    ['two bytes', [0x40, 0x02], 2],
    ['unknown (all ones)', [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], -1],
    ['unknown in one byte', [0xff], -1],
    ['eight bytes', [0x01, 0, 0, 1, 0, 0, 0, 0], 2 ** 32],
  ])('size: %s', (_, bytes, want) => {
    expect(readSize(Buffer.from(bytes), 0)?.value).toBe(want);
  });

  it('keeps the marker bits of an id', () => {
    expect(readId(Buffer.from([0x1f, 0x43, 0xb6, 0x75]), 0)).toEqual({ value: 0x1f43b675, length: 4 });
    expect(readElementHeader(Buffer.from([0xa3, 0x84]), 0)).toEqual({ id: 0xa3, size: 4, header: 2 });
    expect(readId(Buffer.from([0x1f, 0x43]), 0)).toBeNull(); // cut off
  });

  it('walks children in memory', () => {
    const body = Buffer.from([0xd7, 0x81, 0x01, 0x83, 0x81, 0x02]);
    expect([...elements(body)].map(([id, b]) => [id, b[0]])).toEqual([[0xd7, 1], [0x83, 2]]);
  });

  it.each([
    ['a keyframe of track 1', [0x81, 0x00, 0x28, 0x80], 1000, { track: 1, relative: 40, size: 996, key: true }],
    ['a predicted frame at a negative time', [0x82, 0xff, 0xf6, 0x00], 50, { track: 2, relative: -10, size: 46, key: false }],
  ])('block header: %s', (_, bytes, size, want) => {
    expect(parseBlockHeader(Buffer.from(bytes), size)).toEqual(want);
  });
});
