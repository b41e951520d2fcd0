// What an evidence export says about itself (issue 35): manifest.json (the outputs, the source
// recordings, the range, the cameras, the zone, the app, the moment and the operator's note),
// SHA256SUMS for `sha256sum -c`, and README.txt telling anyone how to check it with open tools.
// Pure: the package writer (evidence-package.ts) hashes and signs; these only say it.
import { evidenceTime } from './overlay-text.js';

export const MANIFEST = 'manifest.json';
export const SUMS = 'SHA256SUMS';
export const SIGNATURE = 'manifest.sig';
export const README = 'README.txt';
/** The files an evidence export adds beside its clips. */
export const EVIDENCE_FILES = [MANIFEST, SUMS, SIGNATURE, README] as const;

export const MANIFEST_FORMAT = 'reelvault-evidence/1';

export interface ManifestOutput {
  name: string;
  size: number;
  durationSec: number | null;
  sha256: string;
}

export interface ManifestSource {
  camera: string;
  /** The recording's path relative to its library folder ('/'-separated). */
  path: string;
  size: number;
  /** ISO 8601, UTC. */
  modified: string;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  app: { name: 'Reelvault'; version: string };
  /** ISO 8601, UTC, and the same moment in the zone's evidence form. */
  exportedAt: string;
  exportedAtLocal: string;
  note: string;
  /** The library's zone (IANA name) that every local time here is in. */
  timeZone: string;
  range: { from: string; to: string; fromUtc: string; toUtc: string };
  cameras: string[];
  /** Exact (re-encoded) or copied; overlay corner; timelapse speed. */
  export: { exact: boolean; overlay: string | null; timelapse: number | null };
  /** The signing key's fingerprint (SHA-256 of its DER public key): which installation signed. */
  signedBy: string;
  outputs: ManifestOutput[];
  sources: ManifestSource[];
}

/** What the export was: the request's side of the manifest. */
export interface EvidenceMeta {
  version: string;
  note: string;
  zone: string;
  from: number;
  to: number;
  cameras: string[];
  exact: boolean;
  overlay: string | null;
  timelapse: number | null;
}

export interface ManifestInput extends EvidenceMeta {
  exportedAt: number;
  fingerprint: string;
  outputs: ManifestOutput[];
  sources: ManifestSource[];
}

export function buildManifest(i: ManifestInput): Manifest {
  return {
    format: MANIFEST_FORMAT,
    app: { name: 'Reelvault', version: i.version },
    exportedAt: new Date(i.exportedAt).toISOString(),
    exportedAtLocal: evidenceTime(i.exportedAt, i.zone),
    note: i.note,
    timeZone: i.zone,
    range: { from: evidenceTime(i.from, i.zone), to: evidenceTime(i.to, i.zone), fromUtc: new Date(i.from).toISOString(), toUtc: new Date(i.to).toISOString() },
    cameras: i.cameras,
    export: { exact: i.exact, overlay: i.overlay, timelapse: i.timelapse },
    signedBy: i.fingerprint,
    outputs: i.outputs,
    sources: i.sources,
  };
}

/** The manifest's exact bytes: what is signed and written. */
export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8');
}

/** `sha256sum`'s own format (text mode: two spaces), so `sha256sum -c SHA256SUMS` checks the outputs. */
export function sha256sums(outputs: readonly ManifestOutput[]): string {
  return outputs.map((o) => `${o.sha256}  ${o.name}\n`).join('');
}

/** Whether a name can stand in SHA256SUMS as it is (no newline or backslash, which sha256sum escapes). */
export function plainName(name: string): boolean {
  return !/[\n\r\\]/.test(name);
}

export function readmeText(o: { fingerprint: string; exportedAtLocal: string; cameras: string[] }): string {
  return `Evidence export made by Reelvault on ${o.exportedAtLocal}
Cameras: ${o.cameras.join(', ')}

What is here
  The video files, and:
  manifest.json  what was exported: each video's name, size, length and SHA-256;
                 each source recording's path in its library folder, size,
                 modification time and SHA-256; the time range, the cameras,
                 the time zone, the program's version, when it was exported,
                 and the operator's note.
  SHA256SUMS     the SHA-256 of each video file.
  manifest.sig   an Ed25519 signature (64 bytes) of manifest.json, exactly as
                 it is, made with this installation's signing key.
  README.txt     this text.

Checking it without Reelvault (Linux, macOS, or Windows with these tools)
  1. The videos have not changed:
       sha256sum -c SHA256SUMS
     Every line must say OK. (macOS: shasum -a 256 -c SHA256SUMS)
  2. The manifest has not changed and was signed by this installation. Get
     the installation's public key from whoever made the export (Reelvault:
     Settings > Evidence > "Save the public key"), NOT from this folder: a
     key that travels with the files proves nothing. Then:
       openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig
     It must say "Signature Verified Successfully" (OpenSSL 3.0 or later).
  3. The key is the right one: its fingerprint must be
       ${o.fingerprint}
     which this prints for key.pem:
       openssl pkey -pubin -in key.pem -outform DER | sha256sum
  4. Optionally, the source recordings: their SHA-256 in manifest.json can be
     compared with the files in the recording folders (sha256sum FILE).

What the signature proves
  That this Reelvault installation wrote these files, and that nobody has
  changed them since. It does not prove what the camera saw: the recordings
  are as the recorder wrote them, and the times shown are the recorder's
  clock as the file names or files gave them, in the time zone named in
  manifest.json.
`;
}
