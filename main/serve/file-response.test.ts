import { describe, expect, it } from 'vitest';
import { mimeOf } from '../library/naming.mjs';
import { inTime } from '../media/contained-file.js';
import { MediaError } from '../media/media-error.js';
import { etagOf } from './file-response.js';

describe('file-response helpers', () => {
  it('gives up on a filesystem call that never answers (a hung mount) with words for the user', async () => {
    const t = Date.now();
    const err = await inTime(new Promise(() => undefined), 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe('not-answering');
    expect((err as Error).message).toMatch(/not answering/);
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(inTime(Promise.resolve(7), 50)).resolves.toBe(7);
  });

  it.each([['a.MP4', 'video/mp4'], ['b.avi', 'video/x-msvideo'], ['c.m2ts', 'video/mp2t'], ['d.unknown', 'application/octet-stream']])('MIME of %s', (f, want) => {
    expect(mimeOf(f)).toBe(want);
  });

  it('makes a strong ETag from size and mtime', () => {
    expect(etagOf(255, 4096.7)).toBe('"ff-1000"');
  });
});
