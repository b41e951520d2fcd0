// Playback sessions: a file turned into fragmented MP4 on a stream, from any start time.
//
// A session is ready only once its first complete fragment exists, so a failure is an error
// with ffmpeg's reason, never an empty success. Transcodes share a small number of slots (one
// kept for the person at the desktop); a viewer's new session (a seek) replaces its old one.
import { PassThrough, type Readable } from 'node:stream';
import type { MediaProbe, PlaybackPlan } from '../../contract/api.js';
import { logger } from '../util/log.js';
import { firstMeaningfulLine, spawnMedia, type MediaProcess } from './ffmpeg.js';
import { openContained, type ContainedFile } from './contained-file.js';
import { MediaError } from './media-error.js';
import { deviceOf } from './viewers.js';
import { firstFragmentOf } from './fmp4.js';
import { gateFragments } from './fragment-gate.js';
import { MAX_SESSIONS_PER_DEVICE, SESSION_KINDS, type KindRules, type SessionKind } from './session-kinds.js';
import { SessionSlots, type SessionLimits } from './session-slots.js';
import { SessionImpl } from './session-impl.js';
import { inputUrls } from './input-args.js';
import { ProgressParser, type Progress } from './progress.js';
import { DEFAULT_TRANSCODE, sessionArgs, slotWeight, type TranscodeSettings } from './session-args.js';

const log = logger('sessions');

export type { SessionLimits } from './session-slots.js';
export { MAX_SESSIONS_PER_DEVICE, SESSION_KINDS, type SessionKind } from './session-kinds.js';

export type SessionErrorCode = 'busy' | 'unplayable' | 'out-of-range' | 'gone' | 'cancelled';

export class SessionError extends MediaError {
  constructor(message: string, code: SessionErrorCode, retryAfterSec?: number) {
    super(code, message, retryAfterSec);
  }
}

export interface SessionRequest {
  /** The library folder the file must resolve inside (checked when it is opened). */
  root: string;
  file: string;
  probe: MediaProbe;
  plan: PlaybackPlan;
  /** Seconds on the user's timeline (0 = the file's first frame). */
  start: number;
  /** Who is watching (viewers.ts): a new playback session of the same viewer replaces the old one. */
  viewer: string;
  /** The device that viewer belongs to (`desktop` for the person at this computer). */
  device?: string;
  kind?: SessionKind;
  /** A sync tile's height (session-args.ts: scaled, fast, half a slot when converted). */
  maxHeight?: number;
  /** The person at this computer's desktop (may use the reserved slot). */
  local?: boolean;
  /**
   * Another Reelvault re-sharing to its viewers: the per-device cap does not apply (its viewers
   * are many); the pools' limits (the transcode limit) still do.
   */
  reshares?: boolean;
  signal?: AbortSignal;
}

export interface Session {
  readonly id: number;
  readonly mode: PlaybackPlan['mode'];
  /**
   * Where the stream really starts on the user's timeline (s): the requested time for a
   * transcode, the keyframe at or before it for a remux (a copy cannot start between keyframes).
   */
  readonly startTime: number;
  /**
   * Seconds to add to the stream's own timestamps to place it on the user's timeline (MSE's
   * timestampOffset): minus the file's start time for the player's sessions, which keep the
   * file's timestamps; the start for a stream whose timeline begins at 0.
   */
  readonly timestampOffset: number;
  /** The fragmented MP4, first fragment included. Cancelling it ends the session. */
  readonly body: Readable;
  progress(): Progress | null;
  abort(): void;
  readonly ended: Promise<void>;
}

/** A first fragment larger than this (a very long GOP copied) is treated as a failure. */
const FIRST_FRAGMENT_MAX = 32 * 1024 * 1024;
/**
 * A conversion's buffer: its first fragment is small (keyframes every 0.2 s at first), and a
 * small buffer makes a viewer that stops reading (30 s ahead, or paused) pause ffmpeg soon,
 * rather than letting it convert tens of MB nobody may watch.
 */
const TRANSCODE_BUFFER = 8 * 1024 * 1024;

export class SessionManager {
  /** The conversion and copy slots: clip downloads (clip-stream.ts) take theirs here too. */
  readonly slots: SessionSlots;
  private readonly byViewer = new Map<string, Set<SessionImpl>>();
  /** Sessions per device, open or still starting (a burst of requests counts before any is ready). */
  private readonly perDevice = new Map<string, number>();
  private readonly all = new Set<SessionImpl>();
  /**
   * Starts not yet ready, per viewer. A new start replaces them as it replaces running sessions:
   * Electron's protocol.handle never aborts a request the page gave up on, so a seek or a scroll
   * abandoned before its headers came would otherwise go on converting.
   */
  private readonly starting = new Map<string, Set<{ kind: SessionKind; ac: AbortController }>>();
  private nextId = 1;

  constructor(
    limits: Partial<SessionLimits> = {},
    private readonly settings: () => TranscodeSettings = () => DEFAULT_TRANSCODE,
    /** Tests shorten how long a prepared session may stay unread. */
    private readonly timing: { preparedUnreadMs?: number } = {},
  ) {
    this.slots = new SessionSlots(limits);
  }

  setLimits(limits: Partial<SessionLimits>): void {
    this.slots.setLimits(limits);
  }

  get running(): number {
    return this.all.size;
  }

  get transcodesRunning(): number {
    return this.slots.inUse('transcode');
  }

  get remuxesRunning(): number {
    return this.slots.inUse('remux');
  }

  /** Start a session; resolves once its first fragment exists. */
  async open(req: SessionRequest): Promise<Session> {
    const duration = req.probe.durationSec;
    if (!Number.isFinite(req.start) || req.start < 0) throw new SessionError('the start time is not a valid number of seconds', 'out-of-range');
    if (duration !== null && req.start >= duration) {
      throw new SessionError(`the start time (${req.start.toFixed(1)} s) is past the end of the file (${duration.toFixed(1)} s)`, 'out-of-range');
    }
    const kind = req.kind ?? 'playback';
    const rules: KindRules = SESSION_KINDS[kind];
    // A seek replaces this tab's previous session rather than queueing behind it, and its starts.
    for (const old of this.byViewer.get(req.viewer) ?? []) if ((rules.replaces as readonly string[]).includes(old.kind)) old.abort();
    for (const old of this.starting.get(req.viewer) ?? []) if ((rules.replaces as readonly string[]).includes(old.kind)) old.ac.abort();
    const start = { kind, ac: new AbortController() };
    let starting = this.starting.get(req.viewer);
    if (!starting) this.starting.set(req.viewer, (starting = new Set()));
    starting.add(start);
    const done = (): void => {
      starting.delete(start);
      if (!starting.size && this.starting.get(req.viewer) === starting) this.starting.delete(req.viewer);
    };
    req = { ...req, signal: req.signal ? AbortSignal.any([req.signal, start.ac.signal]) : start.ac.signal };
    try {
      return await this.openCounted(req, kind, rules);
    } finally {
      done();
    }
  }

  private async openCounted(req: SessionRequest, kind: SessionKind, rules: KindRules): Promise<Session> {
    const device = req.device ?? req.viewer;
    const held = this.perDevice.get(device) ?? 0;
    if (!req.local && !req.reshares && held >= MAX_SESSIONS_PER_DEVICE) {
      throw new SessionError(`this device already has ${MAX_SESSIONS_PER_DEVICE} videos open; close one and try again`, 'busy', 5);
    }
    this.perDevice.set(device, held + 1);
    let counted = true;
    const uncount = (): void => {
      if (!counted) return;
      counted = false;
      const n = (this.perDevice.get(device) ?? 1) - 1;
      if (n > 0) this.perDevice.set(device, n);
      else this.perDevice.delete(device);
    };

    let releaseSlot: () => void;
    try {
      releaseSlot = await this.slots.acquire({
        pool: req.plan.mode === 'transcode' ? 'transcode' : 'remux', local: req.local ?? false, spare: rules.spare,
        weight: slotWeight(req.plan, req.maxHeight), ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (err) {
      uncount();
      throw err;
    }
    const release = (): void => {
      releaseSlot();
      uncount();
    };
    try {
      return await this.start(req, kind, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  private async start(req: SessionRequest, kind: SessionKind, release: () => void): Promise<SessionImpl> {
    const rules: KindRules = SESSION_KINDS[kind];
    const ac = new AbortController();
    const onOuter = (): void => ac.abort();
    req.signal?.addEventListener('abort', onOuter, { once: true });
    if (req.signal?.aborted) ac.abort(); // given up before it got here (replaced while waiting for a slot)
    let opened: ContainedFile;
    try {
      opened = await openContained(req.root, req.file);
    } catch (err) {
      req.signal?.removeEventListener('abort', onOuter);
      throw ac.signal.aborted ? new SessionError('cancelled', 'cancelled') : err;
    }
    let proc: MediaProcess;
    try {
      proc = await spawnMedia('ffmpeg', sessionArgs({
        input: inputUrls([opened])[0]!, probe: req.probe, plan: req.plan, start: req.start, settings: this.settings(), timeline: rules.timeline,
        ...(req.maxHeight !== undefined ? { maxHeight: req.maxHeight } : {}),
      }), {
        signal: ac.signal, priority: 'interactive', inputs: [opened],
      });
    } catch (err) {
      req.signal?.removeEventListener('abort', onOuter);
      throw ac.signal.aborted ? new SessionError('cancelled', 'cancelled') : err;
    } finally {
      await opened.close();
    }
    const progress = new ProgressParser();
    proc.child.stderr?.on('data', (s: string | Buffer) => progress.push(String(s)));

    // The body is piped from the start, so no byte is lost whatever happens while we wait for
    // the first fragment (Node resumes a child's paused stdout when the child exits). Its
    // buffer is large enough for a first fragment (of a long-GOP remux: 32 MB; a conversion's
    // are small); after that, the pipe's backpressure reaches ffmpeg.
    // A prepared session holds two fragments, whatever their size.
    const stdout = proc.child.stdout!;
    const bufferBytes = req.plan.mode === 'transcode' ? TRANSCODE_BUFFER : FIRST_FRAGMENT_MAX;
    const gated = 'fragmentsAhead' in rules ? gateFragments(stdout, rules.fragmentsAhead) : null;
    const body = gated?.body ?? stdout.pipe(new PassThrough({ highWaterMark: bufferBytes }));
    body.on('error', () => undefined); // an early end is for the reader; nobody reading must not crash us
    const info = await firstFragmentOf(stdout, bufferBytes);

    if (!info) {
      req.signal?.removeEventListener('abort', onOuter);
      body.destroy();
      proc.stop();
      const exit = await proc.exited;
      release();
      if (ac.signal.aborted) throw new SessionError('cancelled', 'cancelled');
      const why = firstMeaningfulLine(proc.stderr().split('\n').filter((l) => !/^\w+=/.test(l)).join('\n'));
      log.info(`session failed (exit ${exit.code ?? exit.signal}): ${why} — ${proc.commandLine}`);
      throw new SessionError(why ? `ffmpeg could not convert this file: ${why}` : 'ffmpeg produced no video from this file', 'unplayable');
    }

    // Where the stream really starts, read from its own first fragment (nothing is looked up
    // before ffmpeg starts): a conversion starts at the time asked, a copy at the keyframe
    // before it. On the file's own timeline (the player's sessions), its first frame's time
    // less the file's start; on a zero timeline, the time asked.
    const track = [...info.timescales.keys()][0];
    const firstPts = (track !== undefined ? info.firstPtsSeconds.get(track) : undefined) ?? req.probe.startTime;
    const onSource = rules.timeline === 'source';
    const startTime = onSource ? Math.max(0, firstPts - req.probe.startTime) : req.start + firstPts;
    log.debug(`session start ${startTime.toFixed(3)}`);
    const offset = onSource ? -req.probe.startTime : req.start;
    const session = new SessionImpl(this.nextId++, kind, req.plan.mode, startTime, offset, proc, body, progress, ac, () => {
      req.signal?.removeEventListener('abort', onOuter);
      release();
      this.all.delete(session);
      const set = this.byViewer.get(req.viewer);
      set?.delete(session);
      if (set?.size === 0) this.byViewer.delete(req.viewer);
    });
    this.all.add(session);
    // A prepared stream still held unread after its time (the viewer moved on, or never came) ends.
    if (gated && 'unreadEndsAfterMs' in rules) {
      const timer = setTimeout(() => { if (gated.full()) session.abort(); }, this.timing.preparedUnreadMs ?? rules.unreadEndsAfterMs);
      timer.unref();
      void session.ended.finally(() => clearTimeout(timer));
    }
    let set = this.byViewer.get(req.viewer);
    if (!set) this.byViewer.set(req.viewer, (set = new Set()));
    set.add(session);
    return session;
  }

  /** End every session of a device (it was unpaired). */
  endDevice(device: string): void {
    for (const [viewer, set] of this.byViewer) if (deviceOf(viewer) === device) for (const s of set) s.abort();
  }

  /** End every session (quit, server shutdown) and wait for their ffmpeg to exit. */
  async stopAll(): Promise<void> {
    this.slots.failWaiting();
    const all = [...this.all];
    for (const s of all) s.abort();
    await Promise.all(all.map((s) => s.ended));
  }
}
