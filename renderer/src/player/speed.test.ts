import { describe, expect, it } from 'vitest';
import { mutedAt, nextSpeed, speedLabel, speedWay, SPEEDS } from './speed.js';

describe('speeds', () => {
  it('steps through −8 … 64 and stops at the ends', () => {
    const up: number[] = [];
    let s = -8;
    for (let k = 0; k < SPEEDS.length; k++) { up.push(s); s = nextSpeed(s, 1); }
    expect(up).toEqual([-8, -4, -2, -1, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]);
    expect(nextSpeed(64, 1)).toBe(64);
    expect(nextSpeed(-8, -1)).toBe(-8);
    expect(nextSpeed(0.125, -1)).toBe(-1);
    expect(nextSpeed(1.5, 1)).toBe(2);
    expect(nextSpeed(1.5, -1)).toBe(1);
  });

  it.each([
    [1, 'transcode', 'rate'], [2, 'transcode', 'rate'], [4, 'transcode', 'fast'], [4, 'direct', 'rate'], [8, 'remux', 'fast'],
    [0.125, 'transcode', 'rate'], [-1, 'direct', 'reverse'], [64, 'direct', 'fast'],
  ] as const)('%s× in %s is played by %s', (speed, mode, way) => {
    expect(speedWay(speed, mode)).toBe(way);
  });

  it('mutes above 2× and in reverse', () => {
    expect([0.5, 1, 2, 4, -1].map(mutedAt)).toEqual([false, false, false, true, true]);
  });

  it('labels fractions as fractions', () => {
    expect([0.125, 0.5, 1, -2, 32].map(speedLabel)).toEqual(['⅛×', '½×', '1×', '-2×', '32×']);
  });
});
