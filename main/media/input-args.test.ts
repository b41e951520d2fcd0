import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LIBRARY_DEMUXERS, VIDEO_EXTENSIONS, VIDEO_TYPES } from '../library/naming.mjs';
import { binaries } from './binaries.js';
import { inputArgs } from './input-args.js';

describe('inputArgs', () => {
  it('allows only the file protocol and the demuxers of indexed types', () => {
    expect(inputArgs('file:/dev/fd/3')).toEqual(['-protocol_whitelist', 'file,pipe', '-format_whitelist', LIBRARY_DEMUXERS, '-i', 'file:/dev/fd/3']);
    expect(LIBRARY_DEMUXERS.split(',')).not.toEqual(expect.arrayContaining(['hls']));
    for (const never of ['hls', 'concat', 'image2', 'tee', 'ffmetadata', 'lavfi', 'dash']) expect(LIBRARY_DEMUXERS.split(',')).not.toContain(never);
  });

  it('names a demuxer for every indexed extension, and each is one this ffmpeg has', async () => {
    const { ffmpeg } = await binaries();
    const listed = execFileSync(ffmpeg, ['-hide_banner', '-demuxers'], { encoding: 'utf8' });
    const names = new Set(listed.split('\n').flatMap((l) => /^\s*D\S*\s+(\S+)/.exec(l)?.[1]?.split(',') ?? []));
    for (const ext of VIDEO_EXTENSIONS) {
      const t = VIDEO_TYPES[ext as keyof typeof VIDEO_TYPES]!;
      expect(t.demuxers.length, ext).toBeGreaterThan(0);
      for (const d of t.demuxers) {
        expect(names.has(d), `${ext}: ${d}`).toBe(true);
        expect(LIBRARY_DEMUXERS.split(',')).toContain(d);
      }
    }
  });
});
