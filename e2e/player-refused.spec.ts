// A MediaSource that refuses a stream, in real Chromium: the player asks for a conversion once and
// says so in words, never "Buffering…" forever nor a raw addSourceBuffer error. And a tile's badge
// says what the plan does.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/chromium.js';
import { playsWithPictureAndSound, watchFrames } from './support/playback-proof.js';
import { isSessionRequest, playerPage, type PlayerPage } from './support/player-page.js';

const files = {
  'cam/dvr_h264_mp3.avi': 'cam-modern/h264_mp3.avi',
  'cam/h264_aac.mkv': 'cam-modern/h264_aac.mkv',
  'cam/h264_aac.mov': 'cam-modern/h264_aac.mov',
};

/**
 * In the page: MediaSource claims MP3 in MP4 (as the old capability check did, from canPlayType),
 * so the plan copies the MP3; Chromium's own addSourceBuffer then refuses it. With `refuseAll`,
 * addSourceBuffer refuses every type, the conversion's too.
 */
function lie(refuseAll: boolean): void {
  const real = MediaSource.isTypeSupported.bind(MediaSource);
  MediaSource.isTypeSupported = (t: string) => (t.includes('mp4a.6B') ? true : real(t));
  if (refuseAll) {
    MediaSource.prototype.addSourceBuffer = function refuse(): SourceBuffer {
      throw new DOMException("Failed to execute 'addSourceBuffer' on 'MediaSource': The type provided is unsupported.", 'NotSupportedError');
    };
  }
}

describe.skipIf(!haveChromium)('a MediaSource that refuses the stream (Chromium + reelvault serve)', () => {
  let p: PlayerPage;
  let page: Page;

  beforeAll(async () => {
    p = await playerPage(files, { viewport: { width: 1280, height: 800 } });
    page = p.page;
    await watchFrames(page);
    await page.reload(); // the page the pairing opened watches too
  });
  afterAll(async () => { await p?.close(); });

  const requestsFor = (rel: string) => p.sessionRequests.filter((u) => u.includes(`/media/transcode/${p.ids.get(rel)}`));
  const tile = (pg: Page, rel: string) => pg.locator(`[data-id="${p.ids.get(rel)}"]`);

  /** A fresh page (its own init scripts), paired. */
  async function pageWith(refuseAll: boolean | null): Promise<Page> {
    const pg = await p.browser.newPage({ viewport: { width: 1280, height: 800 } });
    pg.on('request', (r) => { if (isSessionRequest(r.url())) p.sessionRequests.push(r.url()); });
    if (refuseAll !== null) await pg.addInitScript(lie, refuseAll);
    await watchFrames(pg);
    await p.served.pair(pg);
    return pg;
  }

  it('H.264 + MP3 in AVI plays with picture and sound: the MP3 is converted, a copy is never offered to MSE', async () => {
    await p.open('cam/dvr_h264_mp3.avi');
    await playsWithPictureAndSound(page, { picture: true, audio: true });
    expect(requestsFor('cam/dvr_h264_mp3.avi')).toHaveLength(1);
    expect(requestsFor('cam/dvr_h264_mp3.avi')[0]).not.toContain('mode=transcode');
    expect(await page.locator('.player').textContent()).not.toMatch(/cannot play the copied stream/);
  });

  it('a copy the MediaSource refuses is asked for once as a conversion, which plays, and the player says so', async () => {
    const pg = await pageWith(false);
    try {
      const before = requestsFor('cam/dvr_h264_mp3.avi').length;
      await pg.goto(`${p.served.base}/#/play/${p.ids.get('cam/dvr_h264_mp3.avi')}`);
      await expect.poll(() => pg.getByRole('status').filter({ hasText: 'converted instead' }).count(), { timeout: 15_000 }).toBe(1);
      expect(await pg.getByRole('status').filter({ hasText: 'converted instead' }).textContent())
        .toBe('This browser cannot play the copied stream (H.264 with MP3 audio): it is being converted instead.');
      await playsWithPictureAndSound(pg, { picture: true, audio: true });
      const asked = requestsFor('cam/dvr_h264_mp3.avi').slice(before);
      expect(asked).toHaveLength(2);
      expect(asked[0]).toContain('mode=remux');
      expect(asked[1]).toContain('mode=transcode');
      expect(await pg.getByRole('alert').count()).toBe(0);
    } finally {
      await pg.close();
    }
  });

  it('a prepared copy that is refused (hovered, then double-clicked) converts once too, instead of buffering forever', async () => {
    const pg = await pageWith(false);
    try {
      await pg.goto(`${p.served.base}/#/`);
      await tile(pg, 'cam/dvr_h264_mp3.avi').waitFor();
      const before = requestsFor('cam/dvr_h264_mp3.avi').length;
      const converted = pg.waitForRequest((r) => r.url().includes(`/media/transcode/${p.ids.get('cam/dvr_h264_mp3.avi')}`) && r.url().includes('mode=transcode'));
      await tile(pg, 'cam/dvr_h264_mp3.avi').hover();
      await converted;
      await tile(pg, 'cam/dvr_h264_mp3.avi').dblclick();
      await expect.poll(() => pg.getByRole('status').filter({ hasText: 'converted instead' }).count(), { timeout: 15_000 }).toBe(1);
      await playsWithPictureAndSound(pg, { picture: true, audio: true });
      const asked = requestsFor('cam/dvr_h264_mp3.avi').slice(before);
      expect(asked).toHaveLength(2);
      expect(asked[0]).toContain('prepare=1');
      expect(asked[1]).toContain('mode=transcode');
    } finally {
      await pg.close();
    }
  });

  it('a conversion refused as well is an error in words, after one conversion asked, not a raw addSourceBuffer error', async () => {
    const pg = await pageWith(true);
    try {
      const before = requestsFor('cam/h264_aac.mkv').length;
      await pg.goto(`${p.served.base}/#/play/${p.ids.get('cam/h264_aac.mkv')}`);
      await expect.poll(() => pg.getByRole('alert').count(), { timeout: 15_000 }).toBe(1);
      expect(await pg.getByRole('alert').locator('.error-message').textContent()).toBe('This file could not be played: this browser cannot play the converted stream (H.264 with AAC audio)');
      expect(await pg.getByRole('alert').locator('.error-file').textContent()).toBe('h264_aac.mkv · camera cam');
      expect(await pg.getByRole('status').filter({ hasText: 'converted instead' }).textContent()).toBe('This browser cannot play the copied stream (H.264 with AAC audio): it is being converted instead.');
      expect(await pg.getByLabel('Buffering').count()).toBe(0);
      const asked = requestsFor('cam/h264_aac.mkv').slice(before);
      expect(asked.map((u) => new URL(u).searchParams.get('mode'))).toEqual(['remux', 'transcode']);
    } finally {
      await pg.close();
    }
  });

  it("a tile's badge says what the plan does: H.264 in QuickTime is copied into MP4, in the grid and in the player", async () => {
    await page.goto(`${p.served.base}/#/`);
    const badge = tile(page, 'cam/h264_aac.mov').locator('.badge.converted');
    await expect.poll(() => badge.getAttribute('title'), { timeout: 10_000 }).toBe('Copied into MP4 to play');
    expect(await badge.textContent()).toBe('Copied'); // the word the player's badge starts with, not 'Converted'
    await tile(page, 'cam/h264_aac.mov').dblclick();
    await expect.poll(() => page.locator('.player-title .badge.converted').textContent(), { timeout: 10_000 }).toBe('Copied into MP4');
  });
});
