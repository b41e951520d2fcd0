// Settings → Evidence (the desktop only): this installation's signing key, shown by its
// fingerprint, its public half saved as PEM for `openssl pkeyutl -verify`, and "Verify an
// export…", which checks a folder with this installation's key (issue 35).
import { useEffect, useState } from 'react';
import type { EvidenceKeyInfo, VerifyReport } from '../../../contract/api.js';
import { useApi } from '../api-context.js';

export function EvidenceSection() {
  const { api } = useApi();
  const [key, setKey] = useState<EvidenceKeyInfo | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.evidenceKey().then((r) => { if (r.ok) setKey(r.value); else setError(r.message); });
  }, [api]);
  const pemUrl = key ? `data:application/x-pem-file;charset=utf-8,${encodeURIComponent(key.publicKeyPem)}` : undefined;
  const verify = async () => {
    const r = await api.verifyExport();
    if (!r.ok) { setError(r.message); return; }
    setError(null);
    if (r.value) setReport(r.value);
  };
  return (
    <>
      <h2>Evidence</h2>
      <p className="hint">Evidence exports are signed with this installation&apos;s key. Give its public key to whoever checks them.</p>
      {key && (
        <p>
          Key fingerprint: <code data-evidence-fingerprint>{key.fingerprint}</code>{' '}
          <a className="button" href={pemUrl} download="reelvault-public-key.pem">Save the public key</a>
        </p>
      )}
      {key && <details><summary>Public key (PEM)</summary><pre data-evidence-pem>{key.publicKeyPem}</pre></details>}
      <p><button type="button" onClick={() => void verify()}>Verify an export…</button></p>
      {report && (
        <div role="status" className={report.status === 'verified' ? 'note' : 'error'} data-verify-status={report.status}>
          <code>{report.folder}</code>
          <pre>{report.text}</pre>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </>
  );
}
