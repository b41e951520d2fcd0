// Checks an evidence export (issue 35) as `reelvault verify` and "Verify an export…" do: the
// manifest's signature with a key given to us (this installation's, or one the user names; never
// one inside the export), then each output's SHA-256 against the signed manifest, SHA256SUMS
// against it, and, when asked, the source recordings in their library folders.
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { keyFingerprint } from '../util/evidence-key.js';
import { sha256OfFile } from '../util/file-hash.js';
import { MANIFEST, MANIFEST_FORMAT, SIGNATURE, SUMS, sha256sums, type Manifest } from './evidence-manifest.js';

export interface FileProblem {
  /** The file's name in the export, or a source's path in its library folder. */
  name: string;
  problem: 'changed' | 'missing';
  /** A source recording (checked with --library), not an output. */
  source?: boolean;
}

export type VerifyResult =
  | { status: 'verified'; outputs: number; sources: number; fingerprint: string }
  /** Exit 1: each file that changed or is missing, named. */
  | { status: 'changed'; problems: FileProblem[] }
  /** Exit 2: signed by a key we were not given. */
  | { status: 'unknown-key'; fingerprint: string };

export function exitCode(r: VerifyResult): 0 | 1 | 2 {
  return r.status === 'verified' ? 0 : r.status === 'changed' ? 1 : 2;
}

/** The result in words, one line per problem. */
export function describeResult(r: VerifyResult): string {
  if (r.status === 'verified') {
    return `verified: ${r.outputs} file${r.outputs === 1 ? '' : 's'}${r.sources ? ` and ${r.sources} source recording${r.sources === 1 ? '' : 's'}` : ''} as signed by ${r.fingerprint}`;
  }
  if (r.status === 'unknown-key') return `signed by an unknown key ${r.fingerprint}: not this installation's, nor the key given`;
  return r.problems.map((p) => `${p.source ? 'source ' : ''}${p.name}: ${p.problem === 'missing' ? 'missing' : p.name === MANIFEST && !p.source ? 'changed (the signature does not match it)' : 'changed'}`).join('\n');
}

const exists = (f: string) => fs.lstat(f).then(() => true, () => false);

/** Checks the export in `folder` with `key`, and the sources under `libraries` when given. */
export async function verifyExport(folder: string, key: KeyObject, libraries: readonly string[] = []): Promise<VerifyResult> {
  const missing = (name: string): VerifyResult => ({ status: 'changed', problems: [{ name, problem: 'missing' }] });
  const manifestFile = path.join(folder, MANIFEST), sigFile = path.join(folder, SIGNATURE);
  if (!(await exists(manifestFile))) return missing(MANIFEST);
  if (!(await exists(sigFile))) return missing(SIGNATURE);
  const bytes = await fs.readFile(manifestFile);
  const sig = await fs.readFile(sigFile);
  const fingerprint = keyFingerprint(key);
  const good = sig.length === 64 && crypto.verify(null, bytes, key, sig);
  let manifest: Manifest | null = null;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch { /* a manifest that is not JSON has changed */ }
  if (!good) {
    // Signed by someone else (as the manifest says, and it does not match us), or changed.
    if (manifest && typeof manifest.signedBy === 'string' && manifest.signedBy !== fingerprint && sig.length === 64) return { status: 'unknown-key', fingerprint: manifest.signedBy };
    return { status: 'changed', problems: [{ name: sig.length === 64 ? MANIFEST : SIGNATURE, problem: 'changed' }] };
  }
  if (!manifest || manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.outputs)) return { status: 'changed', problems: [{ name: MANIFEST, problem: 'changed' }] };
  const problems: FileProblem[] = [];
  for (const o of manifest.outputs) {
    // Names come from a signed manifest, but are still only names in this folder.
    if (typeof o.name !== 'string' || o.name !== path.basename(o.name) || o.name.startsWith('.')) { problems.push({ name: String(o.name), problem: 'changed' }); continue; }
    const file = path.join(folder, o.name);
    if (!(await exists(file))) { problems.push({ name: o.name, problem: 'missing' }); continue; }
    const { sha256, size } = await sha256OfFile(file);
    if (sha256 !== o.sha256 || size !== o.size) problems.push({ name: o.name, problem: 'changed' });
  }
  const sums = await fs.readFile(path.join(folder, SUMS), 'utf8').catch(() => null);
  if (sums === null) problems.push({ name: SUMS, problem: 'missing' });
  else if (sums !== sha256sums(manifest.outputs)) problems.push({ name: SUMS, problem: 'changed' });
  let sources = 0;
  if (libraries.length) {
    for (const s of manifest.sources) {
      const rel = String(s.path);
      if (path.isAbsolute(rel) || rel.split('/').includes('..')) { problems.push({ name: rel, problem: 'changed', source: true }); continue; }
      let found: string | null = null;
      for (const lib of libraries) if (await exists(path.join(lib, ...rel.split('/')))) { found = path.join(lib, ...rel.split('/')); break; }
      if (!found) { problems.push({ name: rel, problem: 'missing', source: true }); continue; }
      const { sha256, size } = await sha256OfFile(found);
      if (sha256 !== s.sha256 || size !== s.size) problems.push({ name: rel, problem: 'changed', source: true });
      else sources++;
    }
  }
  if (problems.length) return { status: 'changed', problems };
  return { status: 'verified', outputs: manifest.outputs.length, sources, fingerprint };
}
