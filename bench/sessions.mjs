// `npm run bench -- sessions`: playback sessions on 60 s 1080p30 files, against the old
// service's ffmpeg arguments and against bare ffmpeg with our own arguments, same binary.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fmtMs, median, printTable, load } from './lib.mjs';
import { longMedia } from './long-media.mjs';


/**
 * Run ffmpeg, timing the first complete fragment on stdout and the whole run.
 * @param {string} bin @param {string[]} args @param {(b: Buffer) => unknown} parse
 */
function timeFfmpeg(bin, args, parse) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    /** @type {Buffer[]} */
    const chunks = [];
    let bytes = 0;
    let first = NaN;
    c.stdout.on('data', (/** @type {Buffer} */ b) => {
      bytes += b.length;
      if (Number.isNaN(first)) {
        chunks.push(b);
        if (parse(Buffer.concat(chunks))) first = performance.now() - t;
      }
    });
    c.on('error', reject);
    c.on('close', () => resolve({ first, total: performance.now() - t, bytes }));
  });
}

/** What it drives of the build (e2e/benches.spec.ts loads it without running the bench). */
export const modules = () => load({
  'library/library.js': ['Library'],
  'media/probe.js': ['probeFile'],
  'media/playback-plan.js': ['planPlayback'],
  'media/sessions.js': ['SessionManager'],
  'media/session-args.js': ['sessionArgs', 'DEFAULT_TRANSCODE'],
  'media/fmp4.js': ['parseFirstFragment'],
  'media/binaries.js': ['binaries'],
  'media/ffmpeg.js': ['runningProcesses'],
  '../contract/codec-caps.js': ['DEFAULT_CHROMIUM_CAPS'],
});

/** @param {string[]} _args */
export async function run(_args) {
  const {
    Library, probeFile, planPlayback, SessionManager, sessionArgs, DEFAULT_TRANSCODE, parseFirstFragment, binaries, runningProcesses, DEFAULT_CHROMIUM_CAPS,
  } = await modules();
  void Library;
  const bin = await binaries();
  const media = longMedia();
  const settings = DEFAULT_TRANSCODE;
  const rows = [];

  const legacy = media.mpeg4Avi;
  const legacyProbe = await probeFile(legacy);
  const legacyPlan = planPlayback(legacyProbe, DEFAULT_CHROMIUM_CAPS, { ext: '.avi' });
  const h264Avi = media.h264Avi;
  const h264Probe = await probeFile(h264Avi);
  const h264Plan = planPlayback(h264Probe, DEFAULT_CHROMIUM_CAPS, { ext: '.avi' });

  /** Time from open() to a ready session (its first fragment exists). */
  const firstFragment = async (/** @type {string} */ file, /** @type {any} */ probe, /** @type {any} */ plan, /** @type {number} */ start) => {
    const m = new SessionManager({ maxTranscodes: 1 });
    const ms = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const s = await m.open({ root: path.dirname(file), file, probe, plan, start, viewer: 'bench' });
      ms.push(performance.now() - t);
      s.abort();
      await s.ended;
    }
    return median(ms);
  };
  const oldArgs = (/** @type {number} */ start) => ['-nostdin', '-v', 'error', ...(start > 0 ? ['-ss', String(start)] : []), '-i', legacy, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-crf', '23', '-threads', '2',
    '-max_muxing_queue_size', '1024', '-c:a', 'aac', '-b:a', '128k', '-movflags', 'frag_keyframe+dash+omit_tfhd_offset', '-f', 'mp4', '-t', '12', '-'];
  const oldFirst = [];
  for (let i = 0; i < 3; i++) oldFirst.push((/** @type {any} */ (await timeFfmpeg(bin.ffmpeg, oldArgs(0), parseFirstFragment))).first);
  const oldFirst30 = [];
  for (let i = 0; i < 3; i++) oldFirst30.push((/** @type {any} */ (await timeFfmpeg(bin.ffmpeg, oldArgs(30), parseFirstFragment))).first);

  // The floor: bare ffmpeg putting out one transcoded frame as fMP4 from the same point (its
  // start, the seek and one encode are what any session pays).
  const oneFrame = (/** @type {number} */ start) => ['-nostdin', '-v', 'error', ...(start > 0 ? ['-ss', String(start)] : []), '-i', legacy, '-frames:v', '1', '-an',
    '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', '-'];
  const floor = async (/** @type {number} */ start) => {
    const ms = [];
    for (let i = 0; i < 5; i++) ms.push((/** @type {any} */ (await timeFfmpeg(bin.ffmpeg, oneFrame(start), parseFirstFragment))).first);
    return median(ms);
  };
  const floor0 = await floor(0);
  const floor30 = await floor(30);
  const f0 = await firstFragment(legacy, legacyProbe, legacyPlan, 0);
  const f30 = await firstFragment(legacy, legacyProbe, legacyPlan, 30);
  rows.push(['first fragment, 1080p MPEG-4 AVI, from 0', fmtMs(f0), `bare ffmpeg, one frame: ${fmtMs(floor0)}`, `${(f0 / floor0).toFixed(2)}×`, '≤ 1.2×']);
  rows.push(['  … from 30 s', fmtMs(f30), `bare ffmpeg, one frame: ${fmtMs(floor30)}`, `${(f30 / floor30).toFixed(2)}×`, '≤ 1.2×']);
  const fr = await firstFragment(h264Avi, h264Probe, h264Plan, 0);
  const fr30 = await firstFragment(h264Avi, h264Probe, h264Plan, 30);
  rows.push(['  (the old service\'s arguments, from 0 / 30 s)', `${fmtMs(median(oldFirst))} / ${fmtMs(median(oldFirst30))}`, '', `${(f0 / median(oldFirst)).toFixed(2)}× / ${(f30 / median(oldFirst30)).toFixed(2)}×`, '']);
  rows.push(['remux first fragment, 1080p H.264 AVI', `${fmtMs(fr)} (from 30 s: ${fmtMs(fr30)})`, '', '', '≤ 200 ms']);

  // Whole file: our session vs bare ffmpeg with the same arguments; bitrate vs a normal GOP.
  const args = sessionArgs({ input: legacy, probe: legacyProbe, plan: legacyPlan, start: 0, settings }).map((/** @type {string} */ a) => (a === 'pipe:1' ? '-' : a));
  const bare = /** @type {any} */ (await timeFfmpeg(bin.ffmpeg, ['-nostdin', ...args], parseFirstFragment));
  const normalGop = args.filter((/** @type {string} */ a, /** @type {number} */ i) => a !== '-force_key_frames' && args[i - 1] !== '-force_key_frames');
  const plain = /** @type {any} */ (await timeFfmpeg(bin.ffmpeg, ['-nostdin', ...normalGop], parseFirstFragment));
  const m = new SessionManager({ maxTranscodes: 1 });
  const t = performance.now();
  const s = await m.open({ root: path.dirname(legacy), file: legacy, probe: legacyProbe, plan: legacyPlan, start: 0, viewer: 'whole' });
  let ours = 0;
  for await (const chunk of s.body) ours += chunk.length;
  await s.ended;
  const oursMs = performance.now() - t;
  const rf = (/** @type {number} */ ms) => 60 / (ms / 1000);
  rows.push([`whole file realtime factor (${settings.preset})`, `${rf(oursMs).toFixed(2)}×`, `bare ffmpeg, same args: ${rf(bare.total).toFixed(2)}×`, `${(rf(oursMs) / rf(bare.total)).toFixed(2)}`, '≥ 0.95']);
  rows.push(['output size, fast first second', `${(ours / 1e6).toFixed(2)} MB`, `normal GOP only: ${(plain.bytes / 1e6).toFixed(2)} MB`, `${(ours / plain.bytes).toFixed(3)}×`, '≤ 1.15×']);

  // 200 sessions aborted at random moments.
  const many = new SessionManager({ maxTranscodes: 2, queueMax: 300, queueWaitMs: 120_000 });
  let lastAbort = 0;
  await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const ac = new AbortController();
    const delay = Math.random() * 1500;
    setTimeout(() => { ac.abort(); lastAbort = performance.now(); }, delay);
    try {
      const plan = i % 2 ? legacyPlan : h264Plan;
      const file = i % 2 ? legacy : h264Avi;
      const sess = await many.open({ root: path.dirname(file), file, probe: i % 2 ? legacyProbe : h264Probe, plan, start: (i % 50), viewer: `v${i}`, signal: ac.signal });
      sess.body.resume();
      if (ac.signal.aborted) sess.abort(); else ac.signal.addEventListener('abort', () => sess.abort());
      await sess.ended;
    } catch { /* cancelled while queued */ }
  }));
  await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (performance.now() - lastAbort))));
  const left = runningProcesses().size;
  const pgrep = await new Promise((resolve) => {
    const c = spawn('pgrep', ['-c', '-P', String(process.pid), '^ff(mpeg|probe)$']);
    let o = '';
    c.stdout.on('data', (d) => { o += d; });
    c.on('close', () => resolve(Number(o.trim() || 0)));
  });
  rows.push(['200 sessions aborted at random moments', `${left} registered, ${pgrep} ffmpeg/ffprobe processes`, '2 s after the last abort', '', '0']);

  printTable(`Sessions (Debian ffmpeg; preset ${settings.preset}, CRF ${settings.crf})`, ['figure', 'measured', 'floor / reference', 'ratio', 'target'], rows);
}
