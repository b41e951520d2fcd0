import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { fixture } from '../test-support/fixtures.js';
import { fixtureLibrary } from '../test-support/media-library.js';
import { spawnCounts } from './ffmpeg.js';
import { ProbeService } from './probe-service.js';

async function setup(files: Record<string, string>) {
  const t = await fixtureLibrary(files);
  return { ...t, probes: new ProbeService(t.lib, t.data) };
}

describe('ProbeService', () => {
  it('probes on demand, records the summary in the index, and serves the second ask from cache', async () => {
    const { lib, byName, probes, data } = await setup({ 'cam/a.avi': 'cam-legacy/mpeg4.avi' });
    const id = byName('a.avi').id;
    expect(lib.get(id)!.probe).toBe('unprobed');
    const before = spawnCounts().ffprobe;
    const r = await probes.probe(id);
    expect('probe' in r && r.probe.video?.codec).toBe('mpeg4');
    expect(lib.get(id)).toMatchObject({ probe: 'probed', media: { videoCodec: 'mpeg4', width: 320, height: 240, audioCodecs: ['mp2'] } });
    await probes.probe(id);
    await Promise.all([probes.probe(id), probes.probe(id)]);
    expect(spawnCounts().ffprobe - before).toBe(1);
    // …and it survives a restart.
    await lib.close();
    const again = await Library.open(data);
    expect(again.get(id)).toMatchObject({ probe: 'probed', media: { durationSec: expect.closeTo(2, 1) } });
  });

  it('shares one ffprobe between concurrent asks for the same file', async () => {
    const { byName, probes } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const before = spawnCounts().ffprobe;
    await Promise.all([1, 2, 3, 4].map(() => probes.probe(byName('a.mp4').id)));
    expect(spawnCounts().ffprobe - before).toBe(1);
  });

  it('keeps a failure with its reason and retries only when the file changes', async () => {
    const { root, lib, byName, probes } = await setup({ 'cam/bad.avi': 'broken/garbage.avi' });
    const id = byName('bad.avi').id;
    const r = await probes.probe(id);
    expect(r).toEqual({ error: expect.stringMatching(/^not a playable video/) });
    expect(lib.get(id)).toMatchObject({ probe: 'failed', probeError: expect.stringMatching(/Invalid data/) });
    const before = spawnCounts().ffprobe;
    probes.fillBackground();
    await probes.whenIdle();
    await probes.probe(id);
    expect(spawnCounts().ffprobe - before).toBe(0);
    // Replaced by a real video: a new version, probed afresh.
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), path.join(root, 'cam/bad.avi'));
    await lib.scan([root]);
    expect(lib.get(id)!.probe).toBe('unprobed');
    expect(await probes.probe(id)).toMatchObject({ probe: { video: { codec: 'h264' } } });
  });

  it('does not stick a result to a file that changed while it was probed', async () => {
    const { root, lib, byName } = await setup({ 'cam/a.mp4': 'cam-modern/h264_aac.mp4' });
    const old = byName('a.mp4');
    fs.appendFileSync(path.join(root, 'cam/a.mp4'), 'grown');
    await lib.scan([root]);
    expect(lib.applyProbe(old.id, old.size, old.mtimeMs, { error: 'stale' })).toBe(false);
    expect(lib.get(old.id)!.probe).toBe('unprobed');
  });

  it('works through the background queue, front first after prioritize, and pauses while playing', async () => {
    const files = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [`cam/${n}.mp4`, 'cam-modern/h264_noaudio.mp4']));
    const { lib, byName, probes } = await setup(files);
    const order: string[] = [];
    const apply = lib.applyProbe.bind(lib);
    lib.applyProbe = (id, ...rest) => { order.push(lib.get(id)!.filename); return apply(id, ...rest); };

    const resume = probes.pauseForPlayback();
    probes.fillBackground();
    probes.prioritize([byName('c.mp4').id]);
    probes.cancel([byName('b.mp4').id]);
    // The queue starts work synchronously when it may: paused, all three still wait, none ran.
    expect(probes.pending).toBe(3);
    expect(order).toEqual([]);
    resume();
    await probes.whenIdle();
    expect(order[0]).toBe('c.mp4');
    expect(order.sort()).toEqual(['a.mp4', 'c.mp4', 'd.mp4']);
    expect(lib.query({ probe: ['unprobed'] }).items.map((e) => e.filename)).toEqual(['b.mp4']);
  });

  it('cancel drops only the caller\'s requests: a file another viewer asked for stays queued', async () => {
    const files = Object.fromEntries(['a', 'b'].map((n) => [`cam/${n}.mp4`, 'cam-modern/h264_noaudio.mp4']));
    const { byName, probes } = await setup(files);
    const resume = probes.pauseForPlayback();
    const [a, b] = [byName('a.mp4').id, byName('b.mp4').id];
    probes.prioritize([a, b], 'dev1:tab');
    probes.prioritize([a], 'dev2:tab');
    probes.cancel([a, b], 'dev1:tab');
    expect(probes.pending).toBe(1); // a: dev2 still wants it; b: nobody does
    probes.cancel([a], 'dev3:tab'); // never asked: changes nothing
    expect(probes.pending).toBe(1);
    probes.cancel([a], 'dev2:tab');
    expect(probes.pending).toBe(0);
    resume();
  });

  it('stop() kills what runs and empties the queue', async () => {
    const files = Object.fromEntries(['a', 'b', 'c'].map((n) => [`cam/${n}.mp4`, 'cam-modern/h264_noaudio.mp4']));
    const { probes } = await setup(files);
    probes.fillBackground();
    probes.stop();
    expect(probes.pending).toBe(0);
  });
});
