// Another Reelvault's answer to `activity` is passed on only when it has the contract's shape and
// fits the question asked, relabelled with this Reelvault's lane key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityResult, TimelineResult } from '../../contract/api.js';
import { createCore, type Core } from '../service/core.js';
import { LibraryRunner } from '../service/library-runner.js';
import { libraryFolder, shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { checkedLane, emptyLane } from './activity.js';
import { createApiService } from './service.js';

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

describe('a lane of another Reelvault', () => {
  let b: ShareHarness;
  let a: { core: Core; runner: LibraryRunner };
  beforeAll(async () => {
    b = await shareHarness({ 'yard/2026-11-20_08-00-00.mp4': 'cam-modern/h264_aac.mp4' });
    const core = await createCore({ dataDir: fileTmpDir('rv-a-'), local: false });
    const runner = new LibraryRunner(core, { background: false });
    await runner.setRoots([{ path: await libraryFolder({ 'porch/here.mp4': 'cam-modern/h264_aac.mp4' }) }]);
    await core.remotes.start();
    a = { core, runner };
    await core.remotes.add(await b.share.pairingLink(), 'Room B');
    await core.remotes.synced();
  }, 60_000);
  afterAll(async () => { await a?.runner.close(); await a?.core.close(); await b?.close(); });

  it('is asked of it, and its answer comes back under this Reelvault\'s key', async () => {
    const svc = createApiService({
      core: a.core, rootStatus: () => [], scanProgress: () => ({}) as never, settings: () => ({}) as never, labelOf: (r) => r,
    });
    const ctx = { transport: 'http' as const, who: { device: 'd1' } };
    const tl = await svc.call(ctx, 'timeline', [{ from: 0, to: 4e12 }]) as { ok: true; value: TimelineResult };
    const yard = tl.value.lanes.find((l) => l.camera === 'yard')!;
    const start = yard.spans[0]!.start;
    const ask = async (): Promise<ActivityResult['lanes'][number]> => {
      const r = await svc.call(ctx, 'activity', [{ lanes: [yard.key], from: start, to: start + 10_000, stepMs: 1000 }]) as { ok: true; value: ActivityResult };
      return r.value.lanes[0]!;
    };
    // B analyses its own recording (asked through A), and A passes its answer on.
    await expect.poll(async () => (await ask()).pending, { timeout: 120_000 }).toBe(0);
    const lane = await ask();
    expect(lane.key).toBe(yard.key);
    expect(lane.levels.some((l) => l !== null)).toBe(true);
    expect(lane.source).toContain('pixels');
  }, 180_000);
});
