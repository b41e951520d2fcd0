import { describe, expect, it } from 'vitest';
import { naturalKey } from './sort-key.js';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

describe('naturalKey', () => {
  it.each([
    [['clip 10.mp4', 'clip 2.mp4', 'Door.avi', 'clip 1.mp4'], ['clip 1.mp4', 'clip 2.mp4', 'clip 10.mp4', 'Door.avi']],
    [['cam2/20260101_120000.mp4', 'cam10/a.mp4', 'cam1/b.mp4'], ['cam1/b.mp4', 'cam2/20260101_120000.mp4', 'cam10/a.mp4']],
    [['Été.mp4', 'ete 2.mp4', 'b.mp4'], ['b.mp4', 'ete 2.mp4', 'Été.mp4']],
  ])('sorts %j as the collator does', (input, sorted) => {
    expect([...input].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : naturalKey(a) > naturalKey(b) ? 1 : 0))).toEqual(sorted);
    expect([...input].sort(collator.compare)).toEqual(sorted);
  });
});
