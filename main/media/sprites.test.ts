import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../test-support/image-size.js';
import { fixtureLibrary } from '../test-support/media-library.js';
import { spawnCounts } from './ffmpeg.js';
import { ProbeService } from './probe-service.js';
import { parseShowinfoTimes, spriteInterval, SpriteService } from './sprites.js';
import { ImageCache } from './thumb-cache.js';

describe('sprite helpers', () => {
  it.each([[null, 5], [12, 2], [60, 2], [600, 6], [3600, 36]] as const)('interval for %s s is %s s', (d, want) => {
    expect(spriteInterval(d)).toBe(want);
  });
  it('reads frame times from showinfo', () => {
    const log = '[Parsed_showinfo_3 @ 0x5] n:   0 pts:      0 pts_time:0       duration: 1\n[Parsed_showinfo_3 @ 0x5] n:   1 pts: 250 pts_time:10.5 duration:1\nother\n';
    expect(parseShowinfoTimes(log)).toEqual([0, 10.5]);
  });
});

describe('SpriteService', () => {
  it('tiles keyframes of a file into one sheet with their times, once', async () => {
    const { lib, data, byName } = await fixtureLibrary({ 'cam/long.mp4': 'cam-modern/long_gop.mp4', 'cam/a.avi': 'cam-legacy/mpeg4.avi' });
    await new ProbeService(lib, data).probe(byName('long.mp4').id);
    const sprites = new SpriteService(lib, new ImageCache(data));
    const n = spawnCounts().ffmpeg;
    const [s, again] = await Promise.all([sprites.get(byName('long.mp4').id), sprites.get(byName('long.mp4').id)]);
    expect(again).toEqual(s);
    expect(s.index.times).toEqual([0, 10]); // a keyframe every 10 s in a 12 s file
    expect(s.index).toMatchObject({ cols: 10, rows: 1, tileWidth: 160, tileHeight: 90 });
    expect(imageSize(fs.readFileSync(s.file))).toEqual({ type: 'jpeg', width: 1600, height: 90 });
    await sprites.get(byName('long.mp4').id);
    expect(spawnCounts().ffmpeg - n).toBe(1);
    const unprobed = await sprites.get(byName('a.avi').id);
    expect(unprobed.index.times.length).toBeGreaterThan(0);
  });

  it('explains a file without pictures', async () => {
    const { lib, data, byName } = await fixtureLibrary({ 'cam/bad.avi': 'broken/garbage.avi', 'cam/audio.mp4': 'cam-modern/audio_only.mp4' });
    const sprites = new SpriteService(lib, new ImageCache(data));
    await expect(sprites.get(byName('bad.avi').id)).rejects.toThrow(/no sprite: .*Invalid data/);
    await expect(sprites.get(byName('audio.mp4').id)).rejects.toThrow(/no sprite/);
  });
});
