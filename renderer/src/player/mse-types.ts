// The shapes MsePlayback (mse-playback.ts) is made with and reports in.
import type { ItemDetails, ReelvaultApi } from '../../../contract/api.js';

export type PlaybackState =
  | { kind: 'buffering' }
  | { kind: 'ready' }
  | { kind: 'busy'; retryInSec: number; message: string }
  | { kind: 'error'; message: string };

/** A session response already opened (prepare.ts): its headers, the bytes read so far, and the rest. */
export interface HeldStream {
  response: Response;
  chunks: Uint8Array[];
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

export interface MseOptions {
  api: ReelvaultApi;
  video: HTMLVideoElement;
  details: ItemDetails;
  mode: 'remux' | 'transcode';
  audio: number | null;
  onState(s: PlaybackState): void;
  /** Something the user should know while it plays on (a copy this browser refused is converted instead). */
  onNote?(text: string): void;
  /** Each session request (for tests and the bench: a seek inside the buffer makes none). */
  onRequest?(start: number): void;
  /** Prepared, not yet played: read no further than what `start` was handed, until `adopt`. */
  hold?: boolean;
  /** A sync view's camera: its own session, a conversion no taller than maxHeight. */
  tile?: { index: number; maxHeight: number };
}
