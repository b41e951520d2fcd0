import { describe, expect, it } from 'vitest';
import { parseIdx1, parseStandardIndex, parseSuperIndex, streamOfChunkId } from './avi-index.js';

function idx1(entries: [string, number, number][]): Buffer {
  const b = Buffer.alloc(entries.length * 16);
  entries.forEach(([id, flags, size], k) => {
    b.write(id, k * 16, 'latin1');
    b.writeUInt32LE(flags, k * 16 + 4);
    b.writeUInt32LE(k * 100, k * 16 + 8);
    b.writeUInt32LE(size, k * 16 + 12);
  });
  return b;
}

function stdIndex(entries: [number, number][], type = 1): Buffer {
  const b = Buffer.alloc(24 + entries.length * 8);
  b.writeUInt16LE(2, 0); b.writeUInt8(type, 3); b.writeUInt32LE(entries.length, 4); b.write('00dc', 8, 'latin1');
  entries.forEach(([off, size], k) => { b.writeUInt32LE(off, 24 + k * 8); b.writeUInt32LE(size >>> 0, 28 + k * 8); });
  return b;
}

describe('AVI indexes', () => {
  it('idx1: only the video chunks of the stream asked for, with their keyframe flags', () => {
    const body = idx1([['00dc', 0x10, 5000], ['01wb', 0x10, 400], ['00dc', 0, 300], ['00db', 0, 0], ['00pc', 0, 20], ['01dc', 0x10, 9]]);
    expect(parseIdx1(body, 0)).toEqual({ sizes: [5000, 300, 0], keys: [true, false, false] });
    expect(parseIdx1(body, 1)).toEqual({ sizes: [9], keys: [true] });
  });

  it('a standard index marks a predicted frame with bit 31 of its size', () => {
    expect(parseStandardIndex(stdIndex([[8, 4000], [4008, 0x80000000 | 250]]))).toEqual({ sizes: [4000, 250], keys: [true, false] });
    expect(parseStandardIndex(stdIndex([[8, 1]], 0))).toEqual({ sizes: [], keys: [] }); // an index of indexes is not one of chunks
  });

  it('a super index lists where its standard indexes are', () => {
    const b = Buffer.alloc(24 + 32);
    b.writeUInt16LE(4, 0); b.writeUInt8(0, 3); b.writeUInt32LE(2, 4);
    b.writeBigUInt64LE(123456789012n, 24); b.writeUInt32LE(4096, 32);
    b.writeBigUInt64LE(5n, 40); b.writeUInt32LE(64, 48);
    expect(parseSuperIndex(b)).toEqual([{ offset: 123456789012, size: 4096 }, { offset: 5, size: 64 }]);
    expect(parseSuperIndex(stdIndex([[8, 1]]))).toBeNull();
  });

  it.each([['00dc', 0], ['12wb', 12], ['ix00', -1], ['rec ', -1]])('stream of %s is %d', (id, n) => {
    expect(streamOfChunkId(id)).toBe(n);
  });
});
