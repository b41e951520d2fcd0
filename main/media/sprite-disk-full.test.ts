// A sprite that cannot be saved on a full disk says so, as a thumbnail does, instead of "no
// picture" (which blames the file). (New file beside sprites.test.ts.)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureLibrary } from '../test-support/media-library.js';
import { tmpDir } from '../test-support/tmp.js';
import { SpriteService } from './sprites.js';
import { ImageCache } from './thumb-cache.js';
import { diskFullError, isDiskFull } from './thumbnail-errors.js';

const canMount = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
  const d = tmpDir();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d]).status === 0;
  if (ok) spawnSync('umount', [d]);
  return ok;
})();

describe('a full disk', () => {
  it.each<[unknown, boolean]>([
    ['[image2 @ 0x1] av_interleaved_write_frame(): No space left on device', true],
    ['Error writing trailer of out.jpg: No space left on device', true],
    [Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), true],
    ['Invalid data found when processing input', false],
    [Object.assign(new Error('EACCES'), { code: 'EACCES' }), false],
    [null, false],
  ])('is recognised in %s: %s', (reason, want) => {
    expect(isDiskFull(reason)).toBe(want);
  });

  it('one wording for thumbnails and sprites, blaming the disk', () => {
    expect(diskFullError('sprite')).toMatchObject({ code: 'failed', message: 'the disk is full, so the sprite could not be saved' });
    expect(diskFullError('thumbnail')).toMatchObject({ code: 'failed', message: 'the disk is full, so the thumbnail could not be saved' });
  });

  it.skipIf(!canMount)('a sprite on a full disk says the disk is full, not "no picture", and leaves no partial file', async () => {
    const { lib, byName } = await fixtureLibrary({ 'cam/long.mp4': 'cam-modern/long_gop.mp4' });
    const small = tmpDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', small]);
    try {
      const sprites = new SpriteService(lib, new ImageCache(small));
      fs.writeFileSync(path.join(small, 'filler'), Buffer.alloc(16 * 1024));
      const err = await sprites.get(byName('long.mp4').id).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'failed', message: expect.stringMatching(/the disk is full/) });
      expect(execFileSync('find', [small, '-name', '*.tmp']).toString()).toBe('');
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
