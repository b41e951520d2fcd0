import { describe, expect, it } from 'vitest';
import { parseCtts, parseElstMediaTime, parseStss, parseStsz, parseStts, parseStz2, parseTfdt, parseTfhd, parseTrun } from './mp4-tables.js';

/** A box body from 32-bit words (version and flags first). */
const words = (...w: number[]): Buffer => {
  const b = Buffer.alloc(w.length * 4);
  w.forEach((v, k) => (v < 0 ? b.writeInt32BE(v, k * 4) : b.writeUInt32BE(v, k * 4)));
  return b;
};

describe('MP4 sample tables', () => {
  it.each([
    ['stts runs', () => parseStts(words(0, 2, 3, 512, 1, 1024)), [512, 512, 512, 1024]],
    ['ctts with a negative offset', () => parseCtts(words(0x01000000, 2, 1, 1024, 2, -512)), [1024, -512, -512]],
    ['stsz per sample', () => parseStsz(words(0, 0, 3, 100, 20, 30)), [100, 20, 30]],
    ['stsz one size for all', () => parseStsz(words(0, 7, 3)), [7, 7, 7]],
    ['stz2 of 16 bits', () => parseStz2(Buffer.concat([words(0, 16, 2), Buffer.from([1, 0, 0, 9])])), [256, 9]],
    ['stz2 of 4 bits', () => parseStz2(Buffer.concat([words(0, 4, 3), Buffer.from([0x12, 0x30])])), [1, 2, 3]],
  ])('%s', (_, parse, want) => {
    expect(parse()).toEqual(want);
  });

  it('a table that claims more than it holds is damaged, not a reason to allocate gigabytes', () => {
    expect(() => parseStsz(words(0, 0, 1000, 5))).toThrow(RangeError);
    expect(() => parseStsz(words(0, 9, 2 ** 31))).toThrow(RangeError);
    expect(parseStts(words(0, 1, 4_000_000_000, 512), 3)).toEqual([512, 512, 512]);
    expect(parseCtts(words(0, 1, 4_000_000_000, 7), 2)).toEqual([7, 7]);
  });

  it('stss lists sync samples by number', () => {
    expect([...parseStss(words(0, 2, 1, 31))]).toEqual([1, 31]);
  });

  it.each([
    ['no empty edit', words(0, 1, 9000, 1024, 0x10000), 1024],
    ['an empty edit first', words(0, 2, 500, -1, 0x10000, 9000, 2048, 0x10000), 2048],
  ])('elst media time: %s', (_, body, want) => {
    expect(parseElstMediaTime(body)).toBe(want);
  });
});

describe('MP4 fragments', () => {
  const defaults = { duration: 512, size: 0, flags: 0x01010000 };

  it('tfhd overrides the track defaults it names, and keeps its own track id', () => {
    // flags 0x28: default duration absent (0x08 not set) … here 0x18: duration and size.
    expect(parseTfhd(words(0x000018, 2, 1000, 77), defaults)).toEqual({ trackId: 2, duration: 1000, size: 77, flags: 0x01010000 });
  });

  it('trun: the first sample flags make a keyframe, the defaults make the rest predicted', () => {
    const body = words(0x000a05, 3, 0 /* data offset */, 0x02000000 /* first flags */, 900, 0, 300, 1024, 200, -512);
    expect(parseTrun(body, defaults)).toEqual([
      { duration: 512, size: 900, sync: true, cto: 0 },
      { duration: 512, size: 300, sync: false, cto: 1024 },
      { duration: 512, size: 200, sync: false, cto: -512 },
    ]);
  });

  it('tfdt in version 0 and 1', () => {
    expect(parseTfdt(words(0, 90000))).toBe(90000);
    expect(parseTfdt(words(0x01000000, 1, 0))).toBe(2 ** 32);
  });
});
