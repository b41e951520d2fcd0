import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_STREAM_TYPE, FrameReader } from '../../contract/frame-stream.js';
import { createCore } from '../service/core.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';

describe('a media URL with speed=N', () => {
  it('answers pictures on the file\'s timeline, and refuses speeds outside −8…64 or 0', async () => {
    const root = tmpDir();
    fs.mkdirSync(path.join(root, 'cam'));
    fs.copyFileSync(fixture('cam-legacy/mpeg4.avi'), path.join(root, 'cam', 'a.avi'));
    const core = await createCore({ dataDir: tmpDir('rv-data-'), local: false });
    try {
      await core.library.scan([root]);
      const id = core.library.query({ limit: 10 }).items[0]!.id;
      const get = (q: string) => core.handler(new Request(`http://app/media/transcode/${id}?viewer=t&${q}`));
      const r = await get('start=0&speed=-1&maxHeight=120');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(FRAME_STREAM_TYPE);
      const frames = new FrameReader().push(new Uint8Array(await r.arrayBuffer()));
      expect(frames.map((f) => f.time)).toEqual([0]); // reverse from the first frame: that frame alone
      for (const bad of ['speed=0', 'speed=65', 'speed=-9', 'speed=1e3', 'speed=abc']) expect((await get(bad)).status, bad).toBe(400);
    } finally {
      await core.close();
    }
  });
});
