// Plays a remux or transcode session through Media Source Extensions (MEASURED.md: first frame
// about twice as fast as <video src> on the same stream), on a true timeline: the MediaSource
// lasts the whole file, each session's fragments land at the time the server says it starts
// (X-Reelvault-Start: the requested time for a transcode, the keyframe at or before it for a
// copy), seeks inside the buffer are the browser's, seeks outside start a new session (the old
// request is aborted, which ends its ffmpeg at once). About 30 s are kept ahead: past that the
// body is not read, so TCP back-pressure pauses ffmpeg; what is over 30 s behind is trimmed.
import type { HeldStream, MseOptions, PlaybackState } from './mse-types.js';
import { appendMakingRoom, sourceBufferOp } from './source-buffer.js';
import { codecWords, sessionMime } from './session-mime.js';


const AHEAD_MAX = 30;
const AHEAD_RESUME = 15;
const BEHIND_KEEP = 30;

export type { HeldStream, MseOptions, PlaybackState } from './mse-types.js';

export class MsePlayback {
  private readonly ms = new MediaSource();
  private sb: SourceBuffer | null = null;
  private readonly url: string;
  private ac: AbortController | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private gen = 0;
  private closed = false;
  private busyTimer: ReturnType<typeof setInterval> | null = null;
  private readonly duration: number;
  private waitingForRoom: (() => void) | null = null;

  private holding: boolean;

  constructor(private o: MseOptions) {
    this.holding = o.hold ?? false;
    this.duration = o.details.probe?.durationSec ?? o.details.entry.media?.durationSec ?? NaN;
    this.url = URL.createObjectURL(this.ms);
    o.video.src = this.url;
    o.video.addEventListener('seeking', this.onSeeking);
    o.video.addEventListener('timeupdate', this.onTime);
  }

  /**
   * Start loading from `t` seconds of the timeline (from `held`, a session already opened at `t`,
   * when there is one); resolves once the session is asked for.
   */
  async start(t: number, held?: HeldStream): Promise<void> {
    if (this.ms.readyState !== 'open') await new Promise<void>((r) => this.ms.addEventListener('sourceopen', () => r(), { once: true }));
    if (this.closed) return;
    if (Number.isFinite(this.duration) && !this.sb) this.ms.duration = this.duration;
    this.o.video.currentTime = t;
    // Not awaited: the session reads for as long as it plays (and waits while 30 s are ahead,
    // which needs the caller to have started playback).
    if (held) void this.session(t, false, held);
    else if (!this.inBuffer(t)) void this.session(t);
  }

  private sbType = '';

  /**
   * The SourceBuffer for a session of this mode: made on the first, retyped if a later one
   * differs. False when this browser's MediaSource refuses the type (isTypeSupported, or
   * addSourceBuffer / changeType throwing), whatever its codec answers said before.
   */
  private bufferFor(mode: 'remux' | 'transcode'): boolean {
    const type = sessionMime(this.o.details, mode, this.o.audio);
    if (this.sb && type === this.sbType) return true;
    if (!MediaSource.isTypeSupported(type)) return false;
    try {
      if (!this.sb) {
        this.sb = this.ms.addSourceBuffer(type);
        this.sb.mode = 'segments';
      } else {
        this.sb.changeType(type);
      }
    } catch {
      return false;
    }
    this.sbType = type;
    return true;
  }

  /**
   * This browser refused the stream's type. A copy is asked again as a conversion (H.264 + AAC),
   * once, and the user is told why; a refused conversion is an error in words.
   */
  private refused(t: number, mode: 'remux' | 'transcode'): void {
    const what = codecWords(sessionMime(this.o.details, mode, this.o.audio));
    if (mode === 'remux' && this.o.mode === 'remux') {
      this.o.mode = 'transcode';
      this.say({ kind: 'note', text: `This browser cannot play the copied stream (${what}): it is being converted instead.` });
      void this.session(t);
      return;
    }
    this.say({ kind: 'error', message: `this browser cannot play the ${mode === 'remux' ? 'copied' : 'converted'} stream (${what})` });
  }

  /**
   * What the player was last told: a prepared playback tells nobody until it is adopted, so its
   * news (a refusal, an error) is kept and told then.
   */
  private told: { state: PlaybackState | null; note: string | null } = { state: null, note: null };

  private say(s: PlaybackState | { kind: 'note'; text: string }): void {
    if (s.kind === 'note') { this.told.note = s.text; this.o.onNote?.(s.text); return; }
    this.told.state = s;
    this.o.onState(s);
  }

  private inBuffer(t: number): boolean {
    const b = this.o.video.buffered;
    for (let i = 0; i < b.length; i++) if (t >= b.start(i) && t < b.end(i) - 0.2) return true;
    return false;
  }

  private readonly onSeeking = (): void => {
    const t = this.o.video.currentTime;
    if (this.inBuffer(t)) return; // instant: the browser plays what it has
    // Just ahead of what the running session has sent: it will be there in a moment.
    if (this.streaming && t >= this.streaming.from - 0.05 && t <= this.bufferedEnd() + 3) return;
    void this.session(t);
  };

  /** The session being read: where it started. */
  private streaming: { from: number } | null = null;

  private bufferedEnd(): number {
    const b = this.sb?.buffered;
    return b && b.length ? b.end(b.length - 1) : this.streaming?.from ?? 0;
  }

  /**
   * The share let an unread stream go (a player paused for over a minute) or the connection
   * dropped mid-file: where to reopen a session, once playback gets near it.
   */
  private reopenAt: number | null = null;

  private readonly onTime = (): void => {
    if (this.reopenAt !== null && this.aheadSec() < AHEAD_RESUME) {
      const t = this.reopenAt;
      this.reopenAt = null;
      void this.session(t, true);
    }
    // Room again ahead: read on.
    if (this.waitingForRoom && this.aheadSec() < AHEAD_RESUME) {
      const go = this.waitingForRoom;
      this.waitingForRoom = null;
      go();
    }
    void this.trimBehind();
  };

  private aheadSec(): number {
    const v = this.o.video;
    const b = v.buffered;
    for (let i = 0; i < b.length; i++) if (v.currentTime >= b.start(i) - 0.5 && v.currentTime <= b.end(i)) return b.end(i) - v.currentTime;
    return 0;
  }

  private async trimBehind(): Promise<void> {
    const sb = this.sb;
    const t = this.o.video.currentTime;
    if (!sb || sb.updating || this.ms.readyState !== 'open') return;
    const b = sb.buffered;
    if (b.length && b.start(0) < t - BEHIND_KEEP - 5) await this.whenIdle(() => sb.remove(0, t - BEHIND_KEEP));
  }

  private whenIdle(op: () => void): Promise<void> {
    return sourceBufferOp(this.sb!, op, () => this.closed);
  }

  /**
   * A new session at `t`: the old request is aborted first (its ffmpeg ends with it). `keep`
   * continues the buffer (a reopened stream) instead of replacing it (a seek).
   */
  private async session(t: number, keep = false, held?: HeldStream): Promise<void> {
    const g = ++this.gen;
    this.reopenAt = null;
    this.streaming = null;
    this.ac?.abort();
    void this.reader?.cancel().catch(() => undefined);
    this.reader = null;
    this.waitingForRoom = null;
    if (this.busyTimer) { clearInterval(this.busyTimer); this.busyTimer = null; }
    const ac = new AbortController();
    this.ac = ac;
    this.say({ kind: 'buffering' });
    if (!held) this.o.onRequest?.(t);
    let res: Response;
    if (held) res = held.response;
    else try {
      const tile = this.o.tile ? { tile: this.o.tile.index, maxHeight: this.o.tile.maxHeight } : {};
      const audio = this.o.audio !== null ? { audio: this.o.audio } : {};
      res = await fetch(this.o.api.mediaUrl({ kind: 'transcode', id: this.o.details.entry.id, start: t, mode: this.o.mode, ...audio, ...tile }), { signal: ac.signal });
    } catch {
      if (g === this.gen && !this.closed) this.say({ kind: 'error', message: 'The recording computer cannot be reached.' });
      return;
    }
    if (g !== this.gen || this.closed) { void res.body?.cancel().catch(() => undefined); return; }
    if (!res.ok || !res.body) {
      if (keep && res.status === 400) return; // past the end of what exists (a recording): nothing more yet
      let message = `HTTP ${res.status}`;
      try { message = ((await res.json()) as { message?: string }).message ?? message; } catch { /* not JSON */ }
      if (res.status === 503) {
        let left = Math.max(1, Number(res.headers.get('retry-after')) || 5);
        this.say({ kind: 'busy', retryInSec: left, message });
        this.busyTimer = setInterval(() => {
          left--;
          if (g !== this.gen) return;
          if (left <= 0) { clearInterval(this.busyTimer!); this.busyTimer = null; void this.session(this.o.video.currentTime); } else this.say({ kind: 'busy', retryInSec: left, message });
        }, 1000);
        return;
      }
      this.say({ kind: 'error', message });
      return;
    }
    const start = Number(res.headers.get('x-reelvault-start') ?? t);
    const from = Number.isFinite(start) ? start : t;
    this.streaming = { from };
    try {
      // What was buffered belongs to the old session: drop it, then place the new fragments.
      // abort() is synchronous, fires no event when nothing was being appended, and resets the
      // parser: the old stream may have ended mid-fragment, and the new one opens with its own
      // init segment, which must not be read as the rest of that fragment. (After endOfStream
      // the parser is idle, and abort() would throw.)
      if (this.ms.readyState === 'open') this.sb?.abort();
      // What the share sends decides the SourceBuffer's type: its mode, not a guess of ours.
      const sent = res.headers.get('x-reelvault-mode');
      const mode = sent === 'remux' || sent === 'transcode' ? sent : this.o.mode;
      if (!this.bufferFor(mode)) {
        // Its ffmpeg ends with the request.
        ac.abort();
        void (held?.reader ?? res.body).cancel().catch(() => undefined);
        this.streaming = null;
        this.refused(t, mode);
        return;
      }
      if (!keep && this.sb!.buffered.length) await this.whenIdle(() => this.sb!.remove(0, Infinity));
      if (g !== this.gen) return;
      // The stream keeps the file's own timestamps; the share says what places them on the timeline.
      const offset = Number(res.headers.get('x-reelvault-timestamp-offset') ?? NaN);
      this.sb!.timestampOffset = Number.isFinite(offset) ? offset : from;
      const reader = held?.reader ?? res.body.getReader();
      this.reader = reader;
      const early = held ? [...held.chunks] : [];
      let first = true;
      for (;;) {
        while ((this.aheadSec() > AHEAD_MAX || (this.holding && early.length === 0)) && g === this.gen && !this.closed) {
          await new Promise<void>((r) => { this.waitingForRoom = r; });
        }
        if (g !== this.gen || this.closed) return;
        let chunk: ReadableStreamReadResult<Uint8Array>;
        const next = early.shift();
        if (next) chunk = { done: false, value: next };
        else try {
          chunk = await reader.read();
        } catch {
          chunk = { done: true, value: undefined };
        }
        if (g !== this.gen || this.closed) return;
        if (chunk.done) { this.streaming = null; break; }
        const value = chunk.value;
        await this.append(value);
        if (first) { first = false; this.say({ kind: 'ready' }); }
      }
      // The stream reached the end of the file: the timeline may end there. Ended short of it
      // (closed while paused, a dropped connection): reopen where it stopped, when needed. A
      // trim of what was played may be running: this is decided once it is done, or the
      // reopening would be skipped and playback would stop at the end of the buffer.
      const sb = this.sb!;
      if (sb.updating) await new Promise((r) => sb.addEventListener('updateend', r, { once: true }));
      if (g !== this.gen || this.closed) return;
      if (this.ms.readyState === 'open') {
        const end = this.sb!.buffered.length ? this.sb!.buffered.end(this.sb!.buffered.length - 1) : 0;
        if (!Number.isFinite(this.duration) || end >= this.duration - 1) this.ms.endOfStream();
        else if (!keep || end > t + 0.5) {
          // (A reopened stream that brought nothing new is the end of what exists: stop there.)
          this.reopenAt = end;
          if (this.aheadSec() < AHEAD_RESUME && !this.o.video.paused) this.onTime();
        }
      }
    } catch (err) {
      if (g !== this.gen || this.closed || ac.signal.aborted) return;
      this.say({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private append(chunk: Uint8Array): Promise<void> {
    return appendMakingRoom(this.sb!, chunk, () => this.o.video.currentTime, () => this.closed);
  }

  /** A prepared playback becomes the player's: its events go to `on`, and reading goes on. */
  adopt(on: Pick<MseOptions, 'onState' | 'onRequest' | 'onNote'>): void {
    this.o = { ...this.o, ...on };
    this.holding = false;
    if (this.told.note) this.o.onNote?.(this.told.note);
    if (this.told.state && this.told.state.kind !== 'buffering') this.o.onState(this.told.state);
    const go = this.waitingForRoom;
    this.waitingForRoom = null;
    go?.();
  }

  /** Stop: the request is aborted (its ffmpeg is killed) and the element released. */
  /**
   * Let the session go (a clip download over the share needs its slot): the picture and the
   * buffer stay, and playback reopens from the buffer's end when it gets near (as after a cut-off).
   */
  suspend(): void {
    if (!this.streaming) return;
    const end = this.bufferedEnd();
    this.gen++;
    this.ac?.abort();
    void this.reader?.cancel().catch(() => undefined);
    this.reader = null;
    this.streaming = null;
    this.waitingForRoom = null;
    this.reopenAt = end;
  }

  close(): void {
    this.closed = true;
    this.gen++;
    this.ac?.abort();
    void this.reader?.cancel().catch(() => undefined);
    if (this.busyTimer) clearInterval(this.busyTimer);
    this.waitingForRoom?.();
    this.o.video.removeEventListener('seeking', this.onSeeking);
    this.o.video.removeEventListener('timeupdate', this.onTime);
    this.o.video.removeAttribute('src');
    this.o.video.load();
    URL.revokeObjectURL(this.url);
  }
}
