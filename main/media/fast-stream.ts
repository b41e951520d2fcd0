// Fast streams: a media URL with `speed=N` (−8 to 64, not 0). Pictures on the file's timeline,
// made small for the view, sent as fast as the player reads them (contract/frame-stream.ts):
// forward, one ffmpeg from the start; reverse, the file decoded in pieces going back, each
// piece's pictures sent newest first. A frame back is the start of a −1× stream: the GOP
// around the position decoded once, every frame of it kept by the player.
//
// Each stream takes a copy slot (it decodes and makes small JPEGs, no x264), and a tab's new
// fast stream replaces its previous one (a speed change, a seek).
import { PassThrough, type Readable } from 'node:stream';
import type { MediaProbe } from '../../contract/api.js';
import { frameHeader } from '../../contract/frame-stream.js';
import { logger } from '../util/log.js';
import { openContained } from './contained-file.js';
import { firstMeaningfulLine, spawnMedia } from './ffmpeg.js';
import { fastStreamArgs, MAX_SPEED, MIN_SPEED, pictureHeight, picking, reverseChunkSec, type Picking } from './fast-stream-args.js';
import { inputUrls } from './input-args.js';
import { JpegSplitter, ShowinfoTimes } from './jpeg-frames.js';
import { MediaError } from './media-error.js';
import type { SessionManager } from './sessions.js';

const log = logger('fast-stream');

/** What the share holds unread before ffmpeg is paused: a few dozen small pictures. */
const BUFFER_BYTES = 1024 * 1024;

export interface FastRequest {
  root: string;
  file: string;
  probe: MediaProbe;
  /** Seconds on the file's timeline. */
  start: number;
  speed: number;
  /** The view's height in device pixels. */
  height?: number;
  viewer: string;
  local: boolean;
  signal?: AbortSignal;
}

export interface FastStream {
  body: Readable;
  /** The picking it uses (for the response's headers and the bench). */
  pick: Picking;
  height: number;
}

/** A speed the share serves: a plain number within −8…64, not 0. */
export function validSpeed(speed: number): boolean {
  return Number.isFinite(speed) && speed !== 0 && speed >= MIN_SPEED && speed <= MAX_SPEED;
}

export class FastStreams {
  private readonly byViewer = new Map<string, AbortController>();

  constructor(private readonly sessions: SessionManager) {}

  /** Resolves once the first picture exists (or the stream is empty: reverse from 0); errors in words. */
  async open(req: FastRequest): Promise<FastStream> {
    if (!validSpeed(req.speed)) throw new MediaError('out-of-range', `speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, not 0`);
    const duration = req.probe.durationSec;
    if (!req.probe.video) throw new MediaError('unplayable', 'this file has no picture to show fast');
    if (!(req.start >= 0) || (duration !== null && req.start > duration)) throw new MediaError('out-of-range', 'the start is outside the file');
    this.byViewer.get(req.viewer)?.abort();
    const ac = new AbortController();
    this.byViewer.set(req.viewer, ac);
    const onOuter = (): void => ac.abort();
    req.signal?.addEventListener('abort', onOuter, { once: true });
    const release = await this.sessions.slots.acquire({ pool: 'remux', local: req.local, signal: ac.signal });
    const pick = picking(req.speed, req.probe);
    const height = pictureHeight(req.probe, req.height);
    const body = new PassThrough({ highWaterMark: BUFFER_BYTES });
    body.on('error', () => undefined);
    body.once('close', () => ac.abort());
    let first!: (ok: boolean, err?: Error) => void;
    const firstOut = new Promise<boolean>((resolve, reject) => { first = (ok, err) => (err ? reject(err) : resolve(ok)); });
    let sent = 0;
    const write = async (time: number, jpeg: Buffer): Promise<void> => {
      if (ac.signal.aborted) return;
      const t = Math.max(0, time - req.probe.startTime);
      body.write(frameHeader(t, jpeg.length));
      const more = body.write(jpeg);
      if (sent++ === 0) first(true);
      if (!more && !ac.signal.aborted) await new Promise<void>((r) => { body.once('drain', r); ac.signal.addEventListener('abort', () => r(), { once: true }); });
    };
    const piece = (from: number, to: number | undefined, each: (time: number, jpeg: Buffer) => Promise<void>): Promise<void> =>
      this.piece(req, { from, ...(to !== undefined ? { to } : {}), pick, height, ...(req.speed < 0 ? { reverseFrom: req.start } : {}) }, ac.signal, each);
    const run = async (): Promise<void> => {
      if (req.speed > 0) {
        await piece(req.start, undefined, write);
        return;
      }
      // Reverse: pieces going back, each sent newest first. The first ends just after the
      // position, so the picture shown there is the first sent (trim rounds its bounds to the
      // nearest frame: half a frame past the position includes the frame shown at it, no later).
      const fps = req.probe.video!.fps && req.probe.video!.fps > 0 ? req.probe.video!.fps : 25;
      let end = req.start + 0.5 / fps;
      let first = true;
      while (end > 0.0005 && !ac.signal.aborted) {
        const from = Math.max(0, end - reverseChunkSec(req.speed, first));
        first = false;
        const got: Array<[number, Buffer]> = [];
        await piece(from, end, async (t, j) => { got.push([t, j]); });
        for (let k = got.length - 1; k >= 0 && !ac.signal.aborted; k--) await write(got[k]![0], got[k]![1]);
        end = from;
      }
    };
    void run().then(
      () => { first(false); body.end(); },
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        if (sent === 0) first(false, e); else log.info(`fast stream ended early: ${e.message}`);
        body.destroy();
      },
    ).finally(() => {
      release();
      req.signal?.removeEventListener('abort', onOuter);
      if (this.byViewer.get(req.viewer) === ac) this.byViewer.delete(req.viewer);
    });
    try {
      await firstOut;
    } catch (err) {
      body.destroy();
      if (ac.signal.aborted) throw new MediaError('cancelled', 'cancelled');
      throw err;
    }
    return { body, pick, height };
  }

  /** One ffmpeg over [from, to): each picture with its time, in order, with back-pressure. */
  private async piece(req: FastRequest, a: { from: number; to?: number; pick: Picking; height: number; reverseFrom?: number }, signal: AbortSignal,
    each: (time: number, jpeg: Buffer) => Promise<void>): Promise<void> {
    const opened = await openContained(req.root, req.file);
    let proc;
    try {
      proc = await spawnMedia('ffmpeg', fastStreamArgs({ input: inputUrls([opened])[0]!, probe: req.probe, ...a }), { signal, priority: 'interactive', inputs: [opened] });
    } finally {
      await opened.close();
    }
    const split = new JpegSplitter();
    const info = new ShowinfoTimes();
    const times: number[] = [];
    const jpegs: Buffer[] = [];
    let chain = Promise.resolve();
    let pending = 0;
    let failed: Error | null = null;
    const out = proc.child.stdout!;
    // ffmpeg's output is paused while pictures wait to be written: the reader's pace reaches it.
    const drain = (): void => {
      while (times.length && jpegs.length) {
        const t = times.shift()!, j = jpegs.shift()!;
        pending++;
        out.pause();
        chain = chain.then(() => each(t, j)).then(() => { if (--pending === 0 && !signal.aborted) out.resume(); });
      }
    };
    proc.child.stderr!.on('data', (s: string | Buffer) => { times.push(...info.push(String(s))); drain(); });
    out.on('data', (c: Buffer) => {
      try { jpegs.push(...split.push(c)); } catch (err) { failed = err as Error; proc.stop(); }
      drain();
    });
    const exit = await proc.exited;
    await new Promise<void>((r) => (out.readableEnded || out.destroyed ? r() : out.once('close', () => r())));
    drain();
    await chain;
    if (signal.aborted) return;
    if (failed) throw failed;
    if (exit.code !== 0) {
      const why = firstMeaningfulLine(proc.stderr().split('\n').filter((l) => !/showinfo|^\s|^Input|^Output|^Stream|^Press/.test(l)).join('\n'));
      throw new MediaError('unplayable', `ffmpeg could not make the fast stream: ${why || `exit ${exit.code ?? exit.signal}`}`);
    }
  }
}

const perManager = new WeakMap<SessionManager, FastStreams>();

/** The fast streams beside a session manager (they share its slots). */
export function fastStreamsOf(sessions: SessionManager): FastStreams {
  let f = perManager.get(sessions);
  if (!f) perManager.set(sessions, (f = new FastStreams(sessions)));
  return f;
}
