import { describe, expect, it } from 'vitest';
import { FragmentCounter } from './mp4-boxes.js';

function box(type: string, payload: number, large = false): Uint8Array {
  const head = large ? 16 : 8;
  const b = new Uint8Array(head + payload);
  const dv = new DataView(b.buffer);
  if (large) {
    dv.setUint32(0, 1);
    dv.setBigUint64(8, BigInt(head + payload));
  } else dv.setUint32(0, head + payload);
  b.set([...type].map((c) => c.charCodeAt(0)), 4);
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe('FragmentCounter', () => {
  const stream = concat([box('ftyp', 16), box('moov', 100), box('moof', 40), box('mdat', 500), box('moof', 40), box('mdat', 3, true), box('moof', 40), box('mdat', 0)]);
  const ends = [8 + 16 + 108 + 48 + 508, 8 + 16 + 108 + 48 + 508 + 48 + 19, stream.length];

  it.each([1, 3, 7, 64, stream.length])('finds where each fragment ends, fed %i bytes at a time', (n) => {
    const c = new FragmentCounter();
    const found: number[] = [];
    for (let at = 0; at < stream.length; at += n) found.push(...c.push(stream.subarray(at, at + n)));
    expect(found).toEqual(ends);
  });

  it('refuses a box smaller than its own header', () => {
    const bad = box('mdat', 0);
    new DataView(bad.buffer).setUint32(0, 4);
    expect(() => new FragmentCounter().push(bad)).toThrow(/malformed/);
  });
});
