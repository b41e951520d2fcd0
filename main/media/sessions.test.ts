import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { LIBRARY_DEMUXERS } from '../library/naming.mjs';
import type { MediaProbe, PlaybackPlan } from '../../contract/api.js';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { fixture } from '../test-support/fixtures.js';
import { tmpDir } from '../test-support/tmp.js';
import { runMedia, runningProcesses } from './ffmpeg.js';
import { parseFirstFragment } from './fmp4.js';
import { MediaError } from './media-error.js';
import { planPlayback } from './playback-plan.js';
import { probeFile } from './probe.js';
import { ProgressParser, toProgress } from './progress.js';
import { DEFAULT_TRANSCODE, sessionArgs } from './session-args.js';
import { SessionError, SessionManager, type SessionRequest } from './sessions.js';

async function request(file: string, start = 0, extra: Partial<SessionRequest> = {}): Promise<SessionRequest> {
  const probe = await probeFile(file);
  const plan = planPlayback(probe, DEFAULT_CHROMIUM_CAPS, { ext: path.extname(file) });
  return { root: path.dirname(file), file, probe, plan, start, viewer: 'v1', ...extra };
}

/** Write a session's whole output to a file and probe it. */
async function outputOf(body: NodeJS.ReadableStream): Promise<{ bytes: Buffer; probe: MediaProbe }> {
  const bytes = await buffer(body);
  const f = path.join(tmpDir(), 'out.mp4');
  fs.writeFileSync(f, bytes);
  return { bytes, probe: await probeFile(f) };
}

describe('session arguments', () => {
  const probe = { container: 'avi', startTime: 0, durationSec: 60, bitRate: null, audio: [{ index: 1, codec: 'mp2', channels: 2, sampleRate: 48000, language: null }],
    video: { index: 0, codec: 'mpeg4', profile: null, codecTag: 'XVID', pixFmt: 'yuv420p', bitDepth: 8, width: 1920, height: 1080, fps: 30, rotation: 0 as const, fieldOrder: 'tt', keyframeIntervalSec: 10 } } satisfies MediaProbe;
  const plan: PlaybackPlan = { mode: 'transcode', videoReasons: [], audio: 'aac', audioStream: 1, sourceStart: 0 };

  it('transcodes with dense keyframes only in the first second, even sizes, deinterlaced, stereo AAC', () => {
    const a = sessionArgs({ input: 'file:/m/-x.avi', probe, plan, start: 30, settings: DEFAULT_TRANSCODE }).join(' ');
    expect(a).toContain(`-ss 30.000 -protocol_whitelist file,pipe -format_whitelist ${LIBRARY_DEMUXERS} -i file:/m/-x.avi -map 0:0 -map 0:1`);
    expect(a).toContain("-vf yadif=mode=send_frame:deint=interlaced,scale=w='min(iw,3840)':h='min(ih,2160)':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p");
    expect(a).toContain('-c:v libx264 -preset veryfast -tune zerolatency -crf 23 -profile:v high -g 60 -force_key_frames expr:if(isnan(prev_forced_t),1,eq(n,1)+lt(n,30)*gte(t-prev_forced_t,0.2))');
    expect(a).toContain('-c:a aac -ac 2 -ar 48000 -b:a 128k');
    // The file's own timestamps (the player offsets them), its own frame times, no shifting.
    expect(a).toMatch(/^-v error -progress pipe:2 -nostats -copyts /);
    expect(a).toContain('-fps_mode vfr');
    expect(a).toMatch(/-movflags frag_keyframe\+empty_moov\+default_base_moof\+frag_discont -avoid_negative_ts disabled .*-f mp4 pipe:1$/);
    // The old dashboard's streams start at 0 instead.
    const zero = sessionArgs({ input: 'file:/m/-x.avi', probe, plan, start: 30, settings: DEFAULT_TRANSCODE, timeline: 'zero' }).join(' ');
    expect(zero).not.toMatch(/-copyts|frag_discont/);
    expect(a).not.toContain('-hwaccel');
  });

  it('remuxes by copying, uses hardware decoding only when asked, and handles no audio', () => {
    const remux = sessionArgs({ input: 'file:/f', probe, plan: { ...plan, mode: 'remux', audio: 'copy' }, start: 0, settings: { ...DEFAULT_TRANSCODE, hardwareDecode: true } }).join(' ');
    expect(remux).toContain('-c:v copy');
    expect(remux).toContain('-c:a copy');
    expect(remux).not.toContain('-ss');
    expect(remux).not.toContain('-hwaccel'); // nothing is decoded
    const hw = sessionArgs({ input: 'file:/f', probe, plan, start: 0, settings: { ...DEFAULT_TRANSCODE, hardwareDecode: true } }).join(' ');
    expect(hw).toContain('-hwaccel auto');
    const silent = sessionArgs({ input: 'file:/f', probe: { ...probe, audio: [] }, plan: { ...plan, audio: 'none', audioStream: null }, start: 0, settings: DEFAULT_TRANSCODE });
    expect(silent).toContain('-an');
    expect(silent.join(' ')).not.toContain('-c:a');
  });

  it('converts the audio the plan says: ADTS AAC (MPEG-TS) at a higher rate, a conversion\'s always', () => {
    const tsProbe = { ...probe, container: 'mpegts', audio: [{ ...probe.audio[0]!, codec: 'aac' }] };
    const ts = sessionArgs({ input: 'file:/f', probe: tsProbe, plan: { ...plan, mode: 'remux', audio: 'aac' }, start: 0, settings: DEFAULT_TRANSCODE }).join(' ');
    expect(ts).toContain('-c:v copy');
    expect(ts).toContain('-c:a aac -ac 2 -ar 48000 -b:a 160k');
    const mkv = sessionArgs({ input: 'file:/f', probe: { ...tsProbe, container: 'matroska,webm' }, plan: { ...plan, mode: 'remux', audio: 'copy' }, start: 0, settings: DEFAULT_TRANSCODE }).join(' ');
    expect(mkv).toContain('-c:a copy');
  });

  it('seeks a copy in a container with no index one keyframe interval early, and cuts a conversion there with trim', () => {
    const ps = { ...probe, container: 'mpeg', video: { ...probe.video, keyframeIntervalSec: 2 } };
    const copy = sessionArgs({ input: 'file:/f', probe: ps, plan: { ...plan, mode: 'remux', audio: 'aac' }, start: 10, settings: DEFAULT_TRANSCODE }).join(' ');
    expect(copy).toContain('-noaccurate_seek -ss 7.500 ');
    const conv = sessionArgs({ input: 'file:/f', probe: { ...ps, startTime: 0.5 }, plan, start: 10, settings: DEFAULT_TRANSCODE }).join(' ');
    expect(conv).toContain('-ss 7.500 ');
    expect(conv).toContain('-vf trim=start=10.500,');
    expect(conv).toContain('-af atrim=start=10.500 ');
    // An indexed container seeks straight to the start.
    expect(sessionArgs({ input: 'file:/f', probe, plan, start: 10, settings: DEFAULT_TRANSCODE }).join(' ')).toMatch(/-ss 10\.000 .*-vf yadif/);
  });
});

describe('progress parser', () => {
  it('reads blocks as they arrive, across chunk boundaries', () => {
    const p = new ProgressParser();
    expect(p.push('frame=10\nout_time_us=400000\nspe')).toBeNull();
    expect(p.push('ed=2.5x\nprogress=continue\nframe=20\n')).toEqual({ outTimeSec: 0.4, speed: 2.5, frame: 10, done: false });
    expect(p.push('out_time=00:01:02.500000\nspeed=N/A\nprogress=end\n')).toEqual({ outTimeSec: 62.5, speed: null, frame: 20, done: true });
    expect(p.latest?.done).toBe(true);
  });
  it.each([
    [{ out_time_us: 'N/A', out_time: 'N/A' }, 0],
    [{ out_time_ms: '1500000' }, 1.5],
    [{ out_time: '-00:00:00.040000' }, 0],
  ])('toProgress(%o).outTimeSec = %s', (block, want) => {
    expect(toProgress(block).outTimeSec).toBe(want);
  });
});

describe('SessionManager on real files', () => {
  it('transcodes MPEG-4 Part 2 to H.264 + AAC fragmented MP4, ready with its first fragment', async () => {
    const m = new SessionManager();
    const s = await m.open(await request(fixture('cam-legacy/xvid.avi')));
    expect(s.mode).toBe('transcode');
    expect(s.startTime).toBe(0);
    const { bytes, probe } = await outputOf(s.body);
    expect(parseFirstFragment(bytes)).not.toBeNull();
    expect(probe.video).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 320, height: 240 });
    expect(probe.audio.map((a) => [a.codec, a.channels])).toEqual([['aac', 2]]);
    expect(probe.durationSec).toBeCloseTo(2, 0);
    await s.ended;
    expect(s.progress()?.done).toBe(true);
  });

  it('keeps dense keyframes in the first second after a seek too (the file\'s own timestamps start at the seek)', async () => {
    const m = new SessionManager();
    const s = await m.open(await request(fixture('timeline/xvid_mp3.avi'), 4));
    const { bytes } = await outputOf(s.body);
    const f = path.join(tmpDir(), 'seek.mp4');
    fs.writeFileSync(f, bytes);
    const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', f], { timeoutMs: 20_000 });
    const keys = r.stdout.toString().split('\n').filter((l) => l.includes('K')).map((l) => Number(l.split(',')[0]));
    expect(keys.filter((t) => t < 5).length, keys.join(' ')).toBeGreaterThanOrEqual(4);
  });

  it('starts a transcode at the asked time, frame-accurate', async () => {
    const m = new SessionManager();
    const s = await m.open(await request(fixture('cam-legacy/mpeg4.avi'), 1));
    expect(s.startTime).toBe(1);
    const { probe } = await outputOf(s.body);
    // On the file's own timestamps: from 1 s to its end.
    expect(probe.durationSec).toBeCloseTo(2, 1);
  });

  it('remuxes from the keyframe before the asked time and says where that is', async () => {
    const file = fixture('cam-modern/long_gop.mp4');
    const m = new SessionManager();
    // Read from the stream's own first fragment: no lookup before ffmpeg starts.
    const early = await m.open(await request(file, 5, { viewer: 'early', plan: { mode: 'remux', videoReasons: [], audio: 'none', audioStream: null, sourceStart: 0 } }));
    expect(early.startTime).toBe(0);
    early.abort();
    const s = await m.open(await request(file, 11, { plan: { mode: 'remux', videoReasons: [], audio: 'none', audioStream: null, sourceStart: 0 } }));
    expect(s.startTime).toBe(10);
    const { probe } = await outputOf(s.body);
    expect(probe.video?.codec).toBe('h264');
    expect(probe.durationSec).toBeCloseTo(12, 0);
  });

  it('remuxes MPEG-TS with its start time as 0, and H.264 + G.711 with the audio in AAC', async () => {
    const m = new SessionManager();
    const ts = await m.open(await request(fixture('cam-modern/start_offset.ts'), 1));
    expect(ts.mode).toBe('remux');
    // Its only keyframe: the video's first frame, 0.02 s after the file's start (1.4 s in the source).
    expect(ts.startTime).toBeCloseTo(0.02, 2);
    expect((await outputOf(ts.body)).probe.audio[0]?.codec).toBe('aac');
    const mulaw = await m.open(await request(fixture('cam-modern/h264_mulaw.mov'), 0, { viewer: 'v2' }));
    const { probe } = await outputOf(mulaw.body);
    expect(probe.video?.codec).toBe('h264');
    expect(probe.audio[0]?.codec).toBe('aac');
  });

  it('handles no audio, odd sizes and interlacing', async () => {
    const m = new SessionManager({ maxTranscodes: 3 });
    const [silent, odd, interlaced] = await Promise.all([
      m.open(await request(fixture('cam-legacy/mpeg4_noaudio.avi'), 0, { viewer: 'a' })),
      m.open(await request(fixture('cam-legacy/odd_1919x1081.mkv'), 0, { viewer: 'b' })),
      m.open(await request(fixture('cam-legacy/interlaced_720x576.mpg'), 0, { viewer: 'c' })),
    ]);
    expect((await outputOf(silent.body)).probe.audio).toEqual([]);
    expect((await outputOf(odd.body)).probe.video).toMatchObject({ width: 1918, height: 1080 });
    expect((await outputOf(interlaced.body)).probe.video).toMatchObject({ width: 720, height: 576, fieldOrder: 'progressive' });
  });

  it('transcodes what there is of a truncated file and a 0.5 s clip', async () => {
    const m = new SessionManager();
    const t = await m.open(await request(fixture('broken/truncated.avi')));
    expect((await outputOf(t.body)).probe.video?.codec).toBe('h264');
    const short = await m.open(await request(fixture('cam-legacy/short_0.5s.avi'), 0, { viewer: 'v2' }));
    expect((await outputOf(short.body)).probe.durationSec).toBeCloseTo(0.5, 1);
  });

  it('refuses a start past the end, and explains a file that vanished before the start', async () => {
    const m = new SessionManager();
    await expect(m.open(await request(fixture('cam-legacy/mpeg4.avi'), 5))).rejects.toThrow(/past the end of the file/);
    const copy = path.join(tmpDir(), 'gone.avi');
    fs.copyFileSync(fixture('cam-legacy/mpeg4.avi'), copy);
    const req = await request(copy);
    fs.rmSync(copy);
    const err = await m.open(req).catch((e: SessionError) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe('gone');
    expect((err as MediaError).message).toBe('file no longer exists');
    expect(m.transcodesRunning).toBe(0);
  });

  it('keeps going when the file is deleted mid-transcode (the open file stays readable)', async () => {
    const copy = path.join(tmpDir(), 'x.avi');
    fs.copyFileSync(fixture('cam-legacy/mpeg4.avi'), copy);
    const m = new SessionManager();
    const s = await m.open(await request(copy));
    fs.rmSync(copy);
    expect((await outputOf(s.body)).probe.video?.codec).toBe('h264');
  });

  it('is Busy with a retry time past its limit, and keeps a slot for the desktop user', async () => {
    const m = new SessionManager({ maxTranscodes: 2, reserveLocal: true, queueMax: 0 });
    // Noise outlasts the pipes: the first session is still running when the desktop's opens
    // (a clean 10 s clip can be converted whole into the buffers on a quiet machine).
    const file = path.join(tmpDir(), 'noise.avi');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=60', '-vf', 'noise=alls=80:allf=t', '-c:v', 'mpeg4', '-q:v', '4', file]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const remote1 = await m.open(await request(file, 0, { viewer: 'lan-1' }));
    const busy = await m.open(await request(file, 0, { viewer: 'lan-2' })).catch((e: SessionError) => e);
    expect(busy).toMatchObject({ code: 'busy', retryAfterSec: 5 });
    const local = await m.open(await request(file, 0, { viewer: 'desktop', local: true }));
    expect(m.transcodesRunning).toBe(2);
    remote1.abort();
    local.abort();
    await Promise.all([remote1.ended, local.ended]);
    expect(m.transcodesRunning).toBe(0);
  });

  it('queues briefly for a slot, and a seek replaces the same viewer\'s session', async () => {
    const m = new SessionManager({ maxTranscodes: 1, queueMax: 2, queueWaitMs: 5000 });
    const file = fixture('cam-legacy/vga_10s.avi');
    const first = await m.open(await request(file, 0, { viewer: 'a' }));
    const waiting = m.open(await request(file, 0, { viewer: 'b' }));
    first.abort();
    const second = await waiting;
    expect(m.transcodesRunning).toBe(1);
    const seek = await m.open(await request(file, 1, { viewer: 'b' }));
    await second.ended; // replaced, not queued behind
    expect(second.body.destroyed).toBe(true);
    expect(seek.startTime).toBe(1);
    seek.abort();
    await seek.ended;
  });

  it('a new start replaces the viewer\'s start still pending, with no abort signal from the transport (Electron\'s protocol.handle)', async () => {
    const m = new SessionManager({ maxTranscodes: 1, queueWaitMs: 5000 });
    const file = fixture('cam-legacy/vga_10s.avi');
    const [r1, r2] = [await request(file, 0, { viewer: 'desk' }), await request(file, 4, { viewer: 'desk' })];
    const first = m.open(r1);
    const second = m.open(r2);
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    const s = await second;
    expect(s.startTime).toBeCloseTo(4, 0);
    expect(m.transcodesRunning).toBe(1); // the abandoned start holds no slot
    s.abort();
    await s.ended;
    // Another viewer's start is not touched.
    const a = m.open(await request(file, 0, { viewer: 'one' }));
    const b = m.open(await request(file, 0, { viewer: 'two' }));
    const [sa] = await Promise.all([a]);
    sa.abort();
    const sb = await b;
    sb.abort();
    await Promise.all([sa.ended, sb.ended]);
  });

  it('a prepared session takes only a spare slot (never the last free one) and never waits in line', async () => {
    const file = fixture('cam-legacy/vga_10s.avi');
    const m = new SessionManager({ maxTranscodes: 2, reserveLocal: true, queueMax: 4 });
    // A LAN viewer with the default limit never prepares a conversion: one slot is the desktop's.
    await expect(m.open(await request(file, 0, { viewer: 'lan', kind: 'prepared' }))).rejects.toMatchObject({ code: 'busy' });
    const mine = await m.open(await request(file, 0, { viewer: 'desktop', local: true, kind: 'prepared' }));
    // The desktop's second prepare would take the last free slot.
    await expect(m.open(await request(file, 0, { viewer: 'desktop:2', local: true, kind: 'prepared' }))).rejects.toMatchObject({ code: 'busy' });
    mine.abort();
    await mine.ended;
    expect(m.transcodesRunning).toBe(0);
  });

  it('a prepared session replaces the tab\'s previous one, and playback replaces it; playback is not replaced by one', async () => {
    const file = fixture('cam-legacy/vga_10s.avi');
    const m = new SessionManager({ maxTranscodes: 4 });
    const first = await m.open(await request(file, 0, { viewer: 'tab', kind: 'prepared' }));
    const second = await m.open(await request(file, 2, { viewer: 'tab', kind: 'prepared' }));
    await first.ended;
    const play = await m.open(await request(file, 4, { viewer: 'tab' }));
    await second.ended;
    const third = await m.open(await request(file, 6, { viewer: 'tab', kind: 'prepared' }));
    expect(play.body.destroyed).toBe(false);
    for (const s of [play, third]) s.abort();
    await Promise.all([play.ended, third.ended]);
  });

  it('holds a prepared session at two unread fragments (ffmpeg waits), and ends it when still unread', async () => {
    const file = fixture('cam-legacy/vga_10s.avi');
    const m = new SessionManager({ maxTranscodes: 4 }, undefined, { preparedUnreadMs: 2500 });
    const prepared = await m.open(await request(file, 0, { viewer: 'a', kind: 'prepared' }));
    const playing = await m.open(await request(file, 0, { viewer: 'b' }));
    // Neither is read. The playback session's buffer takes the whole file; the prepared one stops.
    await expect.poll(() => playing.progress()?.done, { timeout: 60_000 }).toBe(true);
    // It stopped early in the 10 s file. (Whether it still runs is not asked: on a slow machine
    // its unread time may have ended it already, and a stopped ffmpeg also reports "end".)
    expect(prepared.progress()?.outTimeSec ?? 0).toBeLessThan(5);
    playing.abort();
    await prepared.ended; // ended by itself, unread
    await playing.ended; // (aborted: its ffmpeg may take a moment to go)
    expect(m.running).toBe(0);
  });

  it('a prepared session read by its player plays to the end', async () => {
    const file = fixture('cam-legacy/vga_10s.avi');
    const m = new SessionManager({ maxTranscodes: 4 }, undefined, { preparedUnreadMs: 500 });
    const prepared = await m.open(await request(file, 0, { viewer: 'a', kind: 'prepared' }));
    // Read from the start, past its unread limit: kept, and paced by its reader alone.
    const out = await outputOf(prepared.body);
    expect(out.probe.durationSec).toBeCloseTo(10, 0);
  });

  it('ends at once when the client goes away or ffmpeg is killed from outside, leaving no child', async () => {
    const m = new SessionManager();
    const file = fixture('cam-legacy/vga_10s.avi');
    const a = await m.open({ ...(await request(file)), viewer: 'x' });
    a.body.destroy(); // the HTTP client disconnected
    await a.ended;
    const b = await m.open({ ...(await request(file)), viewer: 'y' });
    const pid = [...runningProcesses()].find((p) => p.commandLine.includes('libx264'))!.child.pid!;
    process.kill(pid, 'SIGKILL');
    await b.ended;
    expect(m.transcodesRunning).toBe(0);
    expect(runningProcesses().size).toBe(0);
  });

  it('a remux cancelled while it starts rejects cleanly (its keyframe lookup too)', async () => {
    const m = new SessionManager();
    const req = await request(fixture('cam-modern/long_gop.mp4'), 5, { plan: { mode: 'remux', videoReasons: [], audio: 'none', audioStream: null, sourceStart: 0 } });
    for (const delay of [0, 5, 20, 40]) {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), delay); // the moment of the abort is what is tested, not a wait
      const r = await m.open({ ...req, viewer: `d${delay}`, signal: ac.signal }).then((s) => { s.abort(); return s.ended.then(() => 'opened'); }, (e: SessionError) => e.code);
      expect(['opened', 'cancelled']).toContain(r);
    }
  });

  // Retried: the abort times are random; one run in the clean-clone CI check timed out under load
  // (not reproduced here). A leak of ffmpeg fails every try.
  it('aborting many sessions at random moments leaves no ffmpeg behind', { retry: 2 }, async () => {
    const m = new SessionManager({ maxTranscodes: 2, queueMax: 50, queueWaitMs: 20_000 });
    const file = fixture('cam-legacy/vga_10s.avi');
    const req = await request(file);
    await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), Math.random() * 300); // a random moment: what is tested, not a wait
      try {
        const s = await m.open({ ...req, viewer: `v${i}`, signal: ac.signal });
        s.body.resume();
        if (ac.signal.aborted) s.abort(); else ac.signal.addEventListener('abort', () => s.abort());
        await s.ended;
      } catch (e) {
        expect((e as SessionError).code).toBe('cancelled');
      }
    }));
    await m.stopAll();
    expect(m.running).toBe(0);
    expect(m.transcodesRunning).toBe(0);
  });
});

describe('parseFirstFragment', () => {
  it('waits for a complete moof + mdat', async () => {
    const m = new SessionManager();
    const s = await m.open(await request(fixture('cam-modern/h264_aac.mkv')));
    const bytes = await buffer(s.body);
    const info = parseFirstFragment(bytes)!;
    expect(info.firstFragmentEnd).toBeLessThan(bytes.length);
    expect(parseFirstFragment(bytes.subarray(0, info.firstFragmentEnd - 1))).toBeNull();
    expect([...info.timescales.values()].every((t) => t > 0)).toBe(true);
    // The file's own times: its video's first frame follows the audio's priming.
    expect([...info.firstPtsSeconds.values()].map((t) => Math.round(t * 1000))).toEqual([21, 0]);
  });
});
