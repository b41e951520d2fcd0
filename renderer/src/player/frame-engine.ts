// Shows a fast stream (a media URL with speed=N: contract/frame-stream.ts) on a canvas over the
// <video>: 64× forward, reverse, and frames back. The pictures come with their times on the
// file's timeline; a clock running at the speed picks which is shown, and waits for the stream
// rather than running ahead of it (the position shown is always the picture's own time). At
// −1× every frame of the stretch is kept (frame-store.ts), so repeated steps are instant.
import type { ReelvaultApi } from '../../../contract/api.js';
import { FrameReader } from '../../../contract/frame-stream.js';
import { FrameStore, type Picture } from './frame-store.js';

export interface FrameEngineOptions {
  api: ReelvaultApi;
  id: string;
  /** The canvas goes in here, over the video. */
  stage: HTMLElement;
  /** A sync view's tile (its own stream). */
  tile?: number;
  /** Each picture shown, by its time. */
  onPosition(t: number): void;
  /** Playing reached the file's end (or its start, in reverse): the engine has paused. */
  onEnd?(): void;
  /** Something went wrong with the stream, in words. */
  onError?(message: string): void;
}

/** Pictures kept ahead of the one shown before reading pauses (TCP then holds ffmpeg). */
const AHEAD = 90;
const MOVING_MAX_HEIGHT = 540;

interface Stream {
  speed: number;
  ac: AbortController;
  ended: boolean;
}

export class FrameEngine {
  readonly canvas: HTMLCanvasElement;
  private store = new FrameStore(600);
  private stream: Stream | null = null;
  private shown = NaN;
  private playingSpeed = 0;
  private clock = { pos: 0, at: 0 };
  private raf = 0;
  /** Wakes the reader (room ahead) and step waiters (pictures arrived). */
  private wakeReader: (() => void) | null = null;
  private arrived: Array<() => void> = [];
  private drawing: Promise<void> = Promise.resolve();
  private steps: Promise<unknown> = Promise.resolve();
  private gen = 0;
  /** Where the current stream started. */
  private streamFrom = 0;
  /** Pictures drawn so far (data-drawn on the canvas: the bench counts pictures shown by it). */
  private drawn = 0;
  /** Steps waiting for their pictures: their stream is no prefetch to drop. */
  private waiting = 0;

  constructor(private readonly o: FrameEngineOptions) {
    const c = document.createElement('canvas');
    c.className = 'fast-frames';
    c.setAttribute('aria-hidden', 'true');
    Object.assign(c.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', objectFit: 'contain', background: '#000', pointerEvents: 'none', display: 'none' });
    o.stage.append(c);
    this.canvas = c;
  }

  /** The canvas is shown (fast, reverse or stepping): the position is the picture's. */
  get active(): boolean { return this.canvas.style.display !== 'none'; }
  get playing(): boolean { return this.playingSpeed !== 0; }
  get position(): number { return this.shown; }

  /** Play at `speed` (a fast or reverse speed) from `from` s; the last picture stays until the new ones come. */
  play(speed: number, from: number): void {
    this.show();
    if (!Number.isFinite(this.shown)) this.shown = from;
    const s = this.stream;
    const here = Math.abs(from - this.shown) <= 1e-3;
    if (s && here && this.playingSpeed !== 0 && s.speed !== speed && Math.sign(s.speed) === Math.sign(speed)) {
      // Faster or slower the same way: the clock changes at once over the pictures already
      // here, and a stream at the new speed carries on from the last of them.
      const edge = speed > 0 ? this.store.newest : this.store.oldest;
      this.open(speed, Number.isFinite(edge) ? edge : from, true);
    } else if (!s || s.speed !== speed || !here) {
      // (The stream at hand goes on where it fits: paused and played again at the same speed.)
      this.open(speed, from);
    }
    this.playingSpeed = speed;
    this.clock = { pos: from, at: performance.now() };
    cancelAnimationFrame(this.raf);
    this.raf = requestAnimationFrame(this.tick);
  }

  pause(): void {
    this.playingSpeed = 0;
    cancelAnimationFrame(this.raf);
  }

  /**
   * `n` frames from the picture at `from` (the video's position when nothing is shown yet);
   * resolves with the time shown, null when a step forward leaves what is kept here (the video
   * plays on from there), undefined when it was given up (a seek, playing on). Steps are taken
   * one after another, each from the last.
   */
  step(n: number, from: number): Promise<number | null | undefined> {
    const next = this.steps.then(() => this.stepNow(n, from));
    this.steps = next.catch(() => undefined);
    return next;
  }

  private async stepNow(n: number, from: number): Promise<number | null | undefined> {
    this.pause();
    const base = this.active && Number.isFinite(this.shown) ? this.shown : from;
    let p = this.store.step(base, n);
    if (!p && n > 0) return null;
    if (!p) {
      const s = this.stream;
      // A −1× stream from at or after here (a prefetch, or earlier steps) brings these frames.
      const covered = this.store.complete && s && s.speed === -1 && base <= this.store.complete.top + 1e-4 && (!s.ended || base >= this.store.oldest - 1e-4);
      if (!covered) this.open(-1, base);
      const g = this.gen;
      this.waiting++;
      try {
        while (!(p = this.store.step(base, n))) {
          if (g !== this.gen) return undefined;
          if (this.stream?.ended) return Number.isFinite(this.shown) ? this.shown : undefined;
          this.wakeReader?.();
          await new Promise<void>((r) => this.arrived.push(r));
        }
      } finally {
        this.waiting--;
      }
    }
    const g = this.gen;
    this.show();
    await this.draw(p);
    return g === this.gen ? p.time : undefined;
  }

  /**
   * Paused on the video at `from`: decode the GOP before it now, unseen, so that a first step
   * back finds its frames here. Nothing happens while the canvas is shown.
   */
  prefetch(from: number): void {
    if (this.active) return;
    const s = this.stream;
    if (s && s.speed === -1 && this.store.complete && Math.abs(this.store.complete.top - from) < 1e-3) return;
    this.open(-1, from);
  }

  /**
   * A prefetch not used: its stream ends. The video seeking (the `.` just before a `,` lands a
   * moment after the key) leaves a step that waits for its frames alone; playing gives it up.
   */
  dropPrefetch(playing: boolean): void {
    if (this.active || !this.stream || (this.waiting > 0 && !playing)) return;
    this.closeStream();
    this.store = new FrameStore(600);
  }

  /** Back to the video: the stream ends, the canvas goes; returns the position to seek the video to. */
  exit(): number {
    this.pause();
    this.closeStream();
    this.store = new FrameStore(600);
    this.canvas.style.display = 'none';
    const t = this.shown;
    this.shown = NaN;
    return t;
  }

  destroy(): void {
    this.exit();
    this.canvas.remove();
  }

  private show(): void {
    this.canvas.style.display = '';
  }

  private closeStream(): void {
    this.gen++;
    this.stream?.ac.abort();
    this.stream = null;
    this.wakeReader?.();
    for (const r of this.arrived.splice(0)) r();
  }

  /** `keep`: the pictures received stay (a speed change the same way), else a fresh store. */
  private open(speed: number, from: number, keep = false): void {
    this.closeStream();
    if (keep) {
      if (speed !== -1) this.store.complete = null;
    } else {
      // The picture on screen stays until the new stream's first one replaces it.
      this.store = new FrameStore(600);
      if (speed === -1) this.store.complete = { top: from };
    }
    this.streamFrom = from;
    const s: Stream = { speed, ac: new AbortController(), ended: false };
    this.stream = s;
    const g = this.gen;
    const dpr = globalThis.devicePixelRatio || 1;
    // Moving pictures (2× and up, either way) at most 540 high: a 1080p legacy file then decodes
    // at half size (-lowres), which is what lets reverse keep 15 pictures a second.
    const view = Math.max(90, Math.round(this.o.stage.clientHeight * dpr));
    const maxHeight = Math.abs(speed) >= 2 ? Math.min(view, MOVING_MAX_HEIGHT) : view;
    const url = this.o.api.mediaUrl({ kind: 'transcode', id: this.o.id, start: Math.max(0, from), speed, maxHeight, ...(this.o.tile !== undefined ? { tile: this.o.tile } : {}) });
    void this.read(url, s, g);
  }

  private ahead(): number {
    const f = this.store.frames;
    const dir = this.stream?.speed ?? 1;
    const at = Number.isFinite(this.shown) ? this.shown : this.streamFrom;
    let n = 0;
    for (const p of f) if (dir > 0 ? p.time > at : p.time < at) n++;
    return n;
  }

  private async read(url: string, s: Stream, g: number): Promise<void> {
    try {
      const res = await fetch(url, { signal: s.ac.signal });
      if (!res.ok || !res.body) {
        let message = `HTTP ${res.status}`;
        try { message = ((await res.json()) as { message?: string }).message ?? message; } catch { /* not JSON */ }
        if (g === this.gen) this.o.onError?.(message);
        return;
      }
      const reader = res.body.getReader();
      const frames = new FrameReader();
      for (;;) {
        while (this.ahead() >= AHEAD && g === this.gen) await new Promise<void>((r) => { this.wakeReader = r; });
        if (g !== this.gen) { void reader.cancel().catch(() => undefined); return; }
        const { done, value } = await reader.read();
        if (g !== this.gen) { void reader.cancel().catch(() => undefined); return; }
        if (done) break;
        for (const p of frames.push(value)) this.store.add(p);
        this.trim();
        for (const r of this.arrived.splice(0)) r();
      }
    } catch (err) {
      if (g === this.gen && !s.ac.signal.aborted) this.o.onError?.(err instanceof Error ? err.message : String(err));
    } finally {
      s.ended = true;
      if (g === this.gen) for (const r of this.arrived.splice(0)) r();
    }
  }

  /** Forward, what was shown is not needed again; reverse keeps it for steps forward. */
  private trim(): void {
    const f = this.store.frames;
    if ((this.stream?.speed ?? 0) > 0) while (f.length > 2 && f[1]!.time < this.shown) f.shift();
    this.store.trim(this.shown);
  }

  private readonly tick = (): void => {
    const speed = this.playingSpeed;
    if (!speed) return;
    const now = performance.now();
    let pos = this.clock.pos + ((now - this.clock.at) / 1000) * speed;
    const st = this.store;
    const ended = this.stream?.ended ?? true;
    let pick: Picture | undefined;
    if (speed > 0) {
      // Never ahead of the stream: the clock waits at its newest picture.
      if (!(st.newest >= pos)) pos = this.hold(st.newest, now);
      pick = st.frames[st.atOrBefore(pos)];
    } else {
      if (!(st.oldest <= pos)) pos = this.hold(st.oldest, now);
      pick = st.frames[st.atOrAfter(pos)];
    }
    if (pick && pick.time !== this.shown) void this.draw(pick);
    const atEnd = ended && (speed > 0 ? !(st.newest > this.shown) : !(st.oldest < this.shown));
    if (atEnd && pick && pick.time === this.shown) {
      this.pause();
      this.o.onEnd?.();
      return;
    }
    this.wakeReader?.();
    this.raf = requestAnimationFrame(this.tick);
  };

  /** The clock waits at `at` (the last picture received; where it was while there is none). */
  private hold(at: number, now: number): number {
    const pos = Number.isFinite(at) ? at : this.clock.pos;
    this.clock = { pos, at: now };
    return pos;
  }

  /** Draws `p` (decoding its JPEG); the position moves when it is on screen. */
  private draw(p: Picture): Promise<void> {
    this.shown = p.time;
    this.drawing = this.drawing.then(async () => {
      if (this.shown !== p.time) return; // a later picture is wanted already
      const bmp = await createImageBitmap(new Blob([p.jpeg as BlobPart], { type: 'image/jpeg' }));
      const c = this.canvas;
      if (c.width !== bmp.width || c.height !== bmp.height) { c.width = bmp.width; c.height = bmp.height; }
      c.getContext('2d')!.drawImage(bmp, 0, 0);
      bmp.close();
      // Which stream's picture this is (its speed), and how many were shown: for the bench.
      c.dataset.drawn = String(++this.drawn);
      c.dataset.speed = String(this.playingSpeed || (this.stream?.speed ?? ''));
      this.o.onPosition(p.time);
    }).catch(() => undefined);
    return this.drawing;
  }
}
