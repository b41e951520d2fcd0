// Writes an evidence export's own files beside its finished clips (issue 35): hashes the outputs
// and the whole source recordings (read through the containment check), builds the manifest,
// signs its exact bytes, and writes SHA256SUMS and README.txt. The clips and these files are in
// a staging folder until all of it is written (clip-export.ts moves them into place).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceKey } from '../util/evidence-key.js';
import { sha256OfFile, sha256OfHandle } from '../util/file-hash.js';
import type { ContainedFile } from './contained-file.js';
import {
  buildManifest, manifestBytes, MANIFEST, README, readmeText, sha256sums, SIGNATURE, SUMS, type EvidenceMeta, type ManifestOutput, type ManifestSource,
} from './evidence-manifest.js';
import { runMedia } from './ffmpeg.js';
import { MediaError } from './media-error.js';

export interface EvidenceSource {
  camera: string;
  relPath: string;
  open(): Promise<ContainedFile>;
}

export type { EvidenceMeta } from './evidence-manifest.js';

async function durationOf(file: string): Promise<number | null> {
  const r = await runMedia('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeoutMs: 60_000 }).catch(() => null);
  const d = Number(r?.stdout.toString().trim());
  return r && Number.isFinite(d) ? Math.round(d * 1000) / 1000 : null;
}

/** Hashes a source recording whole, from the descriptor the containment check opened. */
async function hashSource(s: EvidenceSource, signal: AbortSignal): Promise<ManifestSource> {
  const opened = await s.open();
  try {
    const { sha256, size } = await sha256OfHandle(opened.handle, signal);
    if (size !== opened.size) throw new MediaError('gone', `the recording ${s.relPath} changed while it was read`);
    return { camera: s.camera, path: s.relPath, size, modified: new Date(opened.mtimeMs).toISOString(), sha256 };
  } finally {
    await opened.close();
  }
}

/** Writes manifest.json, SHA256SUMS, manifest.sig and README.txt into `dir`, about the clips `outputs` (names in `dir`). */
export async function writeEvidenceFiles(dir: string, o: {
  outputs: string[]; sources: EvidenceSource[]; key: EvidenceKey; meta: EvidenceMeta; signal: AbortSignal; now?: number;
}): Promise<string[]> {
  const outputs: ManifestOutput[] = [];
  for (const name of o.outputs) {
    const file = path.join(dir, name);
    const { sha256, size } = await sha256OfFile(file, o.signal);
    outputs.push({ name, size, durationSec: await durationOf(file), sha256 });
  }
  const sources: ManifestSource[] = [];
  for (const s of o.sources) sources.push(await hashSource(s, o.signal));
  const exportedAt = o.now ?? Date.now();
  const manifest = buildManifest({ ...o.meta, exportedAt, fingerprint: o.key.fingerprint, outputs, sources });
  const bytes = manifestBytes(manifest);
  o.signal.throwIfAborted();
  await fs.writeFile(path.join(dir, MANIFEST), bytes);
  await fs.writeFile(path.join(dir, SUMS), sha256sums(outputs));
  await fs.writeFile(path.join(dir, SIGNATURE), o.key.sign(bytes));
  const readme = readmeText({ fingerprint: o.key.fingerprint, exportedAtLocal: manifest.exportedAtLocal, cameras: o.meta.cameras });
  await fs.writeFile(path.join(dir, README), readme);
  return [MANIFEST, SUMS, SIGNATURE, README];
}
