import { describe, expect, it, vi } from 'vitest';
import { EventHub, type HubEvent } from './event-hub.js';

describe('event hub', () => {
  it('merges library changes into at most one event per gap, carrying every id', () => {
    // The hub's clock is faked: 50 changes 5 ms apart take 250 ms of it however busy the machine.
    vi.useFakeTimers();
    try {
      const hub = new EventHub({ minGapMs: 100 });
      const got: Array<{ at: number; e: HubEvent }> = [];
      hub.subscribe((e) => got.push({ at: Date.now(), e }));
      for (let i = 0; i < 50; i++) {
        hub.libraryChanged([`a${i}`], []);
        vi.advanceTimersByTime(5);
      }
      hub.libraryChanged([], ['a3']);
      vi.advanceTimersByTime(250);
      const lib = got.filter((g) => g.e.name === 'library');
      expect(lib.length).toBeGreaterThan(1);
      expect(lib.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < lib.length; i++) expect(lib[i]!.at - lib[i - 1]!.at).toBeGreaterThanOrEqual(100);
      const updated = new Set(lib.flatMap((g) => (g.e.data as { updated: string[] }).updated));
      for (let i = 0; i < 50; i++) if (i !== 3) expect(updated.has(`a${i}`)).toBe(true);
      expect((lib.at(-1)!.e.data as { removed: string[] }).removed).toContain('a3');
      hub.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('replays what a returning viewer missed, or tells it to reset when that is gone', () => {
    const hub = new EventHub({ minGapMs: 0, keep: 3 });
    for (let i = 0; i < 5; i++) { hub.publish('scan', { n: i } as never); hub.flush(); }
    expect(hub.lastId).toBe(5);
    const replay: HubEvent[] = [];
    expect(hub.subscribe((e) => replay.push(e), 3).resumed).toBe(true);
    expect(replay.map((e) => e.id)).toEqual([4, 5]);
    const far: HubEvent[] = [];
    expect(hub.subscribe((e) => far.push(e), 1).resumed).toBe(false);
    expect(far).toEqual([{ id: 5, name: 'library', data: { updated: [], removed: [], reset: true } }]);
    // An id from a previous run of the server: reset too.
    const stale: HubEvent[] = [];
    expect(hub.subscribe((e) => stale.push(e), 99).resumed).toBe(false);
    expect(stale[0]!.data).toMatchObject({ reset: true });
    hub.close();
  });

  it('drops a listener that throws without troubling the others', () => {
    const hub = new EventHub({ minGapMs: 0 });
    const got: number[] = [];
    hub.subscribe(() => { throw new Error('broken'); });
    hub.subscribe((e) => got.push(e.id));
    hub.publish('roots', []);
    hub.flush();
    hub.publish('roots', []);
    hub.flush();
    expect(got).toEqual([1, 2]);
    expect(hub.subscribers).toBe(1);
  });

  it('numbers on from firstId: a stream resumed from before a restart (an older, smaller id) is reset', () => {
    const before = new EventHub({ minGapMs: 0 });
    before.libraryChanged(['a'], []);
    before.libraryChanged(['b'], []);
    const lastSeen = 2; // what a viewer of the old process saw
    const after = new EventHub({ minGapMs: 0, firstId: 1_000 });
    after.libraryChanged(['c'], []);
    const got: HubEvent[] = [];
    expect(after.subscribe((e) => got.push(e), lastSeen).resumed).toBe(false);
    expect(got).toEqual([{ id: 1_000, name: 'library', data: { updated: [], removed: [], reset: true } }]);
  });
});
