// Clips: a stretch of a recording, or the same stretch of time on several cameras, handed on as
// a file. Types only (re-exported by api.ts).

/** A clip of one recording: seconds on its timeline (0 = its first frame). */
export interface ClipRequest {
  id: string;
  from: number;
  to: number;
  /** Exact: H.264 MP4, frame-accurate; fast: the original streams, from the keyframe at or before `from`. */
  exact: boolean;
  /** Only this part of the picture (the player's zoomed view): an exact clip, cropped. */
  crop?: ClipCrop;
  /** Burn the camera, each frame's date and time and its number into an exact clip; a fast one gets a timecode subtitle track instead. */
  overlay?: OverlayCorner;
  /** An evidence export: manifest.json, SHA256SUMS, manifest.sig and README.txt beside the clips. */
  evidence?: EvidenceRequest;
  /** A timelapse at this many times real speed (an exact clip, from frames picked at that spacing). */
  timelapse?: number;
}

/** Where the overlay goes. */
export type OverlayCorner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface EvidenceRequest {
  /** The operator's note, kept in the manifest. */
  note?: string;
}

/** A part of the picture, in fractions of its width and height (0..1). */
export interface ClipCrop {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The same interval on several cameras (epoch ms): each camera's recordings in it join into one file. */
export interface ClipsRequest {
  /** Timeline lane keys. */
  lanes: string[];
  from: number;
  to: number;
  exact: boolean;
  /** Also one "side by side" file of all of them, each named. */
  sideBySide?: boolean;
  overlay?: OverlayCorner;
  evidence?: EvidenceRequest;
  timelapse?: number;
}

/** What a clip of one recording would be, for the dialog (and for a LAN download). */
export interface ClipPlan {
  /** Where a fast clip really starts (s): the keyframe at or before `from`. */
  realFrom: number;
  /** The fast clip's container (an exact one is always MP4). */
  container: 'mp4' | 'mkv';
  /** Exact is the default for legacy codecs. */
  exactDefault: boolean;
  /** The longest clip this transport makes (s) in each mode. */
  maxSeconds: { exact: number; fast: number };
}

export type ExportState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  id: string;
  /** "cam-1 2026-11-20 14.30.00–14.31.00" */
  label: string;
  state: ExportState;
  /** 0 to 1. */
  progress: number;
  /** Seconds left, once it can be told. */
  etaSec: number | null;
  /** The files written (full paths: for the person at the desktop only). */
  files: string[];
  /** In words: where a fast clip really starts, gaps in the range, files split because their codecs differ. */
  notes: string[];
  error?: string;
}

export interface ExportsInfo {
  /** Where clips go; null until one is chosen (the default lies inside a library folder). */
  folder: string | null;
  /** Why the folder cannot be used, in words. */
  folderProblem?: string;
  /** Whether a side-by-side file can name its cameras (this ffmpeg has drawtext). */
  namesInSideBySide: boolean;
  jobs: ExportJob[];
}

/** The public half of this installation's evidence signing key. */
export interface EvidenceKeyInfo {
  /** "SHA256:<hex>": SHA-256 of the DER public key (`openssl pkey -pubin -outform DER | sha256sum`). */
  fingerprint: string;
  /** The public key as PEM, for `openssl pkeyutl -verify -pubin -inkey key.pem`. */
  publicKeyPem: string;
}

/** What "Verify an export…" found. */
export interface VerifyReport {
  folder: string;
  /** verified; changed (files changed or missing, named); unknown-key (signed by another installation). */
  status: 'verified' | 'changed' | 'unknown-key';
  /** In words, one line per problem. */
  text: string;
}
