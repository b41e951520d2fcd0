import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../../contract/api.js';
import { CODEC_QUERIES, DEFAULT_CHROMIUM_CAPS } from '../../../contract/codec-caps.js';
import { codecLabel, formatDuration, likelyMode, problemOf } from './format.js';
import { LoadSlots } from './load-slots.js';

const entry = (filename: string, media?: LibraryEntry['media'], extra: Partial<LibraryEntry> = {}): LibraryEntry => ({
  id: 'x', root: '/r', relPath: filename, camera: 'c', filename, size: 1, mtimeMs: 0, recordedAt: 0, startedAt: 0, recordedAtFrom: 'mtime', status: 'ok',
  probe: media ? 'probed' : 'unprobed', ...(media ? { media } : {}), ...extra,
});
const m = (videoCodec: string | null, audioCodecs: string[] = []) => ({ durationSec: 10, videoCodec, width: 1, height: 1, audioCodecs });

describe('tile text', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('');
  });
  it.each([
    ['a.mp4', 'h264', ['aac'], 'direct'],
    ['a.mp4', 'h264', ['mp3'], 'direct'],
    ['a.webm', 'vp9', ['opus'], 'direct'],
    ['a.mkv', 'h264', ['aac'], 'remux'],
    // QuickTime is copied into MP4 by the plan: the tile says so too.
    ['a.mov', 'h264', ['aac'], 'remux'],
    ['a.MOV', 'h264', [], 'remux'],
    ['a.mp4', 'h264', ['pcm_mulaw'], 'remux'],
    ['a.avi', 'h264', ['mp3'], 'remux'],
    ['a.avi', 'mpeg4', ['mp3'], 'transcode'],
    ['a.mp4', 'hevc', ['aac'], 'transcode'],
  ] as const)('the tile of %s (%s + %j) shows the plan: %s', (name, video, audio, mode) => {
    expect(likelyMode(entry(name, m(video, [...audio])), DEFAULT_CHROMIUM_CAPS)).toBe(mode);
  });
  it('has no mode without a summary, and follows the viewer', () => {
    expect(likelyMode(entry('a.avi'), DEFAULT_CHROMIUM_CAPS)).toBeNull();
    expect(likelyMode(entry('a.mp4', m('hevc', ['aac'])), { ...DEFAULT_CHROMIUM_CAPS, [CODEC_QUERIES.hevc]: true })).toBe('direct');
  });
  it('labels codecs', () => {
    expect(codecLabel('mpeg4')).toBe('MPEG-4');
    expect(codecLabel('prores')).toBe('PRORES');
  });
  it('says why a file has a problem', () => {
    expect(problemOf(entry('a.mp4', undefined, { status: 'empty' }))).toMatch(/empty/);
    expect(problemOf(entry('a.mp4', undefined, { probe: 'failed', probeError: 'Invalid data found' }))).toBe('cannot be played: Invalid data found');
    expect(problemOf(entry('a.mp4', m('h264')))).toBeNull();
  });
});

describe('load slots', () => {
  it('runs at most N at once, in order, and forgets tiles that leave', () => {
    const slots = new LoadSlots(2);
    const started: number[] = [];
    const rel = [0, 1, 2, 3].map((i) => slots.acquire(() => started.push(i)));
    expect(started).toEqual([0, 1]);
    rel[2]!(); // scrolled away while waiting
    rel[0]!();
    expect(started).toEqual([0, 1, 3]);
    rel[0]!(); // twice is harmless
    expect(slots.active).toBe(2);
    rel[1]!();
    rel[3]!();
    expect(slots.active).toBe(0);
    expect(slots.queued).toBe(0);
  });
});
