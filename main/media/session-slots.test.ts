// The slots sessions take: a spare request (a clip download's conversion) waits for a slot being
// let go, and takes it the moment it is: on the release itself, not at a later look. The clock
// is faked, so nothing here can be a timer's doing unless the test moves the clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionSlots } from './session-slots.js';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

/** Whether a promise has settled, after the microtasks now queued (no timer moved). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(() => { done = true; }, () => { done = true; });
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('SessionSlots: a spare request that may wait', () => {
  it('is granted on the release of a slot, with no timer run', async () => {
    const slots = new SessionSlots({ maxTranscodes: 2 });
    const player = await slots.acquire({ pool: 'transcode', local: false });
    const clip = slots.acquire({ pool: 'transcode', local: false, spare: true, spareWaitMs: 3000 });
    expect(await settled(clip)).toBe(false); // taking the other would leave none free
    player();
    expect(await settled(clip)).toBe(true);
    await expect(clip).resolves.toBeTypeOf('function');
    expect(slots.inUse('transcode')).toBe(1);
  });

  it('says busy when none is let go in time, and without the wait at once', async () => {
    const slots = new SessionSlots({ maxTranscodes: 2 });
    await slots.acquire({ pool: 'transcode', local: false });
    await expect(slots.acquire({ pool: 'transcode', local: false, spare: true })).rejects.toMatchObject({ code: 'busy' });
    const clip = slots.acquire({ pool: 'transcode', local: false, spare: true, spareWaitMs: 3000 });
    const outcome = clip.catch((e: unknown) => e);
    vi.advanceTimersByTime(2999);
    expect(await settled(clip)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await outcome).toMatchObject({ code: 'busy', message: 'no slot is spare to prepare playback' });
  });

  it('lets those in line go first, and ends when its signal does', async () => {
    const slots = new SessionSlots({ maxTranscodes: 2 });
    const a = await slots.acquire({ pool: 'transcode', local: false });
    const b = await slots.acquire({ pool: 'transcode', local: false });
    const ac = new AbortController();
    const clip = slots.acquire({ pool: 'transcode', local: false, spare: true, spareWaitMs: 3000, signal: ac.signal });
    const inLine = slots.acquire({ pool: 'transcode', local: false });
    a();
    expect(await settled(inLine)).toBe(true); // the one in line took it
    expect(await settled(clip)).toBe(false);
    ac.abort();
    await expect(clip).rejects.toMatchObject({ code: 'cancelled' });
    b();
    expect(slots.inUse('transcode')).toBe(1);
  });
});
