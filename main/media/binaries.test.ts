import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { locateBinaries, MissingFfmpegError } from './binaries.js';

function fakeBin(dir: string, name: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return p;
}
const none = () => ({ ffmpeg: null, ffprobe: null });

describe('locateBinaries', () => {
  it('takes FFMPEG_PATH and FFPROBE_PATH first, as a pair', () => {
    const d = tmpDir();
    const env = { FFMPEG_PATH: fakeBin(d, 'my-ffmpeg'), FFPROBE_PATH: fakeBin(d, 'my-ffprobe'), PATH: '' };
    expect(locateBinaries(env, none)).toEqual({ ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH, source: 'env' });
  });

  it('refuses half a pair from the environment instead of mixing sources', () => {
    const d = tmpDir();
    const env = { FFMPEG_PATH: fakeBin(d, 'ffmpeg'), PATH: d };
    fakeBin(d, 'ffprobe');
    expect(() => locateBinaries(env, none)).toThrow(/FFPROBE_PATH is not set/);
    expect(() => locateBinaries({ FFMPEG_PATH: '/nope/ffmpeg', FFPROBE_PATH: env.FFMPEG_PATH }, none)).toThrow(/FFMPEG_PATH \(\/nope\/ffmpeg\) is not an executable file/);
  });

  it('uses the packaged pair only when both are there, else both from PATH', () => {
    const pkg = tmpDir();
    const onPath = tmpDir();
    const packaged = { ffmpeg: fakeBin(pkg, 'ffmpeg'), ffprobe: fakeBin(pkg, 'ffprobe') };
    fakeBin(onPath, 'ffmpeg');
    fakeBin(onPath, 'ffprobe');
    expect(locateBinaries({ PATH: onPath }, () => packaged).source).toBe('packaged');
    expect(locateBinaries({ PATH: onPath }, () => ({ ...packaged, ffprobe: null }))).toEqual({
      ffmpeg: path.join(onPath, 'ffmpeg'), ffprobe: path.join(onPath, 'ffprobe'), source: 'path',
    });
  });

  it('says what to install when nothing is found', () => {
    const onlyProbe = tmpDir();
    fakeBin(onlyProbe, 'ffprobe');
    const err = (() => { try { locateBinaries({ PATH: tmpDir() }, none); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(MissingFfmpegError);
    expect((err as Error).message).toMatch(/^ffmpeg and ffprobe were not found\. Install ffmpeg .*apt install ffmpeg.*FFMPEG_PATH and FFPROBE_PATH/);
    expect(() => locateBinaries({ PATH: onlyProbe }, none)).toThrow(/^ffmpeg was not found/);
  });
});
