// The proof's own yardstick: a wrong score would let the activity tests pass on nothing.
import { describe, expect, it } from 'vitest';
import { sceneArgs, scoreEvents, trueEvents } from './activity-scene.js';

describe('scoring reported events against the truth', () => {
  const truth = [{ from: 8, to: 11 }, { from: 25, to: 29 }];

  it.each([
    ['exact', truth, { recall: 1, falseShare: 0 }],
    ['nothing reported', [], { recall: 0, falseShare: 0 }],
    ['one missed, one a second long', [{ from: 8, to: 12 }], { recall: 0.5, falseShare: 1 / 33 }],
    ['everything reported', [{ from: 0, to: 40 }], { recall: 1, falseShare: 1 }],
    ['a false event in the quiet', [...truth, { from: 15, to: 18.3 }], { recall: 1, falseShare: 0.1 }],
  ])('%s', (_, reported, want) => {
    const s = scoreEvents(truth, reported, 40);
    expect(s.recall).toBe(want.recall);
    expect(s.falseShare).toBeCloseTo(want.falseShare, 9);
  });

  it('merges overlapping movers into one true event', () => {
    expect(trueEvents([{ from: 9, to: 16 }, { from: 5, to: 12 }, { from: 20, to: 21 }])).toEqual([{ from: 5, to: 16 }, { from: 20, to: 21 }]);
  });

  it('shows each mover only while it is due', () => {
    const graph = sceneArgs({ codec: 'mpeg4', seconds: 40, movers: [{ from: 8, to: 11 }] }).join(' ');
    expect(graph).toContain(`enable='between(t,8,11)'`);
    expect(graph).toContain('noise=alls=3:allf=t');
  });
});
