import { describe, expect, it } from 'vitest';
import { codecWords } from './session-mime.js';

describe('a session type in words', () => {
  it.each([
    ['video/mp4; codecs="avc1.640028, mp4a.6B"', 'H.264 with MP3 audio'],
    ['video/mp4; codecs="avc1.640028, mp4a.40.2"', 'H.264 with AAC audio'],
    ['video/mp4; codecs="hvc1.1.6.L93.B0"', 'HEVC'],
    ['video/mp4; codecs="vp09.00.10.08, opus"', 'VP9 with Opus audio'],
    ['video/mp4; codecs="xyz1"', 'xyz1'],
  ])('%s → %s', (type, words) => {
    expect(codecWords(type)).toBe(words);
  });
});
