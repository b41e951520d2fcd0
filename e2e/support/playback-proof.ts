// Proof that the player's <video> shows a moving picture with sound, read from the element
// itself: decoded frames reported by requestVideoFrameCallback with changing media times, a
// clock that advances, a picture size, and decoded audio bytes.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

interface Watched extends HTMLVideoElement {
  rvMediaTimes?: number[];
}

/**
 * Every <video> that starts playing records the media time of each frame it presents (from its
 * first play, before a short clip can end). Call before the page is opened.
 */
export async function watchFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('play', (ev) => {
      const v = ev.target as Watched;
      if (!(v instanceof HTMLVideoElement) || v.rvMediaTimes) return;
      const times: number[] = [];
      v.rvMediaTimes = times;
      const step = (_now: number, meta: VideoFrameCallbackMetadata): void => {
        times.push(meta.mediaTime);
        if (times.length < 200) v.requestVideoFrameCallback(step);
      };
      v.requestVideoFrameCallback(step);
    }, true);
  });
}

export interface PlaybackProof {
  width: number;
  /** Distinct media times of presented frames. */
  frames: number;
  /** How far the clock moved since it first showed a picture. */
  t: number;
  ended: boolean;
  audioBytes: number;
  error: string | null;
  text: string | null;
}

/** The player's element as it is now. */
export function proof(page: Page): Promise<PlaybackProof> {
  return page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement & { rvMediaTimes?: number[]; webkitAudioDecodedByteCount?: number }>('.player video');
    return {
      width: v?.videoWidth ?? 0,
      frames: new Set(v?.rvMediaTimes ?? []).size,
      t: v?.currentTime ?? 0,
      ended: v?.ended ?? false,
      audioBytes: v?.webkitAudioDecodedByteCount ?? 0,
      error: v?.error?.message ?? null,
      text: document.querySelector('.player')?.textContent ?? null,
    };
  });
}

/**
 * Waits until the player shows a moving picture (when `picture`) whose clock advances, with
 * decoded sound (when `audio`).
 */
export async function playsWithPictureAndSound(page: Page, o: { picture: boolean; audio: boolean }): Promise<void> {
  const why = async (): Promise<string> => JSON.stringify(await proof(page));
  const ok = async (test: (p: PlaybackProof) => boolean): Promise<boolean> => test(await proof(page));
  try {
    if (o.picture) {
      await expect.poll(() => ok((p) => p.width > 0), { timeout: 20_000 }).toBe(true);
      // Frames presented at different media times: the picture moves.
      await expect.poll(() => ok((p) => p.frames >= 2), { timeout: 15_000 }).toBe(true);
    }
    const t0 = (await proof(page)).t;
    await expect.poll(() => ok((p) => p.t > t0 || (p.ended && p.t > 0)), { timeout: 15_000 }).toBe(true);
    if (o.audio) await expect.poll(() => ok((p) => p.audioBytes > 0), { timeout: 15_000 }).toBe(true);
  } catch (err) {
    throw new Error(`${String(err)}: ${await why()}`, { cause: err });
  }
}
