import { describe, expect, it } from 'vitest';
import { parseUrlNumber, type UrlNumberRule } from './url-number.js';

describe('parseUrlNumber: one strict reading of every number in a URL', () => {
  it.each<[string | null, UrlNumberRule, number | null | undefined]>([
    [null, {}, undefined],
    ['', {}, undefined],
    ['0', {}, 0],
    ['16', {}, 16],
    ['12.5', {}, 12.5],
    ['-1', {}, -1],
    ['-0', {}, 0],
    ['007', {}, 7],
    ['3.3333333333333335', {}, 3.3333333333333335],
    // what Number() reads but a URL must not mean
    ['NaN', {}, null],
    ['abc', {}, null],
    ['Infinity', {}, null],
    ['-Infinity', {}, null],
    ['0x10', {}, null],
    ['0b1', {}, null],
    ['1e3', {}, null],
    ['+5', {}, null],
    [' 5', {}, null],
    ['5 ', {}, null],
    ['.5', {}, null],
    ['5.', {}, null],
    ['1,5', {}, null],
    ['9'.repeat(16), {}, null],
    // rules
    ['-1', { min: 0 }, null],
    ['0', { min: 0 }, 0],
    ['2.5', { integer: true }, null],
    ['3', { integer: true }, 3],
    ['2161', { max: 2160 }, null],
    ['2160', { max: 2160 }, 2160],
  ])('%j with %j is %j', (raw, rule, want) => {
    expect(parseUrlNumber(raw, rule)).toBe(want);
  });
});
