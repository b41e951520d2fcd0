// A lowest kind of background work (activity analysis) waits while any other kind has work queued.
import { describe, expect, it } from 'vitest';
import { BackgroundLanes } from './background-lanes.js';

describe('background lanes: lowest priority', () => {
  it('takes a lowest kind only once no other kind waits', () => {
    const lanes = new BackgroundLanes();
    const ran: string[] = [];
    lanes.register('activity', { lowest: true, wanted: () => true, run: async () => undefined });
    lanes.register('probe', { wanted: () => true, run: async () => undefined });
    lanes.fill('activity', ['a1', 'a2']);
    lanes.fill('probe', ['p1', 'p2']);
    for (let next = lanes.next(4); next; next = lanes.next(4)) ran.push(...next.ids);
    expect(ran).toEqual(['p1', 'p2', 'a1', 'a2']);
  });
});
