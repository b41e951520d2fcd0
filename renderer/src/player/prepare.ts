// Instant start: a tile the user shows intent for (selected with the keyboard for 300 ms, or
// hovered for 400 ms) starts its playback at its resume position before the double-click. A copy
// or conversion is asked of the share like any session (with prepare=1: a spare slot only, two
// fragments held) and read up to two fragments, no further, so ffmpeg waits; a direct file loads
// in a hidden <video preload=auto>. The player then plays what is already here. One at a time;
// ended when the intent moves on, or after 10 s unused.
import type { ItemDetails, ReelvaultApi } from '../../../contract/api.js';
import { FragmentCounter } from '../../../contract/mp4-boxes.js';

export const HOVER_MS = 400;
export const SELECT_MS = 300;
const UNUSED_MS = 10_000;
const FRAGMENTS = 2;

/** What the player takes over: the stream already opened (and its first bytes), or the element. */
export type Prepared =
  | { kind: 'stream'; id: string; from: number; details: ItemDetails; stream: HeldStream }
  | { kind: 'element'; id: string; from: number; details: ItemDetails; video: HTMLVideoElement };

/** A session response the renderer holds: its headers, the bytes read so far, and the rest. */
export interface HeldStream {
  response: Response;
  chunks: Uint8Array[];
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

interface Pending {
  id: string;
  timer: ReturnType<typeof setTimeout> | null;
  ac: AbortController;
  ready: Prepared | null;
}

export class Preparer {
  private current: Pending | null = null;
  /** The setting, and not on battery (the desktop); off until the settings are read. */
  private enabled = false;

  constructor(private readonly api: ReelvaultApi) {}

  allow(on: boolean): void {
    this.enabled = on;
    if (!on) this.end();
  }

  /** The user shows intent for `id`; after `delayMs` its playback is prepared. */
  intent(id: string, delayMs: number): void {
    if (this.current?.id === id) return;
    this.end();
    if (!this.enabled) return;
    const p: Pending = { id, timer: null, ac: new AbortController(), ready: null };
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
    const [item, saved] = await Promise.all([this.api.item(p.id), this.api.playerState(p.id)]);
    if (!live() || !item.ok || !item.value.plan) return;
    const details = item.value;
    const plan = details.plan!;
    const from = saved.ok && saved.value ? saved.value.positionSec : 0;
    if (plan.mode === 'direct') {
      const video = document.createElement('video');
      video.preload = 'auto';
      video.muted = true;
      video.src = this.api.mediaUrl({ kind: 'file', id: p.id });
      if (from > 0) video.currentTime = from;
      p.ready = { kind: 'element', id: p.id, from, details, video };
    } else {
      const stream = await holdStream(this.api, p.id, from, plan.mode, plan.audioStream, p.ac.signal);
      if (!stream) return;
      if (!live()) { void stream.reader.cancel().catch(() => undefined); return; }
      p.ready = { kind: 'stream', id: p.id, from, details, stream };
    }
    p.timer = setTimeout(() => { if (this.current === p) this.end(); }, UNUSED_MS);
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
    while (fragments < FRAGMENTS) {
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
  if (p.kind === 'stream') void p.stream.reader.cancel().catch(() => undefined);
  else { p.video.removeAttribute('src'); p.video.load(); }
}
