// The LAN share's clip download: GET /media/clip/<id>?from=&to=&exact=, a stream with a
// Content-Disposition no folder name can break, 400 for an interval outside the file or past the
// caps, and a client that goes away ends its ffmpeg at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { tmpDir } from '../test-support/tmp.js';
import { runMedia, runningProcesses } from '../media/ffmpeg.js';
import { attachmentHeader } from '../serve/clip-response.js';

describe('clip downloads over the LAN share', () => {
  let h: ShareHarness;
  beforeAll(async () => {
    h = await shareHarness({ 'gate\r\nnorth/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi', 'yard/clip.mp4': 'cam-modern/h264_aac.mp4' });
    // A 31-minute recording (tiny), for the caps.
    const long = path.join(h.root, 'yard', 'long.avi');
    const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=32x32:r=1:d=1900', '-c:v', 'mpeg4', '-g', '60', long]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    await h.runner.scan();
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  const get = (id: string, q: string, init: RequestInit = {}) => fetch(`${h.base}/media/clip/${id}?${q}`, { ...init, headers: { Cookie: h.cookie } });

  it('streams an exact clip as fragmented MP4, named for the camera and moment, in one piece', async () => {
    const id = h.idOf('2026-11-20_08-00-00.avi');
    const res = await get(id, 'from=2&to=5&exact=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const cd = res.headers.get('content-disposition')!;
    expect(cd).not.toMatch(/[\r\n]/);
    expect(cd).toMatch(/^attachment; filename="gate__north 2026-11-20 08\.00\.02-08\.00\.05\.mp4"; filename\*=UTF-8''gate__north%202026-11-20%2008\.00\.02%E2%80%9308\.00\.05\.mp4$/);
    const file = path.join(tmpDir(), 'clip.mp4');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const r = await runMedia('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { timeoutMs: 20_000 });
    const j = JSON.parse(r.stdout.toString()) as { streams: Array<{ codec_name: string }>; format: { duration: string } };
    expect(j.streams.map((s) => s.codec_name)).toContain('h264');
    // (The container's duration includes the AAC encoder's padding: a frame or two.)
    expect(Math.abs(Number(j.format.duration) - 3)).toBeLessThanOrEqual(0.1);
  });

  it('copies a fast clip from the keyframe before, and says where it starts', async () => {
    const id = h.idOf('clip.mp4');
    const res = await get(id, 'from=0.5&to=1.5&exact=0');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-reelvault-clip-start'))).toBeLessThanOrEqual(0.5);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('answers 400 for intervals outside the file, reversed, malformed or past the caps', async () => {
    const id = h.idOf('2026-11-20_08-00-00.avi');
    for (const q of ['from=5&to=2&exact=1', 'from=2&to=50&exact=1', 'from=x&to=2', 'from=1&to=2&exact=yes', 'to=2', 'from=-1&to=2&exact=0']) {
      const res = await get(id, q);
      expect(res.status, q).toBe(400);
      await res.body?.cancel();
    }
    const long = h.idOf('long.avi');
    const over = await get(long, 'from=0&to=1860&exact=1');
    expect(over.status).toBe(400);
    expect(((await over.json()) as { message: string }).message).toMatch(/at most 30 min/);
    const copy = await get(long, 'from=0&to=1860&exact=0');
    expect(copy.status).toBe(200); // a copy may be up to 4 h
    await copy.body?.cancel();
  });

  it('ends its ffmpeg at once when the client goes away mid-stream', async () => {
    const id = h.idOf('long.avi');
    const ac = new AbortController();
    const res = await get(id, 'from=0&to=1800&exact=1', { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    expect(runningProcesses().size).toBeGreaterThan(0);
    ac.abort();
    await expect.poll(() => runningProcesses().size, { timeout: 3000 }).toBe(0);
  });

  it('keeps CR, LF and quotes out of the header whatever the name', () => {
    const h1 = attachmentHeader('a"b\\c\r\nd–é.mp4');
    expect(h1).not.toMatch(/[\r\n]/);
    expect(h1).toBe(`attachment; filename="a_b_c__d-_.mp4"; filename*=UTF-8''a%22b%5Cc%0D%0Ad%E2%80%93%C3%A9.mp4`);
  });
});
