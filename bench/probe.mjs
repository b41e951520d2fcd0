// `npm run bench -- probe`: the probe module against a bare ffprobe running the same command,
// and what 1,000 background probes cost a transcode running beside them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, fmtMs, median, printTable, timeSpawn, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'media/probe.js': ['probeFile', 'probeArgs'],
  'media/ffmpeg.js': ['spawnMedia'],
  'media/binaries.js': ['binaries'],
  'library/library.js': ['Library'],
  'media/probe-service.js': ['ProbeService'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const { probeFile, probeArgs, spawnMedia, binaries, Library, ProbeService } = await modules();
  const bin = await binaries();
  const media = longMedia();

  // 1. One probe: module vs bare ffprobe, same arguments, alternating, 15 rounds each file.
  const rows = [];
  for (const [label, file] of [['1080p MPEG-4 AVI', media.mpeg4Avi], ['1080p H.264 MP4', media.h264Mp4]]) {
    const mod = [], bare = [];
    await probeFile(file); // warm the page cache and the module
    for (let i = 0; i < 15; i++) {
      bare.push(await timeSpawn(bin.ffprobe, ['-hide_banner', ...probeArgs(file)]));
      const t = performance.now();
      await probeFile(file);
      mod.push(performance.now() - t);
    }
    rows.push([`probe one file (${label})`, fmtMs(median(mod)), `bare ffprobe: ${fmtMs(median(bare))}`, `${(median(mod) / median(bare)).toFixed(2)}×`, '≤ 1.2×']);
  }

  // 2. Realtime factor of a transcode alone, then with 1,000 files probing in the background.
  const transcodeArgs = ['-v', 'error', '-protocol_whitelist', 'file,pipe', '-i', media.mpeg4Avi, '-t', '40', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
    '-c:a', 'aac', '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-y', '/dev/null'];
  const transcode = async () => {
    const t = performance.now();
    const p = await spawnMedia('ffmpeg', transcodeArgs, { priority: 'interactive', stdout: 'ignore' });
    await p.exited;
    return 40 / ((performance.now() - t) / 1000);
  };
  const alone = await transcode();

  const lib1000 = path.join(benchDir('probe'), 'lib-1000');
  if (!fs.existsSync(path.join(lib1000, '.complete'))) {
    // Four tiny clips (2 s, 320x240), each linked 250 times.
    const fixtures = path.join(benchDir('probe'), 'fixtures');
    fs.mkdirSync(fixtures, { recursive: true });
    const lavfi = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2'];
    /** @type {Array<[string, string[]]>} */
    const sources = [
      ['mpeg4.avi', ['-c:v', 'mpeg4', '-c:a', 'mp2']],
      ['h264_aac.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']],
      ['mjpeg.avi', ['-c:v', 'mjpeg', '-c:a', 'pcm_s16le']],
      ['h264_aac.mkv', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']],
    ];
    for (const [name, args] of sources) {
      const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...lavfi, ...args, path.join(fixtures, name)], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`ffmpeg could not make ${name}`);
    }
    for (let i = 0; i < 1000; i++) {
      const dir = path.join(lib1000, `cam-${i % 4}`);
      fs.mkdirSync(dir, { recursive: true });
      const src = /** @type {[string, string[]]} */ (sources[i % 4])[0];
      fs.linkSync(path.join(fixtures, src), path.join(dir, `f${i}${path.extname(src)}`));
    }
    fs.writeFileSync(path.join(lib1000, '.complete'), '');
  }
  const data = path.join(benchDir('probe'), 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const lib = await Library.open(data);
  await lib.scan([lib1000]);
  const probes = new ProbeService(lib, data);
  // As the app does it: playback pauses the background queue.
  const resume = probes.pauseForPlayback();
  probes.fillBackground();
  const paused = await transcode();
  resume();
  // Priority alone: the queue keeps running beside the transcode.
  const t0 = performance.now();
  const busy = await transcode();
  const probedDuring = lib.query({ probe: ['probed'], limit: 0 }).total;
  await probes.whenIdle();
  const allMs = performance.now() - t0;
  await lib.close();

  rows.push(['transcode realtime factor, alone', `${alone.toFixed(2)}×`, '', '', '']);
  rows.push(['  … 1,000 queued, paused by playback (the app)', `${paused.toFixed(2)}×`, '', `drop ${(100 * (1 - paused / alone)).toFixed(1)} %`, '≤ 10 % drop']);
  rows.push(['  … 1,000 probing beside it at nice 19', `${busy.toFixed(2)}×`, `${probedDuring} probed meanwhile`, `drop ${(100 * (1 - busy / alone)).toFixed(1)} %`, '≤ 10 % drop']);
  rows.push(['1,000 background probes, total', fmtMs(allMs), `${fmtMs(allMs / 1000)} each`, '', '']);
  printTable('Probe (Debian ffprobe; same arguments both sides)', ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
