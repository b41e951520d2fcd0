// The player's speeds (−8× to 64×), frames back and the position it reports: the browser's own
// playbackRate where the stream keeps up (speed.ts), else the fast stream on a canvas
// (frame-engine.ts). The player's root carries data-speed and data-position (seconds on the
// file's timeline, to the millisecond, refreshed 10 times a second).
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { PlaybackMode, ReelvaultApi } from '../../../contract/api.js';
import { FrameEngine } from './frame-engine.js';
import { mutedAt, nextSpeed, speedWay } from './speed.js';

export interface SpeedOptions {
  api: ReelvaultApi;
  id: string;
  mode: PlaybackMode | null;
  root: RefObject<HTMLElement | null>;
  stage: RefObject<HTMLElement | null>;
  video: RefObject<HTMLVideoElement | null>;
  fps: number;
  /** The position moved on the canvas (a picture shown). */
  onTime(t: number): void;
  /** Let the playback session go while the fast stream plays (its slot and its CPU). */
  suspend(): void;
  onNote(text: string): void;
}

/** How often data-position is refreshed (the contract asks for at least 4 times a second). */
const POSITION_EVERY_MS = 100;
/** How long the picture stays still before the GOP before it is decoded (a step back then is instant). */
const PREFETCH_AFTER_MS = 300;

export interface SpeedControl {
  speed: number;
  /** The fast stream is playing (the <video> is paused under it). */
  playing: boolean;
  change(dir: 1 | -1): void;
  reset(): void;
  /** Space: true when the speed's own way took it (fast, reverse, or leaving a still picture). */
  toggle(): boolean;
  /** `,` or `.` while paused: true when taken here (every step back; forward inside kept frames). */
  frame(n: 1 | -1): boolean;
  /** A seek: true when taken here (the fast stream restarts there). */
  seek(t: number): boolean;
  /** The position: the picture's on the canvas, else the video's. */
  position(): number;
}

export function useSpeed(o: SpeedOptions): SpeedControl {
  const [speed, setSpeed] = useState(1);
  const [playing, setPlaying] = useState(false);
  const engine = useRef<FrameEngine | null>(null);
  const opts = useRef(o);
  useLayoutEffect(() => { opts.current = o; });
  const forcedMute = useRef<boolean | null>(null);

  useEffect(() => {
    const stage = o.stage.current;
    if (!stage) return;
    const e = new FrameEngine({
      api: o.api, id: o.id, stage,
      onPosition: (t) => {
        // At once, not at the next refresh: a step is seen (and timed) when its picture is.
        const r = opts.current.root.current;
        if (r) r.dataset.position = t.toFixed(3);
        opts.current.onTime(t);
      },
      onEnd: () => setPlaying(false),
      onError: (m) => opts.current.onNote(`The fast picture stopped: ${m}`),
    });
    engine.current = e;
    return () => { e.destroy(); engine.current = null; };
  }, [o.api, o.id, o.stage]);

  // Paused on the video a moment: the GOP before the picture is decoded ahead of a first step back.
  useEffect(() => {
    const v = o.video.current;
    const e = engine.current;
    if (!v || !e || !o.mode) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const still = (): void => {
      clearTimeout(timer);
      if (v.paused) timer = setTimeout(() => { if (v.paused && !v.seeking && v.readyState >= 2) e.prefetch(v.currentTime); }, PREFETCH_AFTER_MS);
    };
    const moving = (ev: Event): void => { clearTimeout(timer); e.dropPrefetch(ev.type === 'play'); };
    v.addEventListener('pause', still);
    v.addEventListener('seeked', still);
    v.addEventListener('play', moving);
    v.addEventListener('seeking', moving);
    return () => {
      clearTimeout(timer);
      v.removeEventListener('pause', still);
      v.removeEventListener('seeked', still);
      v.removeEventListener('play', moving);
      v.removeEventListener('seeking', moving);
    };
  }, [o.video, o.mode, o.api, o.id]);

  const position = useCallback((): number => {
    const e = engine.current;
    if (e?.active && Number.isFinite(e.position)) return e.position;
    return opts.current.video.current?.currentTime ?? 0;
  }, []);

  // data-speed and data-position on the player's root, written directly (no render each 100 ms).
  useEffect(() => {
    const write = (): void => {
      const r = opts.current.root.current;
      if (!r) return;
      r.dataset.speed = String(speed);
      r.dataset.position = position().toFixed(3);
    };
    write();
    const t = setInterval(write, POSITION_EVERY_MS);
    return () => clearInterval(t);
  }, [speed, position]);

  const applyMute = (s: number): void => {
    const v = opts.current.video.current;
    if (!v) return;
    if (mutedAt(s)) {
      if (forcedMute.current === null) forcedMute.current = v.muted;
      v.muted = true;
    } else if (forcedMute.current !== null) {
      v.muted = forcedMute.current;
      forcedMute.current = null;
    }
  };

  /** Back from the canvas to the video at the picture's time. */
  const toVideo = (play: boolean, rate: number): void => {
    const v = opts.current.video.current;
    const e = engine.current;
    if (!v) return;
    if (e?.active) {
      const t = e.exit();
      if (Number.isFinite(t)) v.currentTime = t;
    }
    v.playbackRate = rate;
    setPlaying(false);
    if (play) void v.play().catch(() => undefined);
  };

  const startFast = (s: number, from: number): void => {
    const v = opts.current.video.current;
    if (v && !v.paused) v.pause();
    opts.current.suspend();
    engine.current?.play(s, from);
    setPlaying(true);
  };

  const setTo = (s: number): void => {
    const v = opts.current.video.current;
    const e = engine.current;
    if (!v || !e || !opts.current.mode) return;
    const way = speedWay(s, opts.current.mode);
    const wasPlaying = e.active ? e.playing : !v.paused;
    applyMute(s);
    setSpeed(s);
    if (way === 'rate') {
      if (e.active) toVideo(wasPlaying, s);
      else v.playbackRate = s;
      return;
    }
    if (wasPlaying) startFast(s, position());
  };

  const change = (dir: 1 | -1): void => setTo(nextSpeed(speed, dir));
  const reset = (): void => setTo(1);

  const toggle = (): boolean => {
    const v = opts.current.video.current;
    const e = engine.current;
    if (!v || !e || !opts.current.mode) return false;
    const way = speedWay(speed, opts.current.mode);
    if (e.active && e.playing) { e.pause(); setPlaying(false); return true; }
    if (way !== 'rate' && (e.active || v.paused)) { startFast(speed, position()); return true; }
    if (e.active) { toVideo(true, speed); return true; }
    return false;
  };

  const frame = (n: 1 | -1): boolean => {
    const v = opts.current.video.current;
    const e = engine.current;
    if (!v || !e) return false;
    if (n > 0 && !e.active) return false;
    if (e.playing) { e.pause(); setPlaying(false); }
    const from = position();
    void e.step(n, from).then((t) => {
      // The video under the canvas follows (inside its buffer: at once), so it plays on from there.
      if (t === undefined) return; // given up: a seek or playing on came first
      if (t !== null) { if (Math.abs(v.currentTime - t) > 1e-4) v.currentTime = t; return; }
      // Past the frames kept: the video goes on from the newest, one frame later.
      const top = e.exit();
      const at = Number.isFinite(top) ? top : from;
      v.currentTime = at + 1 / opts.current.fps;
      opts.current.onTime(v.currentTime);
    });
    return true;
  };

  const seek = (t: number): boolean => {
    const e = engine.current;
    if (!e) return false;
    // A step still on its way is given up: the seek wins.
    if (!e.active) { e.exit(); return false; }
    if (e.playing) { e.play(speed, t); return true; }
    toVideo(false, opts.current.mode ? (speedWay(speed, opts.current.mode) === 'rate' ? speed : 1) : 1);
    return false;
  };

  return { speed, playing, change, reset, toggle, frame, seek, position };
}
