import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstMeaningfulLine, quoteArg, runMedia, runningProcesses, spawnMedia } from './ffmpeg.js';

/** Whether process `pid` has a handler for signal `n` (its bit in SigCgt of /proc/<pid>/status). */
function catches(pid: number, n: number): boolean {
  const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return !!line && ((BigInt(`0x${line[1]!}`) >> BigInt(n - 1)) & 1n) === 1n;
}

describe('spawnMedia', () => {
  it('runs at low priority and is registered until it exits', async () => {
    const p = await spawnMedia('ffmpeg', ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=duration=5', '-f', 'null', '-'], { priority: 'background' });
    expect(runningProcesses().has(p)).toBe(true);
    expect(p.commandLine).toMatch(/^ffmpeg -nostdin -hide_banner -v error -re/);
    if (process.platform === 'linux') {
      const nice = Number(fs.readFileSync(`/proc/${p.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
      expect(nice).toBe(19);
    }
    p.stop();
    const exit = await p.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 255).toBe(true);
    expect(runningProcesses().has(p)).toBe(false);
  });

  it('stops a child when its AbortSignal fires', async () => {
    const ac = new AbortController();
    const p = await spawnMedia('ffmpeg', ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=duration=30', '-f', 'null', '-'], { signal: ac.signal });
    ac.abort();
    const exit = await p.exited;
    // ffmpeg ends on SIGTERM either by the signal or, once its handler is in, with code 255; never
    // by the SIGKILL that follows a SIGTERM left unanswered.
    expect(exit.signal === 'SIGTERM' || exit.code === 255).toBe(true);
  });

  it('kills with SIGKILL a child that ignores SIGTERM', async () => {
    const p = await spawnMedia('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2', '-f', 'null', '-']);
    // ffmpeg installs its SIGTERM handler once it has started: stopped before that, SIGTERM
    // would end it by default and no SIGKILL would be needed.
    await expect.poll(() => catches(p.child.pid!, 15), { timeout: 20_000 }).toBe(true);
    // Stopped, a caught SIGTERM stays pending forever, like a child stuck in the kernel: only SIGKILL ends it.
    process.kill(p.child.pid!, 'SIGSTOP');
    p.stop();
    expect((await p.exited).signal).toBe('SIGKILL');
  });

  it('runMedia collects stdout and times out', async () => {
    const ok = await runMedia('ffprobe', ['-v', 'error', '-of', 'json', '-f', 'lavfi', '-show_streams', 'testsrc2=duration=0.1'], { timeoutMs: 10_000 });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout.toString()).streams[0].codec_type).toBe('video');
    const slow = await runMedia('ffmpeg', ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=duration=30', '-f', 'null', '-'], { timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
  });
});

describe('helpers', () => {
  it.each([
    ['plain', 'plain'],
    ['with space', `'with space'`],
    [`it's`, `'it'\\''s'`],
    ['file:/a/b.mp4', 'file:/a/b.mp4'],
  ])('quoteArg(%s)', (a, want) => {
    expect(quoteArg(a)).toBe(want);
  });

  it.each([
    ['file:/x/garbage.avi: Invalid data found when processing input\n', 'Invalid data found when processing input'],
    ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c0] moov atom not found\nfile:/x/a.mp4: Invalid data found when processing input\n', 'moov atom not found'],
    ['', ''],
  ])('firstMeaningfulLine(%j)', (stderr, want) => {
    expect(firstMeaningfulLine(stderr)).toBe(want);
  });
});
