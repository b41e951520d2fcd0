// The arguments issue 35 adds to a clip, by table: the overlay chain goes first in the video's
// filters, the timecode subtitles join a copy as one more input (mov_text in MP4, SRT in MKV,
// with -sn gone), and a timelapse picks frames at speed/25 s, from keyframes only where they
// come at least that often.
import { describe, expect, it } from 'vitest';
import type { MediaProbe } from '../../contract/api.js';
import { clipArgs, timelapseFilter, timelapseFromKeyframes } from './clip-args.js';

const probe = (gop: number | null, codec = 'mpeg4'): MediaProbe => ({
  container: 'avi', startTime: 0, durationSec: 600, bitRate: null, audio: [{ index: 1, codec: 'mp3', channels: 2, sampleRate: 48000, language: null }],
  video: { index: 0, codec, profile: null, codecTag: null, pixFmt: 'yuv420p', bitDepth: 8, width: 1920, height: 1080, fps: 25, rotation: 0, fieldOrder: 'progressive', keyframeIntervalSec: gop },
});
const part = (p: MediaProbe, from = 0, to = 60) => ({ url: 'file:/dev/fd/3', probe: p, from, to });

describe('clip arguments for overlay, timecode and timelapse', () => {
  it('draws the overlay on an exact clip before anything else', () => {
    const args = clipArgs({ parts: [part(probe(2), 5, 10)], exact: true, container: 'mp4', out: 'o.mp4', overlay: ['drawtext=A'] });
    expect(args[args.indexOf('-vf') + 1]).toBe('drawtext=A');
  });

  it.each([['mp4', 'mov_text'], ['mkv', 'srt']] as const)('adds the timecode track to a copy in %s as %s', (container, codec) => {
    const args = clipArgs({ parts: [part(probe(2), 5, 10)], exact: false, container, out: `o.${container}`, timecode: '/data/t.srt' });
    expect(args).not.toContain('-sn');
    const inputs = args.flatMap((a, i) => (a === '-i' ? [args[i + 1]] : []));
    expect(inputs).toEqual(['file:/dev/fd/3', '/data/t.srt']);
    expect(args.join(' ')).toContain(`-map 1:0 -c:s ${codec}`);
    expect(args[args.length - 1]).toBe(`o.${container}`);
  });

  it('ignores the timecode on an exact clip (the overlay is drawn in)', () => {
    expect(clipArgs({ parts: [part(probe(2))], exact: true, container: 'mp4', out: 'o.mp4', timecode: '/t.srt' })).not.toContain('/t.srt');
  });

  it.each([
    [720, 10, true], [720, 30, false], [60, 2, true], [60, 3, false], [60, null, false],
  ] as const)('at %s× with keyframes each %s s: keyframes only = %s', (speed, gop, keyOnly) => {
    expect(timelapseFromKeyframes(probe(gop), speed)).toBe(keyOnly);
    const args = clipArgs({ parts: [part(probe(gop), 0, 600)], exact: true, container: 'mp4', out: 'o.mp4', timelapse: speed });
    expect(args.includes('-skip_frame')).toBe(keyOnly);
    expect(args).toContain('-an');
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(`[0:v:0]${timelapseFilter(speed)},format=yuv420p[v]`);
  });

  it('a timelapse of two recordings scales the second to the first and joins them', () => {
    const args = clipArgs({ parts: [part(probe(2)), part(probe(2))], exact: true, container: 'mp4', out: 'o.mp4', timelapse: 60, overlay: ['drawtext=A', 'drawtext=B'] });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toMatch(/^\[0:v:0\]drawtext=A,fps=25\/60,.*\[1:v:0\]drawtext=B,fps=25\/60.*concat=n=2:v=1:a=0\[v\]$/);
  });
});
