// The player in real Chromium against `reelvault serve`: every fixture through its plan, a true
// timeline with seeks, the keys, resume, next/previous, and errors in words.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../main/test-support/fixture-cases.js';
import { haveChromium, screenshot } from './support/chromium.js';
import { unnamedControls } from './support/a11y.js';
import { queryInPage } from './support/page-api.js';
import { playerPage, type PlayerPage } from './support/player-page.js';
import { playsWithPictureAndSound, watchFrames } from './support/playback-proof.js';
import type { Served } from './support/serve.js';

const files: Record<string, string> = Object.fromEntries(FIXTURES.map((f) => [f.file, f.file]));

describe.skipIf(!haveChromium)('player (Chromium + reelvault serve)', () => {
  let p: PlayerPage;
  let served: Served;
  let page: Page;
  let library: string;
  let transcodeRequests: string[];

  beforeAll(async () => {
    p = await playerPage(files, {
      viewport: { width: 1280, height: 800 },
      prepare(lib) {
        // Two minutes of legacy video, so that a seek to the middle is well outside what is buffered.
        fs.mkdirSync(path.join(lib, 'cam-long'));
        const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=120', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=120',
          '-c:v', 'mpeg4', '-q:v', '8', '-c:a', 'mp2', '-shortest', path.join(lib, 'cam-long', 'long_120s.avi')]);
        if (made.status !== 0) throw new Error(`ffmpeg: ${made.stderr.toString()}`);
        // Two audio tracks (a camera with two microphones), for the track picker.
        const two = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=6', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=6', '-f', 'lavfi', '-i', 'sine=frequency=880:duration=6',
          '-map', '0', '-map', '1', '-map', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=deu', path.join(lib, 'cam-long', 'two_tracks.mkv')]);
        if (two.status !== 0) throw new Error(`ffmpeg: ${two.stderr.toString()}`);
      },
    });
    ({ served, page, library, sessionRequests: transcodeRequests } = p);
    await watchFrames(page);
    await page.reload(); // the page the pairing opened watches too
  });
  afterAll(async () => { await p?.close(); });

  const open = (rel: string, t?: number): Promise<void> => p.open(rel, t);
  const videoState = () => page.evaluate(() => {
    const v = document.querySelector('video')!;
    const q = v.getVideoPlaybackQuality();
    return { w: v.videoWidth, frames: q.totalVideoFrames, t: v.currentTime, paused: v.paused, ended: v.ended, rate: v.playbackRate, muted: v.muted };
  });
  async function showsPicture(): Promise<void> {
    await expect.poll(async () => (await videoState()).w, { timeout: 20_000 }).toBeGreaterThan(0);
    const a = await videoState();
    const moved = async () => { const b = await videoState(); return b.frames > a.frames || (b.ended && b.frames > 0); };
    await expect.poll(moved, { timeout: 10_000 }).toBe(true).catch(async (err: unknown) => {
      const extra = await page.evaluate(() => { const v = document.querySelector('video')!; const b = []; for (let i = 0; i < v.buffered.length; i++) b.push([v.buffered.start(i), v.buffered.end(i)]); return { b, rs: v.readyState, ns: v.networkState, err: v.error?.message, text: document.querySelector('.player')?.textContent }; });
      throw new Error(`${String(err)}: ${JSON.stringify({ a, now: await videoState(), extra })}`);
    });
  }

  // Every fixture that plays: a moving picture (frames presented with changing media times, a
  // clock that advances) and, where it has audio, decoded sound.
  for (const f of FIXTURES.filter((c) => c.plan && (c.picture || c.audio))) {
    const audio = f.audio === true;
    it(`plays ${f.file} (${f.about}) with ${[f.picture && 'a moving picture', audio && 'sound'].filter(Boolean).join(' and ')}`, async () => {
      await open(f.file);
      await playsWithPictureAndSound(page, { picture: f.picture, audio });
      if (f.file === 'cam-legacy/xvid.avi') await screenshot(page, 'player-xvid');
    });
  }

  for (const f of FIXTURES.filter((c) => !c.picture && c.file.startsWith('broken/'))) {
    it(`says why ${f.file} (${f.about}) cannot play`, async () => {
      await open(f.file);
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/cannot be played|could not be played/);
    });
  }

  it('seeks outside the buffer of a transcode to within 0.5 s and plays on; seeking back inside makes no request', async () => {
    await open('cam-long/long_120s.avi');
    await showsPicture();
    const before = transcodeRequests.length;
    const buffered = () => page.evaluate(() => { const b = document.querySelector('video')!.buffered; return b.length ? b.end(b.length - 1) : 0; });
    expect(await buffered()).toBeLessThan(45); // about 30 s ahead, not the whole file
    await page.evaluate(() => { document.querySelector('video')!.currentTime = 60; });
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeGreaterThan(59.5);
    const at = (await videoState()).t;
    expect(Math.abs(at - 60)).toBeLessThan(0.5);
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeGreaterThan(at + 0.3);
    expect(transcodeRequests.length).toBe(before + 1);
    expect(transcodeRequests.at(-1)).toMatch(/start=60\.000/);
    // Back inside what is buffered: the browser plays it, no new session.
    const back = await page.evaluate(() => { const v = document.querySelector('video')!; v.currentTime = v.currentTime - 0.3; return v.currentTime; });
    // Played on from there: a new session would have been asked for at the seek, before that.
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeGreaterThan(back + 0.5);
    expect(transcodeRequests.length).toBe(before + 1);
    await screenshot(page, 'player-seeked');
  });

  it('answers the keys: play/pause, ±5/10 s, frame step, speed, mute, Esc back to the grid', async () => {
    await open('cam-legacy/vga_10s.avi');
    await showsPicture();
    await page.locator('.player').focus();
    await page.keyboard.press(' ');
    await expect.poll(async () => (await videoState()).paused).toBe(true);
    await page.keyboard.press('k');
    await expect.poll(async () => (await videoState()).paused).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(async () => (await videoState()).paused).toBe(true);
    const t0 = (await videoState()).t;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeCloseTo(t0 + 5, 0);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeCloseTo(t0, 0);
    const t1 = (await videoState()).t;
    await page.keyboard.press('.');
    await expect.poll(async () => (await videoState()).t).toBeCloseTo(t1 + 1 / 25, 2);
    // A frame back lands on the frame before the one shown (decoded by the share): within a frame of t1.
    await page.keyboard.press(',');
    await expect.poll(async () => (await videoState()).t).toBeLessThan(t1 + 1 / 50);
    expect(Math.abs((await videoState()).t - t1)).toBeLessThan(1 / 25 + 0.002);
    // A step back pressed while the step forward is still seeking is not dropped by that seek.
    await page.keyboard.press('.');
    await page.keyboard.press(',');
    await expect.poll(async () => (await videoState()).t).toBeLessThan(t1 + 1 / 50);
    expect(Math.abs((await videoState()).t - t1)).toBeLessThan(1 / 25 + 0.002);
    await page.keyboard.press('l');
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeGreaterThan(9);
    await page.keyboard.press('j');
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeLessThan(1);
    await page.keyboard.press(']');
    expect((await videoState()).rate).toBe(2);
    for (let i = 0; i < 2; i++) await page.keyboard.press('[');
    expect((await videoState()).rate).toBe(0.5);
    await page.keyboard.press('Backspace');
    expect((await videoState()).rate).toBe(1);
    await page.keyboard.press('m');
    expect((await videoState()).muted).toBe(true);
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('f');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className ?? null)).toBe('player');
    await page.keyboard.press('Escape'); // leaves fullscreen first…
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
    expect(await page.locator('.player').count()).toBe(1);
    await page.keyboard.press('Escape'); // …then the player
    await expect.poll(() => page.getByTestId('grid').count()).toBe(1);
  });

  it('resumes where it stopped, and offers to start over', async () => {
    await open('cam-legacy/vga_10s.avi');
    await showsPicture();
    await page.evaluate(() => { const v = document.querySelector('video')!; v.currentTime = 6; v.pause(); });
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeCloseTo(6, 0);
    await page.locator('.player').focus();
    const saved = page.waitForResponse((r) => {
      if (!r.url().includes('/api/savePlayerState')) return false;
      const [, at] = JSON.parse(r.request().postData() ?? '[]') as [string, number];
      return Math.abs(at - 6) < 0.5;
    });
    await page.keyboard.press('Escape'); // leaving saves the position
    await expect.poll(() => page.getByTestId('grid').count()).toBe(1);
    await saved;
    await open('cam-legacy/vga_10s.avi');
    await expect.poll(() => page.getByText(/Resumed at 0:06/).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await videoState()).t, { timeout: 10_000 }).toBeGreaterThan(5.5);
  });

  it('steps to the next and previous recording within the filter', async () => {
    await page.goto(`${served.base}/#/?q=mpeg4&sort=name`);
    await expect.poll(() => page.locator('.tile[data-id]').count(), { timeout: 10_000 }).toBe(2);
    const names = await page.locator('.tile[data-id] .name').allTextContents();
    const title = () => page.locator('.player-title strong').textContent();
    await page.locator('.tile[data-id]').first().dblclick();
    await expect.poll(title, { timeout: 10_000 }).toBe(names[0]);
    await page.locator('.player').focus();
    await page.keyboard.press('n');
    await expect.poll(title, { timeout: 10_000 }).toBe(names[1]);
    await page.locator('.player').focus();
    const steps: number[] = [];
    const onQuery = (r: { url(): string; postData(): string | null }) => {
      if (!r.url().includes('/api/query')) return;
      const [q] = JSON.parse(r.postData() ?? '[{}]') as [{ limit?: number; offset?: number }];
      if (q.limit === 1) steps.push(q.offset ?? 0);
    };
    page.on('request', onQuery);
    await page.keyboard.press('n'); // the last one: stays
    expect(await title()).toBe(names[1]);
    await page.keyboard.press('p');
    await expect.poll(title, { timeout: 10_000 }).toBe(names[0]);
    page.off('request', onQuery);
    // Only the step back looked a recording up (asked after any the step past the last would have).
    expect(steps).toEqual([0]);
    await page.locator('.player').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.tile.selected .name').textContent()).toBe(names[0]);
  });


  it('offers an audio-track picker when there are several, and plays on with the other track', async () => {
    await open('cam-long/two_tracks.mkv');
    await showsPicture();
    const picker = page.getByLabel('Audio track');
    expect(await picker.locator('option').allTextContents()).toEqual([expect.stringMatching(/^Track 1 \(eng\)/), expect.stringMatching(/^Track 2 \(deu\)/)]);
    const before = transcodeRequests.length;
    await picker.selectOption({ index: 1 });
    await expect.poll(() => transcodeRequests.length).toBeGreaterThan(before);
    expect(transcodeRequests.at(-1)).toMatch(/audio=2/);
    await showsPicture();
  });

  it('plays a recording still being written up to what exists', async () => {
    const src = path.join(library, 'cam-long', 'long_120s.avi');
    const growing = path.join(library, 'cam-long', 'still_recording.avi');
    fs.writeFileSync(growing, fs.readFileSync(src).subarray(0, Math.floor(fs.statSync(src).size * 0.3)));
    const find = async () => (await queryInPage(page, { text: 'still_recording', limit: 1 }))[0] ?? null;
    await expect.poll(async () => (await find())?.status ?? null, { timeout: 10_000 }).toBe('recording');
    const id = (await find())!.id;
    await page.goto(`${served.base}/#/play/${id}`);
    await expect.poll(() => page.locator('.player-title').textContent()).toMatch(/Recording/);
    await showsPicture();
  });

  it('says a file is gone when it was deleted', async () => {
    const gone = path.join(library, 'cam-long', 'deleted_soon.mp4');
    fs.copyFileSync(path.join(library, 'cam-modern', 'h264_aac.mp4'), gone);
    const find = async () => (await queryInPage(page, { text: 'deleted_soon', limit: 1 }))[0]?.id ?? null;
    await expect.poll(find, { timeout: 10_000 }).not.toBeNull();
    const id = (await find())!;
    fs.rmSync(gone);
    await page.goto(`${served.base}/#/play/${id}`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/no longer in the library|no longer exists/);
  });

  it('shows the sprite frame over the seek bar, and downloads a snapshot in a LAN browser', async () => {
    await open('cam-legacy/vga_10s.avi');
    await showsPicture();
    const bar = (await page.locator('.seekbar').boundingBox())!;
    await page.mouse.move(bar.x + bar.width * 0.6, bar.y + bar.height / 2);
    await expect.poll(() => page.locator('.seek-preview').textContent()).toBe('0:06');
    await expect.poll(() => page.locator('.seek-sprite').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'player-seek-preview');
    await page.locator('.player').focus();
    const download = page.waitForEvent('download');
    await page.keyboard.press('s');
    expect((await download).suggestedFilename()).toMatch(/^cam-legacy vga_10s \d+m\d\d\.\ds\.png$/);
    await expect.poll(() => page.getByText(/Snapshot downloaded as cam-legacy vga_10s /).count()).toBe(1);
  });
});
