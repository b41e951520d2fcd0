import { describe, expect, it } from 'vitest';
import { parseRange } from './range.js';

const none = { kind: 'none' };
const unsat = { kind: 'unsatisfiable' };
const one = (start: number, end: number) => ({ kind: 'single', start, end });

describe('parseRange (RFC 9110 §14), on a 10,000-byte body', () => {
  it.each([
    // §14.1.2 examples
    ['bytes=0-499', one(0, 499)],
    ['bytes=500-999', one(500, 999)],
    ['bytes=-500', one(9500, 9999)],
    ['bytes=9500-', one(9500, 9999)],
    ['bytes=0-0,-1', { kind: 'multiple' }],
    ['bytes= 0-999, 4500-5499, -1000', { kind: 'multiple' }],
    ['bytes=500-600,601-999', { kind: 'multiple' }],
    // open-ended, clamped, case, whitespace, empty list elements
    ['bytes=0-', one(0, 9999)],
    ['bytes=0-99999999', one(0, 9999)],
    ['bytes=0-999999999999999999999999999', one(0, 9999)],
    ['BYTES=1-2', one(1, 2)],
    ['bytes=1-2,', one(1, 2)],
    ['bytes=,1-2', one(1, 2)],
    ['bytes=-20000', one(0, 9999)],
    ['bytes=9999-9999', one(9999, 9999)],
    // one satisfiable among unsatisfiable ones
    ['bytes=20000-30000,5-6', one(5, 6)],
    // unsatisfiable
    ['bytes=10000-', unsat],
    ['bytes=10000-20000', unsat],
    ['bytes=99999999999999999999999-', unsat],
    ['bytes=-0', unsat],
    // ignored: garbage, invalid specs, other units
    ['bytes=abc', none],
    ['bytes=5-1', none],
    ['bytes=1-2-3', none],
    ['bytes=-', none],
    ['bytes=', none],
    ['bytes=1 - 2', none],
    ['bytes=-5-', none],
    ['bytes=0x10-20', none],
    ['bytes=+1-2', none],
    ['items=0-5', none],
    ['0-5', none],
    ['', none],
  ])('%j', (header, want) => {
    expect(parseRange(header, 10_000)).toEqual(want);
  });

  it('treats every range of an empty body as unsatisfiable', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(unsat);
    expect(parseRange('bytes=-5', 0)).toEqual(unsat);
    expect(parseRange(null, 0)).toEqual(none);
  });
});
