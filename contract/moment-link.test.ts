import { describe, expect, it } from 'vitest';
import { laneKey } from './lane-key.js';
import { momentHash, momentUrl, parseMomentHash, parseMomentUrl } from './moment-link.js';

const A = laneKey('AAAAAAAAAAAA', 'cam-north');
const B = laneKey('BBBBBBBBBBBB', 'Hof / Einfahrt #2');

describe('links to a moment', () => {
  it.each([
    [`#/at/${A}/1764000000123`, { lanes: [A], at: 1764000000123 }],
    [`/at/${A},${B}/5`, { lanes: [A, B], at: 5 }],
    [`#/at/${A}/1764000000123/`, { lanes: [A], at: 1764000000123 }],
  ])('reads %s', (hash, moment) => {
    expect(parseMomentHash(hash)).toEqual(moment);
  });

  it.each([
    '', '#/', '#/play/x', `#/at/${A}`, `#/at/${A}/-5`, `#/at/${A}/1.5`, `#/at/${A}/1e9`, '#/at/short/5', `#/at/${A}/9999999999999999`,
    `#/at/${A},${A},${A},${A},${A},${A},${A},${A},${A},${A}/5`, `#/at/../${A}/5`, `#/at/${A}/5?x=1`,
  ])('refuses %s', (hash) => {
    expect(parseMomentHash(hash)).toBeNull();
  });

  it('round-trips through the hash and the desktop scheme', () => {
    const m = { lanes: [A, B], at: 1764000000000 };
    expect(parseMomentHash(momentHash(m))).toEqual(m);
    expect(momentUrl(m)).toBe(`reelvault://at/${A},${B}/1764000000000`);
    expect(parseMomentUrl(momentUrl(m))).toEqual(m);
    expect(parseMomentUrl(`REELVAULT://at/${A}/7`)).toEqual({ lanes: [A], at: 7 });
    expect(parseMomentUrl(`https://at/${A}/7`)).toBeNull();
    expect(parseMomentUrl('reelvault://media/media/file/x')).toBeNull();
  });
});
