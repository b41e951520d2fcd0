// Proof of issue 31 §4 on the ground-truth scene: per codec, sizes alone find the events where the
// codec lets them (and say so where it does not), and the pixel pass finds them in every codec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScene, SCENE_CODECS, SCENE_DECODER, scoreEvents, type Scene, type SceneCodec } from '../../test-support/activity-scene.js';
import { fileTmpDir } from '../../test-support/tmp.js';
import { openContained, type ContainedFile } from '../contained-file.js';
import { pixelPass } from './pixel-pass.js';
import { readVideoFrames } from './read-frames.js';
import { sizeActivity } from './size-levels.js';
import { keyframeGapSec, type VideoFrames } from './video-frames.js';

const SECONDS = 40;
const MOVERS = [{ from: 8, to: 11 }, { from: 25, to: 29 }];
const SIZES_SEE: SceneCodec[] = ['mpeg4', 'h264-vbr', 'hevc', 'mpeg2'];

let dir = '';
const scenes = new Map<SceneCodec, Scene>();
const open: ContainedFile[] = [];

beforeAll(async () => {
  dir = fileTmpDir('rv-truth-');
  for (const codec of SCENE_CODECS) scenes.set(codec, await makeScene(dir, codec, { codec, seconds: SECONDS, movers: MOVERS }));
}, 180_000);

afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
});

async function framesOf(codec: SceneCodec): Promise<{ file: ContainedFile; frames: VideoFrames }> {
  const file = await openContained(dir, scenes.get(codec)!.file);
  open.push(file);
  return { file, frames: await readVideoFrames(file.handle, file.size) };
}

describe('activity from frame sizes', () => {
  it.each(SIZES_SEE)('%s: finds every event, with little outside', async (codec) => {
    const { frames } = await framesOf(codec);
    const a = sizeActivity(frames);
    expect(a.blind).toBeNull();
    const s = scoreEvents(scenes.get(codec)!.truth, a.events, SECONDS);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.falseShare).toBeLessThanOrEqual(0.1);
  });

  it.each([['h264-cbr', 'constant-bitrate'], ['mjpeg', 'intra-only']] as const)('%s: marked blind (%s), no events claimed', async (codec, why) => {
    const { frames } = await framesOf(codec);
    const a = sizeActivity(frames);
    expect(a.blind).toBe(why);
    expect(a.events).toEqual([]);
  });
});

describe('activity from pixels', () => {
  it('finds every event in all six codecs, from one ffmpeg for the whole batch', async () => {
    const jobs = await Promise.all(SCENE_CODECS.map(async (codec) => {
      const { file, frames } = await framesOf(codec);
      const intraOnly = frames.keys.every(Boolean);
      return { file, info: { codec: SCENE_DECODER[codec], width: frames.width, keyframeIntervalSec: keyframeGapSec(frames), intraOnly } };
    }));
    const { spawnCounts } = await import('../ffmpeg.js');
    const before = spawnCounts().ffmpeg;
    const results = await pixelPass(jobs);
    expect(spawnCounts().ffmpeg - before).toBe(1);
    SCENE_CODECS.forEach((codec, k) => {
      const s = scoreEvents(scenes.get(codec)!.truth, results[k]!.events, SECONDS);
      expect({ codec, ...s, ok: s.recall >= 0.95 && s.falseShare <= 0.1 }).toEqual({ codec, ...s, ok: true });
    });
  });
});
