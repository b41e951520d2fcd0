import { describe, expect, it } from 'vitest';
import { clipCropParam, parseClipCrop } from './clip-crop.js';

describe('a clip download\'s crop', () => {
  it('reads the zoomed part as plain decimals inside the picture', () => {
    expect(parseClipCrop('0.5,0.25,0.5,0.5')).toEqual({ x: 0.5, y: 0.25, w: 0.5, h: 0.5 });
    expect(parseClipCrop(clipCropParam({ x: 0.1234567, y: 0, w: 0.5, h: 1 }))).toEqual({ x: 0.123457, y: 0, w: 0.5, h: 1 });
  });
  it.each(['', '0.5,0.5,0.5', '0.5,0.5,0.6,0.5', '1e-1,0,0.5,0.5', '-0,0,0.5,0.5', '0x1,0,1,1', 'NaN,0,1,1', '0,0,0.001,0.5', '2,0,0.5,0.5', '0.5,0.5,0.5,0.5,0.5'])('refuses %j', (t) => {
    expect(parseClipCrop(t)).toBeNull();
  });
});
