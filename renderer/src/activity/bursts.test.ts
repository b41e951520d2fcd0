import { describe, expect, it } from 'vitest';
import { burstTarget } from './bursts.js';

const events = [{ from: 20, to: 24 }, { from: 70, to: 75 }, { from: 100, to: 101 }];

describe('A and Shift+A', () => {
  it.each<[string, number, 1 | -1, number | null]>([
    ['A from the start: 1 s before the first burst', 0, 1, 19],
    ['A again where it landed: on to the next', 19, 1, 69],
    ['A a moment after landing (still playing): the next', 19.6, 1, 69],
    ['A inside a burst: the next one', 22, 1, 69],
    ['A after the last: nowhere', 100, 1, null],
    ['Shift+A inside a burst, well after its start: its start', 23, -1, 19],
    ['Shift+A just after landing: the one before', 69.5, -1, 19],
    ['Shift+A before the first: nowhere', 10, -1, null],
    ['Shift+A at the end: the last', 120, -1, 99],
  ])('%s', (_, t, dir, want) => {
    expect(burstTarget(events, t, dir, 1)).toBe(want);
  });
});
