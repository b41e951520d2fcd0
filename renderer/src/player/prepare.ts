// Instant start: a tile the user shows intent for (selected with the keyboard for 300 ms, or
// hovered for 400 ms) starts its playback at its resume position before the double-click. A copy
// or conversion is asked of the share like any session (with prepare=1: a spare slot only, two
// fragments held) and read up to two fragments, no further, so ffmpeg waits; they are appended
// to a MediaSource in a hidden <video>, and a direct file loads in a hidden <video preload=auto>.
// The player then takes that element over. One at a time; ended when the intent moves on, or
// after 10 s unused.
import type { ItemDetails, ReelvaultApi } from '../../../contract/api.js';
import { FragmentCounter } from '../../../contract/mp4-boxes.js';
import { MsePlayback, type HeldStream, type MseOptions } from './mse-playback.js';

/**
 * How long an intent lasts before it prepares (hovered, or selected with the keys), how long a
 * prepared start waits unused, and how many fragments it holds.
 */
export const PREPARE = { hoverMs: 400, selectMs: 300, unusedMs: 10_000, fragments: 2 } as const;

/**
 * What the player takes over: the element, already loading at `from` (a direct file through its
 * byte ranges, a copy or conversion through MSE with its first fragments appended), and for MSE
 * the playback that feeds it, holding its stream until adopted.
 */
export interface Prepared {
  id: string;
  from: number;
  details: ItemDetails;
  video: HTMLVideoElement;
  mse: PreparedPlayback | null;
}

/** The part of MsePlayback a prepared start uses. */
export type PreparedPlayback = Pick<MsePlayback, 'start' | 'adopt' | 'close' | 'suspend'>;

/** What preparing makes: the page's elements (tests in Node hand in stand-ins). */
export interface PrepareParts {
  video(): HTMLVideoElement;
  playback(o: MseOptions): PreparedPlayback;
}

/**
 * A prepared element waits in the page, out of sight: a detached one is not composited, so its
 * first frame would be drawn only once the player shows it.
 */
function waitingVideo(): HTMLVideoElement {
  const v = document.createElement('video');
  v.className = 'prepared-video';
  v.setAttribute('aria-hidden', 'true');
  document.body.append(v);
  return v;
}

const PAGE: PrepareParts = { video: waitingVideo, playback: (o) => new MsePlayback(o) };

interface Pending {
  id: string;
  timer: ReturnType<typeof setTimeout> | null;
  ac: AbortController;
  ready: Prepared | null;
  /** Where to start; the saved position when absent. */
  from?: number;
}

export class Preparer {
  private current: Pending | null = null;
  /** The setting, and not on battery (the desktop); off until the settings are read. */
  private enabled = false;

  constructor(private readonly api: ReelvaultApi, private readonly parts: PrepareParts = PAGE) {}

  allow(on: boolean): void {
    this.enabled = on;
    if (!on) this.end();
  }

  /**
   * The user shows intent for `id` (or the player nears the end of the recording before it);
   * after `delayMs` its playback is prepared, from `from` seconds or else the saved position.
   */
  intent(id: string, delayMs: number, from?: number): void {
    if (this.current?.id === id) return;
    this.end();
    if (!this.enabled) return;
    const p: Pending = { id, timer: null, ac: new AbortController(), ready: null, ...(from !== undefined ? { from } : {}) };
    p.timer = setTimeout(() => { p.timer = null; void this.prepare(p); }, delayMs);
    this.current = p;
  }

  /** The intent for `id` ended (the mouse left, the selection moved): drop what was prepared. */
  leave(id: string): void {
    if (this.current?.id === id) this.end();
  }

  /** What was prepared for `id`, now the caller's (nothing if it was not ready). */
  take(id: string): Prepared | null {
    const p = this.current;
    if (!p || p.id !== id || !p.ready) return null;
    this.current = null;
    if (p.timer) clearTimeout(p.timer);
    return p.ready;
  }

  /** Drop whatever is prepared or being prepared. */
  end(): void {
    const p = this.current;
    this.current = null;
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    p.ac.abort();
    if (p.ready) release(p.ready);
  }

  private async prepare(p: Pending): Promise<void> {
    const live = (): boolean => this.current === p && !p.ac.signal.aborted;
    const [item, saved] = await Promise.all([this.api.item(p.id), p.from === undefined ? this.api.playerState(p.id) : null]);
    if (!live() || !item.ok || !item.value.plan) return;
    const details = item.value;
    const plan = details.plan!;
    const from = p.from ?? (saved?.ok && saved.value ? saved.value.positionSec : 0);
    // A copy or conversion is asked for first: with no spare slot, nothing more is made.
    const stream = plan.mode === 'direct' ? null : await holdStream(this.api, p.id, from, plan.mode, plan.audioStream, p.ac.signal);
    if (plan.mode !== 'direct' && !stream) return;
    if (!live()) { void stream?.reader.cancel().catch(() => undefined); return; }
    const video = this.parts.video();
    video.preload = 'auto';
    video.muted = true;
    if (!stream) {
      video.src = this.api.mediaUrl({ kind: 'file', id: p.id });
      if (from > 0) video.currentTime = from;
      p.ready = { id: p.id, from, details, video, mse: null };
    } else {
      // Its first fragments go into a MediaSource now, so the first frame is decoded before the double-click.
      const mode = plan.mode === 'transcode' ? 'transcode' : 'remux';
      const mse = this.parts.playback({ api: this.api, video, details, mode, audio: plan.audioStream, hold: true, onState: () => undefined });
      p.ready = { id: p.id, from, details, video, mse };
      await mse.start(from, stream);
    }
    p.timer = setTimeout(() => { if (this.current === p) this.end(); }, PREPARE.unusedMs);
  }
}

/** Opens a prepared session and reads it up to its second fragment; null when the share says no. */
async function holdStream(api: ReelvaultApi, id: string, from: number, mode: 'remux' | 'transcode', audio: number | null, signal: AbortSignal): Promise<HeldStream | null> {
  let response: Response;
  try {
    response = await fetch(api.mediaUrl({ kind: 'transcode', id, start: from, mode, prepare: true, ...(audio !== null ? { audio } : {}) }), { signal });
  } catch {
    return null;
  }
  // No spare slot, or anything else: the double-click simply starts as it always did.
  if (!response.ok || !response.body) { void response.body?.cancel().catch(() => undefined); return null; }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  const counter = new FragmentCounter();
  let fragments = 0;
  try {
    while (fragments < PREPARE.fragments) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
      fragments += counter.push(r.value).length;
    }
  } catch {
    void reader.cancel().catch(() => undefined);
    return null;
  }
  return { response, chunks, reader };
}

function release(p: Prepared): void {
  if (p.mse) p.mse.close();
  else { p.video.removeAttribute('src'); p.video.load(); }
  p.video.remove();
}
