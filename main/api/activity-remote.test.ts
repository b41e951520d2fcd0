// Another Reelvault's answer to `activity` is passed on only when it has the contract's shape and
// fits the question asked, relabelled with this Reelvault's lane key.
import { describe, expect, it } from 'vitest';
import { checkedLane, emptyLane } from './activity.js';

const q = { lanes: ['ours-lane-key-1'], from: 0, to: 4000, stepMs: 1000 };
const good = { key: 'theirs-lane-key', stepMs: 1000, levels: [null, 0, 0.5, 1], source: ['sizes', 'sizes', 'pixels', 'pixels'], events: [{ from: 2000, to: 4000, peak: 1 }], pending: 0.5 };

describe('another Reelvault\'s activity', () => {
  it('is relabelled with our key when it fits', () => {
    expect(checkedLane({ lanes: [good] }, 'theirs-lane-key', 'ours', q)).toEqual({ ...good, key: 'ours' });
  });

  it.each([
    ['not an answer', null],
    ['another lane', { lanes: [{ ...good, key: 'else' }] }],
    ['a finer step than the question allows', { lanes: [{ ...good, stepMs: 0.5 }] }],
    ['levels of the wrong length', { lanes: [{ ...good, levels: [0] }] }],
    ['a level out of range', { lanes: [{ ...good, levels: [null, 0, 0.5, 7] }] }],
    ['an unknown source', { lanes: [{ ...good, source: ['sizes', 'sizes', 'guess', 'pixels'] }] }],
  ])('is refused: %s', (_why, answer) => {
    expect(checkedLane(answer, 'theirs-lane-key', 'ours', q)).toBeNull();
  });

  it('an empty lane has one null per step', () => {
    expect(emptyLane('k', q)).toEqual({ key: 'k', stepMs: 1000, levels: [null, null, null, null], events: [], pending: 0, source: ['sizes', 'sizes', 'sizes', 'sizes'] });
  });
});
