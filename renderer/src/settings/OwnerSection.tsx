// Settings for the owner: what owners did lately (the audit log, last 100), the log file's end
// (Help → Show logs, as a page), and signing this browser out (it is then unpaired).
import { useEffect, useState } from 'react';
import type { AuditEntry, LogView } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { formatRecorded } from '../shared/time-format.js';

export function OwnerSection() {
  const { api, caps } = useApi();
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [logs, setLogs] = useState<LogView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (caps.allowed.auditLog) void api.auditLog().then((r) => (r.ok ? setAudit(r.value) : setError(r.message)));
  }, [api, caps]);
  const showLogs = async () => {
    const r = await api.logs();
    if (r.ok) setLogs(r.value); else setError(r.message);
  };
  const signOut = async () => {
    const r = await api.signOut();
    if (!r.ok) { setError(r.message); return; }
    location.assign('/');
  };
  return (
    <>
      {caps.allowed.auditLog && (
        <>
          <h2>Owner actions</h2>
          {audit === null ? <p>Loading…</p> : audit.length === 0 ? <p>No owner action yet.</p> : (
            <ol className="audit-log" aria-label="Owner actions">
              {audit.map((e) => (
                <li key={`${e.at}-${e.action}-${e.deviceId}`} data-audit-action={e.action}>
                  {formatRecorded(e.at)} · {e.device} · {e.action}{e.detail ? ` · ${e.detail}` : ''}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {caps.allowed.logs && (
        <p>
          <button type="button" onClick={() => void showLogs()}>Show logs</button>
          {logs && <> <span className="note">{logs.file}</span><pre className="log-view" aria-label="Log">{logs.lines.join('\n') || '(empty)'}</pre></>}
        </p>
      )}
      {caps.allowed.signOut && (
        <p><button type="button" onClick={() => void signOut()}>Sign out of this browser</button> <span className="note">It is unpaired: an owner link from the Reelvault computer pairs it again.</span></p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </>
  );
}
