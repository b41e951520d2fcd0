// The player's <video>: made here rather than in JSX, so that a prepared element (prepare.ts),
// already loaded at the right time, can become the player's own. Its events reach whatever
// handlers the player rendered last.

export interface VideoHandlers {
  timeupdate(v: HTMLVideoElement): void;
  play(): void;
  pause(): void;
  waiting(): void;
  playing(): void;
  canplay(): void;
  error(v: HTMLVideoElement): void;
  click(): void;
  ended(): void;
}

const EVENTS = ['timeupdate', 'play', 'pause', 'waiting', 'playing', 'canplay', 'error', 'click', 'ended'] as const satisfies ReadonlyArray<keyof VideoHandlers>;

/** Puts `adopt` (or a new element) first in `at`, wired to `handlers()`; `unmount` takes it out. */
export function mountVideo(at: HTMLElement, adopt: HTMLVideoElement | null, handlers: () => VideoHandlers): { video: HTMLVideoElement; unmount(): void } {
  const v = adopt ?? document.createElement('video');
  v.className = 'video';
  v.removeAttribute('aria-hidden');
  v.setAttribute('aria-label', 'Video');
  v.playsInline = true;
  v.muted = false;
  const on = EVENTS.map((name) => [name, () => handlers()[name](v)] as const);
  for (const [name, fn] of on) v.addEventListener(name, fn);
  at.prepend(v);
  return {
    video: v,
    unmount() {
      for (const [name, fn] of on) v.removeEventListener(name, fn);
      v.remove();
    },
  };
}
