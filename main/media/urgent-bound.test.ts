// Urgent work (the player's probe) jumps the media queue; it does not multiply it. (New file
// beside media-queue.test.ts, which another change edits.)
import { describe, expect, it } from 'vitest';
import { MAX_URGENT_WAITING, MediaQueue, URGENT_EXTRA } from './media-queue.js';
import { MediaError } from './media-error.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('MediaQueue: urgent work is bounded', () => {
  it('runs at most one job per slot plus URGENT_EXTRA, queues the next ones ahead of tiles, and refuses the rest as busy', async () => {
    const q = new MediaQueue({ slots: 2 });
    const ends = new Map<string, () => void>();
    let peak = 0;
    const run = (name: string) => () => new Promise<string>((resolve) => {
      peak = Math.max(peak, q.running);
      ends.set(name, () => resolve(name));
    });
    const tile = q.visible({ key: 'tile', id: 'tile', kind: 'thumb' }, run('tile'));
    const urgent = Array.from({ length: 60 }, (_, i) => q.visible({ key: `p${i}`, id: `p${i}`, kind: 'probe', urgent: true }, run(`p${i}`)));
    const settled = urgent.map((p) => p.then(() => 'ok', (e: unknown) => e));
    await tick();
    expect(q.running).toBe(2 + URGENT_EXTRA);
    const refused = (await Promise.all(settled.map((s) => Promise.race([s, tick().then(() => 'pending')])))).filter((r) => r instanceof MediaError);
    expect(refused).toHaveLength(60 - 1 - URGENT_EXTRA - MAX_URGENT_WAITING); // the tile took one slot
    expect(refused[0]).toMatchObject({ code: 'busy', retryAfterSec: expect.any(Number) });
    // Finish everything that runs, as it comes: the urgent ones all go before the tile's next turn.
    const order: string[] = [];
    while (ends.size > 0) {
      const [name, end] = [...ends.entries()][0]!;
      ends.delete(name);
      order.push(name);
      end();
      await tick();
    }
    expect(peak).toBeLessThanOrEqual(2 + URGENT_EXTRA);
    expect(await tile).toBe('tile');
    expect((await Promise.all(settled)).filter((r) => r === 'ok')).toHaveLength(1 + URGENT_EXTRA + MAX_URGENT_WAITING);
  });

  it('an urgent caller of a queued tile job moves it ahead of the other tiles', async () => {
    const q = new MediaQueue({ slots: 1 });
    const started: string[] = [];
    const ends: Array<() => void> = [];
    const run = (name: string) => () => new Promise<void>((resolve) => { started.push(name); ends.push(resolve); });
    const jobs = ['a', 'b', 'c'].map((k) => q.visible({ key: k, id: k, kind: 'thumb' }, run(k)));
    // Past the slot and the urgent room, so it has to wait in line.
    const more = Array.from({ length: URGENT_EXTRA }, (_, i) => q.visible({ key: `u${i}`, id: `u${i}`, kind: 'probe', urgent: true }, run(`u${i}`)));
    const c = q.visible({ key: 'c', id: 'c', kind: 'thumb', urgent: true }, run('c'));
    await tick();
    while (ends.length) { ends.shift()!(); await tick(); }
    await Promise.all([...jobs, ...more, c]);
    expect(started.indexOf('c')).toBeLessThan(started.indexOf('b'));
  });
});
