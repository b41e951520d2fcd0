// A paused player stops reading; the share lets such a stream go after a while (60 s; 1.5 s
// here) so a slow client cannot hold a connection and an ffmpeg. On resume the player reopens
// the session where the old one stopped, and the user sees no error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/chromium.js';
import { playerPage, type PlayerPage } from './support/player-page.js';

const IDLE_MS = 1500;

describe.skipIf(!haveChromium)('player after a long pause', () => {
  let p: PlayerPage;
  beforeAll(async () => {
    p = await playerPage({}, {
      env: { REELVAULT_STREAM_IDLE_MS: String(IDLE_MS) },
      prepare(library) {
        fs.mkdirSync(path.join(library, 'cam'));
        // Noise converts to far more than the buffers between ffmpeg and the page hold.
        const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15:duration=90', '-vf', 'noise=alls=60:allf=t', '-c:v', 'mpeg4', '-q:v', '6', path.join(library, 'cam', 'a.avi')]);
        if (r.status !== 0) throw new Error(r.stderr.toString());
      },
    });
  });
  afterAll(async () => { await p?.close(); });

  // Retried: whether the share's cut-off comes while the player waits depends on how much the
  // kernel and Chromium buffer on this machine at that moment (it failed about 1 run in 4 here,
  // with the code before this change too); a player that never reopens fails all three.
  it('reopens a session the share closed while paused, at its position, with no error shown', { retry: 2 }, async () => {
    const { page, sessionRequests: requests } = p;
    // Each attempt starts afresh: a blank page first (the same address would keep the old
    // player), and only this attempt's requests counted.
    await page.goto('about:blank');
    requests.length = 0;
    await p.open('cam/a.avi');
    const state = () => page.evaluate(() => {
      const v = document.querySelector('video')!;
      const b = v.buffered;
      return { t: v.currentTime, end: b.length ? b.end(b.length - 1) : 0, paused: v.paused, alert: document.querySelector('[role=alert]')?.textContent ?? null };
    });
    // Play until the player is well ahead (it then stops reading), then pause.
    await expect.poll(async () => (await state()).end, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.keyboard.press('k');
    await expect.poll(async () => (await state()).paused).toBe(true);
    const before = await state();
    expect(requests.length).toBe(1);
    // The share lets the unread stream go after IDLE_MS: its ffmpeg ends.
    await expect.poll(() => ffmpegChildren(p.served.proc.pid!), { timeout: 30_000 }).toBe(0);
    // Resume, fast, to reach where the closed stream stopped.
    await page.evaluate(() => { const v = document.querySelector('video')!; v.playbackRate = 8; void v.play(); });
    await expect.poll(async () => requests.length, { timeout: 30_000 }).toBe(2);
    const reopened = Number(new URL(requests[1]!).searchParams.get('start'));
    expect(reopened).toBeGreaterThanOrEqual(before.end - 1);
    await expect.poll(async () => (await state()).t, { timeout: 30_000 }).toBeGreaterThan(reopened + 2);
    expect((await state()).alert).toBeNull();
  });
});

/** The ffmpeg processes a process started (read from /proc: no procps needed). */
function ffmpegChildren(pid: number): number {
  let n = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(fs.readFileSync(`/proc/${d}/stat`, 'utf8'));
      if (m && m[1] === 'ffmpeg' && Number(m[2]) === pid) n++;
    } catch { /* gone meanwhile */ }
  }
  return n;
}
