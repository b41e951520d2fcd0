// The desktop's evidence operations (issue 35): this installation's public key for Settings
// (fingerprint and PEM; the private key never leaves the data folder), and "Verify an export…",
// which trusts only this installation's key, never one that came with the export.
import path from 'node:path';
import { ApiFailure, type DesktopOps } from '../api/service.js';
import { describeResult, verifyExport } from '../media/evidence-verify.js';
import { evidenceKey } from '../util/evidence-key.js';

export function createEvidenceOps(deps: { dataDir: string; pickFolder(): Promise<string | null> }): Pick<DesktopOps, 'evidenceKey' | 'verifyExport'> {
  const ok = <T>(value: T) => ({ ok: true as const, value });
  return {
    async evidenceKey() {
      const key = await evidenceKey(deps.dataDir);
      return ok({ fingerprint: key.fingerprint, publicKeyPem: key.publicPem });
    },
    async verifyExport() {
      const picked = await deps.pickFolder();
      if (!picked) return ok(null);
      const folder = path.resolve(picked);
      const key = await evidenceKey(deps.dataDir);
      try {
        const r = await verifyExport(folder, key.publicKey);
        return ok({ folder, status: r.status, text: describeResult(r) });
      } catch (err) {
        throw new ApiFailure('failed', `the export could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    },
  };
}
