import { describe, expect, it } from 'vitest';
import { cropOf, MAX_ZOOM, panBy, pictureRect, pixelsOf, transformOf, visibleRect, WHOLE, wheelFactor, zoomAt } from './zoom-math.js';

describe('digital zoom', () => {
  it('keeps the point under the pointer in place as it zooms', () => {
    const v = zoomAt(WHOLE, 2, 0.25, 0.75);
    expect(v.factor).toBe(2);
    const r = visibleRect(v);
    // The picture point at (0.25, 0.75) is still at the pointer's place in the element.
    expect(r.x + 0.25 * r.w).toBeCloseTo(0.25);
    expect(r.y + 0.75 * r.h).toBeCloseTo(0.75);
    const again = zoomAt(v, 2, 0.5, 0.5);
    expect(visibleRect(again).x + 0.5 * visibleRect(again).w).toBeCloseTo(r.x + 0.5 * r.w);
  });

  it('stops at 1× and 8×, and never shows past the picture\'s edge', () => {
    expect(zoomAt(WHOLE, 0.5, 0.1, 0.1)).toEqual(WHOLE);
    expect(zoomAt({ factor: 6, cx: 0.5, cy: 0.5 }, 4, 0.5, 0.5).factor).toBe(MAX_ZOOM);
    const corner = zoomAt(WHOLE, 4, 0, 0);
    expect(visibleRect(corner)).toMatchObject({ x: 0, y: 0 });
    const far = panBy(corner, -10, -10);
    const r = visibleRect(far);
    expect(r.x + r.w).toBeCloseTo(1);
    expect(r.y + r.h).toBeCloseTo(1);
    expect(panBy(WHOLE, 0.3, 0.3)).toEqual(WHOLE);
  });

  it('pans with the pointer', () => {
    const v = { factor: 4, cx: 0.5, cy: 0.5 };
    // Dragging right by a quarter of the element shows what was left of the centre.
    expect(panBy(v, 0.25, 0).cx).toBeCloseTo(0.5 - 0.25 / 4);
  });

  it('turns a view into a transform and a crop of whole even pixels', () => {
    expect(transformOf(WHOLE)).toBe('');
    expect(transformOf({ factor: 2, cx: 0.25, cy: 0.25 })).toBe('translate(0.0000%, 0.0000%) scale(2)');
    expect(cropOf(WHOLE, 1920, 1080)).toEqual({ x: 0, y: 0, w: 1920, h: 1080 });
    expect(cropOf({ factor: 2, cx: 0.75, cy: 0.75 }, 1920, 1080)).toEqual({ x: 960, y: 540, w: 960, h: 540 });
    const odd = cropOf({ factor: 3, cx: 0.5, cy: 0.5 }, 1919, 1081);
    expect(odd.w % 2).toBe(0);
    expect(odd.h % 2).toBe(0);
    expect(odd.x + odd.w).toBeLessThanOrEqual(1919);
  });

  it('takes a wheel notch as ×1.25, towards the user zooming in', () => {
    expect(wheelFactor(-100, 0)).toBeCloseTo(1.25);
    expect(wheelFactor(100, 0)).toBeCloseTo(0.8);
    expect(wheelFactor(-3, 1)).toBeCloseTo(Math.pow(1.25, 0.99));
  });
});

describe('the zoomed part of a letterboxed picture', () => {
  it('leaves out the bars: a 4:3 picture in a 16:9 box', () => {
    // The box is 1600×900, the picture 4:3 fills 1200×900 in its middle (bars of 200 each side).
    const whole = pictureRect(WHOLE, { w: 1600, h: 900 }, { w: 640, h: 480 });
    expect(whole.x).toBeCloseTo(0);
    expect(whole.w).toBeCloseTo(1);
    const right = pictureRect({ factor: 2, cx: 0.75, cy: 0.5 }, { w: 1600, h: 900 }, { w: 640, h: 480 });
    // The box's right half (800..1600) is the picture's 600..1200 of 1200 (the bar beyond cut off).
    expect(right.x).toBeCloseTo(0.5);
    expect(right.w).toBeCloseTo(0.5);
    expect(pixelsOf(right, 640, 480)).toEqual({ x: 320, y: 120, w: 320, h: 240 });
  });
});
