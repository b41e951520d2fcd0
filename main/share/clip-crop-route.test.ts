// "Only the zoomed area" as a LAN browser downloads it: GET /media/clip/<id>?…&exact=1&crop=x,y,w,h
// is an exact clip of that part of the picture; a crop on a fast clip, or outside the picture, is 400.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaUrl } from '../../contract/media-url.js';
import { shareHarness, type ShareHarness } from '../test-support/api-harness.js';
import { tmpDir } from '../test-support/tmp.js';
import { runMedia } from '../media/ffmpeg.js';

describe('a cropped clip download over the LAN share', () => {
  let h: ShareHarness;
  beforeAll(async () => { h = await shareHarness({ 'gate/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi' }); }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('is the zoomed part of the picture, exact, in even pixels', async () => {
    const id = h.idOf('2026-11-20_08-00-00.avi');
    const url = mediaUrl(h.base, 'tab', { kind: 'clip', id, from: 1, to: 3, exact: true, crop: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 } });
    expect(new URL(url).searchParams.get('crop')).toBe('0.25,0.25,0.5,0.5');
    const res = await fetch(url, { headers: { Cookie: h.cookie } });
    expect(res.status).toBe(200);
    const file = path.join(tmpDir(), 'zoomed.mp4');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', file], { timeoutMs: 20_000 });
    expect((JSON.parse(r.stdout.toString()) as { streams: Array<{ width: number; height: number }> }).streams[0]).toEqual({ width: 320, height: 240 });
  }, 60_000);

  it.each(['exact=0&crop=0.25,0.25,0.5,0.5', 'exact=1&crop=0.75,0,0.5,0.5', 'exact=1&crop=1e-1,0,0.5,0.5', 'exact=1&crop='])('refuses %s', async (q) => {
    const res = await fetch(`${h.base}/media/clip/${h.idOf('2026-11-20_08-00-00.avi')}?from=1&to=3&${q}`, { headers: { Cookie: h.cookie } });
    expect(res.status).toBe(400);
    await res.body?.cancel();
  });
});
