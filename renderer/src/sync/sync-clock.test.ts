import { describe, expect, it } from 'vitest';
import { driftMs, follow, MAX_NUDGE, SyncClock } from './sync-clock.js';

describe('following the shared clock', () => {
  it('nudges a tile that is ahead or behind by at most 5 %, and seeks one more than a second off', () => {
    expect(follow(1000, 1000, 1)).toEqual({ rate: 1 });
    const ahead = follow(1100, 1000, 1) as { rate: number };
    const behind = follow(900, 1000, 1) as { rate: number };
    expect(ahead.rate).toBeLessThan(1);
    expect(behind.rate).toBeGreaterThan(1);
    expect((follow(1900, 1000, 1) as { rate: number }).rate).toBeCloseTo(1 - MAX_NUDGE);
    expect((follow(1900, 1000, 2) as { rate: number }).rate).toBeCloseTo(2 * (1 - MAX_NUDGE));
    expect(follow(2100, 1000, 1)).toEqual({ seekToMs: 1000 });
    expect(follow(-500, 1000, 1)).toEqual({ seekToMs: 1000 });
  });

  it('measures drift as max − min', () => {
    expect(driftMs([5, 40, 12])).toBe(35);
    expect(driftMs([7])).toBe(0);
  });

  it('runs, holds and changes speed without jumping', () => {
    let now = 0;
    const c = new SyncClock(10_000, () => now);
    now = 500;
    expect(c.time()).toBe(10_000);
    c.run(true);
    now = 1500;
    expect(c.time()).toBe(11_000);
    c.setSpeed(2);
    now = 2000;
    expect(c.time()).toBe(12_000);
    c.run(false);
    now = 9000;
    expect(c.time()).toBe(12_000);
    c.set(5000);
    expect(c.time()).toBe(5000);
  });
});
