import { describe, expect, it } from 'vitest';
import { FrameStore } from './frame-store.js';

const pic = (time: number) => ({ time, jpeg: new Uint8Array(1) });

describe('frame store', () => {
  it('keeps pictures in time order, once each, whatever order they came in', () => {
    const s = new FrameStore();
    for (const t of [2, 1.96, 1.92, 2, 1.88]) s.add(pic(t));
    expect(s.frames.map((f) => f.time)).toEqual([1.88, 1.92, 1.96, 2]);
    expect(s.atOrBefore(1.95)).toBe(1);
    expect(s.atOrAfter(1.95)).toBe(2);
  });

  it('steps by frames inside what a −1× stream covered, and not past it', () => {
    const s = new FrameStore();
    s.complete = { top: 2 };
    for (let k = 0; k < 10; k++) s.add(pic(2 - k * 0.04));
    expect(s.step(2, -5)!.time).toBeCloseTo(1.8, 6);
    expect(s.step(1.8, 2)!.time).toBeCloseTo(1.88, 6);
    expect(s.step(2, 1)).toBeNull(); // past the top: the player's own stream has it
    expect(s.step(1.64, -1)).toBeNull(); // older than received: read on first
  });

  it('drops the pictures farthest from the one shown', () => {
    const s = new FrameStore(3);
    for (const t of [1, 2, 3, 4, 5]) s.add(pic(t));
    s.trim(4.5);
    expect(s.frames.map((f) => f.time)).toEqual([3, 4, 5]);
  });
});
