import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientCaps, MediaProbe } from '../../contract/api.js';
import { CODEC_QUERIES, DEFAULT_CHROMIUM_CAPS, detectCaps, fileKey } from '../../contract/codec-caps.js';
import { decideMode, summaryFacts } from '../../contract/playback-decision.js';
import { fixture } from '../test-support/fixtures.js';
import { FIXTURES } from '../test-support/fixture-cases.js';
import { planPlayback } from './playback-plan.js';
import { probeFile, summarize } from './probe.js';

const probed = new Map<string, MediaProbe>();
async function probeOf(file: string): Promise<MediaProbe> {
  let p = probed.get(file);
  if (!p) {
    p = await probeFile(fixture(file));
    probed.set(file, p);
  }
  return p;
}
const plan = async (file: string, caps: ClientCaps = DEFAULT_CHROMIUM_CAPS) => planPlayback(await probeOf(file), caps, { ext: path.extname(file) });

describe('playback plan for every fixture, default Chromium', () => {
  it.each(FIXTURES.filter((c) => c.plan).map((c) => [c.file, c.plan] as const))('%s → %s', async (file, mode) => {
    expect((await plan(file)).mode).toBe(mode);
  });
});

describe('playback plan details', () => {
  it('plays H.264 + AAC in MP4 as it is', async () => {
    expect(await plan('cam-modern/h264_aac.mp4')).toEqual({ mode: 'direct', videoReasons: [], audio: 'copy', audioStream: 1, sourceStart: 0 });
  });

  it('remuxes H.264 in AVI and converts MP2, PCM and G.711 audio to AAC', async () => {
    expect(await plan('cam-modern/h264_mp2.avi')).toMatchObject({
      mode: 'remux', audio: 'aac', videoReasons: ['the AVI container is not opened by browsers'], audioReason: 'MPEG audio layer 2 audio is converted to AAC',
    });
    expect(await plan('cam-modern/h264_pcm.avi')).toMatchObject({ mode: 'remux', audio: 'aac' });
    expect(await plan('cam-modern/h264_mulaw.mov')).toMatchObject({ mode: 'remux', audio: 'aac', audioReason: 'G.711 μ-law audio is converted to AAC' });
    expect(await plan('cam-modern/h264_aac.mkv')).toMatchObject({ mode: 'remux', audio: 'copy', videoReasons: ['the Matroska container is not opened by browsers'] });
  });

  it('transcodes legacy codecs with a reason in words', async () => {
    expect(await plan('cam-legacy/xvid.avi')).toMatchObject({ mode: 'transcode', videoReasons: ['MPEG-4 Part 2 (Xvid/DivX) is not decoded by browsers'], audio: 'aac' });
    expect((await plan('cam-legacy/mjpeg.avi')).videoReasons).toEqual(['Motion JPEG is not decoded by browsers']);
    expect((await plan('cam-legacy/wmv2.wmv')).videoReasons).toEqual(['Windows Media Video 8 is not decoded by browsers']);
    expect((await plan('cam-legacy/mpeg4_noaudio.avi')).audio).toBe('none');
  });

  it('follows the viewer for HEVC and 10-bit H.264', async () => {
    expect((await plan('cam-modern/hevc_aac.mp4')).videoReasons).toEqual(['HEVC (H.265) video is not decoded by this player']);
    const withHevc = { ...DEFAULT_CHROMIUM_CAPS, [CODEC_QUERIES.hevc]: true, [CODEC_QUERIES.h264High10]: true };
    expect((await plan('cam-modern/hevc_aac.mp4', withHevc)).mode).toBe('direct');
    expect((await plan('cam-modern/hevc.mov', withHevc)).mode).toBe('remux');
    expect((await plan('cam-modern/h264_10bit.mkv', withHevc)).mode).toBe('remux');
  });

  it('a viewer that decodes nothing gets transcodes, and one without AAC gets no copied AAC', async () => {
    expect((await plan('cam-modern/h264_aac.mp4', {})).mode).toBe('transcode');
    const noAac = { ...DEFAULT_CHROMIUM_CAPS, [CODEC_QUERIES.aac]: false };
    expect(await plan('cam-modern/h264_aac.mp4', noAac)).toMatchObject({ mode: 'remux', audio: 'aac' });
  });

  it('decides the audio too: a conversion converts it (cut with the video), ADTS AAC from MPEG-TS is converted', async () => {
    // MP3 a browser plays, but a copy would start at the keyframe before the video's cut.
    expect(await plan('cam-legacy/xvid_mp3.avi')).toMatchObject({ mode: 'transcode', audio: 'aac' });
    expect(await plan('cam-modern/hevc_aac.mp4')).toMatchObject({ mode: 'transcode', audio: 'aac' });
    expect(await plan('cam-modern/start_offset.ts')).toMatchObject({ mode: 'remux', audio: 'aac' });
    expect(await plan('cam-modern/h264_aac.mkv')).toMatchObject({ mode: 'remux', audio: 'copy' });
  });

  it('keeps the MPEG-TS start time for the timeline', async () => {
    expect((await plan('cam-modern/start_offset.ts')).sourceStart).toBeCloseTo(1.4, 1);
  });

  it('plays VP9 + Opus WebM directly, and audio-only MP4 directly', async () => {
    expect(await plan('cam-modern/vp9_opus.webm')).toMatchObject({ mode: 'direct', audio: 'copy' });
    expect(await plan('cam-modern/audio_only.mp4')).toMatchObject({ mode: 'direct', audio: 'copy', audioStream: 0 });
  });

  it('scales down pictures larger than decoders handle', () => {
    const huge: MediaProbe = {
      container: 'mov,mp4,m4a,3gp,3g2,mj2', startTime: 0, durationSec: 1, bitRate: null, audio: [],
      video: { index: 0, codec: 'h264', profile: 'High', codecTag: 'avc1', pixFmt: 'yuv420p', bitDepth: 8, width: 16384, height: 16384, fps: 1, rotation: 0, fieldOrder: null, keyframeIntervalSec: null },
    };
    expect(planPlayback(huge, DEFAULT_CHROMIUM_CAPS, { ext: '.mp4' })).toMatchObject({ mode: 'transcode', videoReasons: ['the picture (16384×16384) is larger than players decode'] });
  });
});

describe('a stream fed to MSE is judged by MediaSource alone, a file by canPlayType', () => {
  // What Chromium answered here: canPlayType "probably" for MP3 in MP4, MediaSource no.
  const chromium = detectCaps({ mse: (q) => q !== CODEC_QUERIES.hevc && q !== CODEC_QUERIES.mp3Mp4, file: (q) => q !== CODEC_QUERIES.hevc });

  it('H.264 + MP3 in AVI: the video is copied, the MP3 converted (MSE refuses MP3 in MP4)', async () => {
    for (const caps of [chromium, DEFAULT_CHROMIUM_CAPS]) {
      expect(await plan('cam-modern/h264_mp3.avi', caps)).toMatchObject({ mode: 'remux', audio: 'aac', audioReason: 'MP3 audio is converted to AAC' });
    }
    // A viewer whose MediaSource takes MP3 in MP4 gets it copied.
    expect(await plan('cam-modern/h264_mp3.avi', { ...chromium, [CODEC_QUERIES.mp3Mp4]: true })).toMatchObject({ mode: 'remux', audio: 'copy' });
  });

  it('H.264 + MP3 in MP4 plays as a file where canPlayType says so, and is converted for MSE where not', async () => {
    const p = await probeOf('cam-modern/h264_aac.mp4');
    const mp3: MediaProbe = { ...p, audio: p.audio.map((a) => ({ ...a, codec: 'mp3' })) };
    expect(planPlayback(mp3, chromium, { ext: '.mp4' })).toMatchObject({ mode: 'direct', audio: 'copy' });
    expect(planPlayback(mp3, { ...chromium, [fileKey(CODEC_QUERIES.mp3Mp4)]: false }, { ext: '.mp4' })).toMatchObject({ mode: 'remux', audio: 'aac' });
  });

  it('a viewer that reported one answer per query (an older client) is taken at it for both', async () => {
    const old = Object.fromEntries(Object.values(CODEC_QUERIES).map((q) => [q, q !== CODEC_QUERIES.hevc]));
    expect((await plan('cam-modern/h264_aac.mp4', old)).mode).toBe('direct');
    expect(await plan('cam-modern/h264_mp3.avi', old)).toMatchObject({ mode: 'remux', audio: 'copy' });
  });
});

describe("a tile's badge is the plan's decision", () => {
  // The index's summary has no bit depth: 10-bit H.264 reads as 8-bit on a tile, so a viewer
  // without 10-bit H.264 sees it copied there and converted in the player.
  const blind = new Set(['cam-modern/h264_10bit.mkv']);
  it.each(FIXTURES.filter((c) => c.plan && !blind.has(c.file)).map((c) => [c.file] as const))('%s', async (file) => {
    const p = await probeOf(file);
    for (const caps of [DEFAULT_CHROMIUM_CAPS, { ...DEFAULT_CHROMIUM_CAPS, [CODEC_QUERIES.hevc]: true }]) {
      expect(decideMode(summaryFacts(path.basename(file), summarize(p)), caps).mode).toBe(planPlayback(p, caps, { ext: path.extname(file) }).mode);
    }
  });
});
