import { describe, expect, it } from 'vitest';
import { MediaQueue, SETTLE_MS } from './media-queue.js';

/** A job that runs until `finish` is called, recording when it started and whether it was aborted. */
function gate() {
  const log: string[] = [];
  const opened = new Map<string, () => void>();
  const run = (name: string) => (signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    log.push(`start ${name}`);
    opened.set(name, () => resolve(name));
    signal.addEventListener('abort', () => { log.push(`abort ${name}`); reject(new Error('aborted')); }, { once: true });
  });
  const finish = async (name: string) => {
    while (!opened.has(name)) await tick();
    opened.get(name)!();
    opened.delete(name);
    await tick();
  };
  return { log, run, finish, running: () => [...opened.keys()] };
}

const tick = () => new Promise((r) => setTimeout(r, 1));

function background(q: MediaQueue, kind: string, opts: { batch?: number; concurrency?: number; unwanted?: Set<string> } = {}) {
  const runs: string[][] = [];
  const ends: Array<() => void> = [];
  q.register(kind, {
    ...(opts.batch ? { batch: opts.batch } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    wanted: (id) => !opts.unwanted?.has(id),
    run: (ids) => new Promise<void>((resolve) => { runs.push(ids); ends.push(resolve); }),
  });
  const endAll = async () => { while (ends.length) ends.shift()!(); await tick(); };
  return { runs, endAll };
}

describe('MediaQueue', () => {
  it('runs visible work at once, one job per key, at most one per slot', async () => {
    const q = new MediaQueue({ slots: 2 });
    const g = gate();
    const a1 = q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a'));
    const a2 = q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a-again'));
    void q.visible({ key: 'b', id: 'b', kind: 'thumb' }, g.run('b'));
    void q.visible({ key: 'c', id: 'c', kind: 'thumb' }, g.run('c'));
    await tick();
    expect(g.running().sort()).toEqual(['a', 'b']);
    expect(q.pending('thumb')).toBe(1);
    await g.finish('a');
    expect(await a1).toBe('a');
    expect(await a2).toBe('a');
    expect(g.running().sort()).toEqual(['b', 'c']);
    await g.finish('b');
    await g.finish('c');
    await q.whenIdle();
  });

  it('drops a job nobody waits for before its turn, and aborts one that runs', async () => {
    const q = new MediaQueue({ slots: 1 });
    const g = gate();
    const ac1 = new AbortController();
    const ac2 = new AbortController();
    const first = q.visible({ key: 'a', id: 'a', kind: 'thumb', signal: ac1.signal }, g.run('a'));
    const second = q.visible({ key: 'b', id: 'b', kind: 'thumb', signal: ac2.signal }, g.run('b'));
    await tick();
    ac2.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    ac1.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    await q.whenIdle();
    expect(g.log).toEqual(['start a', 'abort a']);
  });

  it('keeps a job that another caller still waits for', async () => {
    const q = new MediaQueue({ slots: 1 });
    const g = gate();
    const ac = new AbortController();
    const leaving = q.visible({ key: 'a', id: 'a', kind: 'thumb', signal: ac.signal }, g.run('a'));
    const staying = q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a'));
    ac.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'cancelled' });
    await g.finish('a');
    expect(await staying).toBe('a');
  });

  it('starts urgent work at once, past a full lane', async () => {
    const q = new MediaQueue({ slots: 1 });
    const g = gate();
    void q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a'));
    void q.visible({ key: 'b', id: 'b', kind: 'thumb' }, g.run('b'));
    const p = q.visible({ key: 'p', id: 'p', kind: 'probe', urgent: true }, g.run('p'));
    await tick();
    expect(g.running().sort()).toEqual(['a', 'p']);
    await g.finish('p');
    expect(await p).toBe('p');
    await g.finish('a');
    await g.finish('b');
  });

  it('while tiles are being dropped, starts only work that has waited SETTLE_MS', async () => {
    const q = new MediaQueue({ slots: 1 });
    const g = gate();
    const ac = new AbortController();
    void q.visible({ key: 'x', id: 'x', kind: 'thumb', signal: ac.signal }, g.run('x')).catch(() => undefined);
    void q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a'));
    await tick();
    ac.abort(); // x scrolled away while running: the user is scrolling
    await tick();
    const t0 = performance.now();
    void q.visible({ key: 'b', id: 'b', kind: 'thumb' }, g.run('b'));
    await g.finish('a');
    while (!g.running().includes('b')) await tick();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(SETTLE_MS - 5);
    await g.finish('b');
  });

  it('runs the background only while nothing visible waits or runs and nothing plays, in batches', async () => {
    const q = new MediaQueue({ slots: 2 });
    const g = gate();
    const thumbs = background(q, 'thumb', { batch: 3 });
    void q.visible({ key: 'v', id: 'v', kind: 'thumb' }, g.run('v'));
    q.fill('thumb', ['1', '2', '3', '4', '5']);
    await tick();
    expect(thumbs.runs).toEqual([]);
    await g.finish('v');
    expect(thumbs.runs).toEqual([['1', '2', '3'], ['4', '5']]);
    await thumbs.endAll();
    const resume = q.pause();
    q.fill('thumb', ['6']);
    await tick();
    expect(thumbs.runs).toHaveLength(2);
    resume();
    expect(thumbs.runs[2]).toEqual(['6']);
    await thumbs.endAll();
    await q.whenIdle();
  });

  it('takes kinds in turn, each within its own concurrency, and skips ids no longer wanted', async () => {
    const q = new MediaQueue({ slots: 3 });
    const probes = background(q, 'probe', { concurrency: 1, unwanted: new Set(['p2']) });
    const thumbs = background(q, 'thumb', { batch: 2 });
    q.fill('probe', ['p1', 'p2', 'p3']);
    q.fill('thumb', ['t1', 't2', 't3', 't4', 't5']);
    await tick();
    expect(probes.runs).toEqual([['p1']]);
    expect(thumbs.runs).toEqual([['t1', 't2'], ['t3', 't4']]);
    await probes.endAll();
    expect(probes.runs).toEqual([['p1'], ['p3']]);
    await probes.endAll();
    await thumbs.endAll();
    await thumbs.endAll();
    await q.whenIdle();
    expect(q.pending('probe') + q.pending('thumb')).toBe(0);
  });

  it('prioritize moves ids to the front of every kind; cancel drops only what nobody else asked for', async () => {
    const q = new MediaQueue({ slots: 1 });
    const probes = background(q, 'probe');
    const thumbs = background(q, 'thumb');
    const resume = q.pause();
    q.fill('probe', ['a', 'b', 'c']);
    q.fill('thumb', ['a', 'b', 'c']);
    q.prioritize(['c'], 'dev1');
    q.prioritize(['b', 'c'], 'dev2');
    q.cancel(['b', 'c'], 'dev1'); // c: dev2 still wants it; b: dev2 too
    expect(q.pending('probe')).toBe(3);
    q.cancel(['b'], 'dev2');
    expect(q.pending('thumb')).toBe(2);
    resume();
    await tick();
    expect(probes.runs[0]).toEqual(['c']);
    await probes.endAll();
    await thumbs.endAll();
    await probes.endAll();
    await thumbs.endAll();
    await q.whenIdle();
    expect([...probes.runs.flat()]).toEqual(['c', 'a']);
  });

  it('cancel drops visible work not started yet; stop drops everything and refuses more', async () => {
    const q = new MediaQueue({ slots: 1 });
    const g = gate();
    background(q, 'thumb');
    void q.visible({ key: 'a', id: 'a', kind: 'thumb' }, g.run('a'));
    const queued = q.visible({ key: 'b', id: 'b', kind: 'thumb', owner: 'dev1' }, g.run('b'));
    q.cancel(['b'], 'dev1');
    await expect(queued).rejects.toMatchObject({ code: 'cancelled' });
    q.fill('thumb', ['c']);
    q.stop();
    expect(q.pending('thumb')).toBe(0);
    expect(g.log).toContain('abort a');
    await expect(q.visible({ key: 'd', id: 'd', kind: 'thumb' }, g.run('d'))).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('the app\'s one media queue', () => {
  it('holds back background probes and thumbnails alike while something plays, and serves tiles first', async () => {
    const { fixtureLibrary } = await import('../test-support/media-library.js');
    const { ProbeService } = await import('./probe-service.js');
    const { ThumbnailService } = await import('./thumbnails.js');
    const files = Object.fromEntries(['a', 'b', 'c'].map((n) => [`cam/${n}.mp4`, 'cam-modern/h264_noaudio.mp4']));
    const t = await fixtureLibrary(files);
    const queue = new MediaQueue();
    const probes = new ProbeService(t.lib, t.data, { queue });
    const thumbs = new ThumbnailService(t.lib, t.data, { queue });
    const playing = probes.pauseForPlayback();
    probes.fillBackground();
    thumbs.fillBackground();
    // The queue starts work synchronously when it may: paused, all still wait.
    expect([probes.pending, thumbs.pending]).toEqual([3, 3]);
    // A tile on screen is made at once, playing or not.
    await thumbs.get(t.byName('a.mp4').id);
    playing();
    await thumbs.whenIdle(); // one queue: idle means probes too
    expect([probes.pending, thumbs.pending]).toEqual([0, 0]);
    expect(t.lib.query({ probe: ['unprobed'] }).items).toEqual([]);
  });
});
