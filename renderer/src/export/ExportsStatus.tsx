// The desktop's exports in the status bar: the running one with its progress and time left, and
// a list of recent ones with "Show in folder" and "Cancel".
import { useEffect, useState } from 'react';
import type { ExportsInfo } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { formatDuration } from '../library/format.js';

export function ExportsStatus() {
  const { api, caps } = useApi();
  const [info, setInfo] = useState<ExportsInfo | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!caps.allowed.exports) return;
    let live = true;
    void api.exports().then((r) => { if (live && r.ok) setInfo(r.value); });
    const off = api.onExports((i) => setInfo(i));
    return () => { live = false; off(); };
  }, [api, caps]);
  if (!info?.jobs.length) return null;
  const running = info.jobs.find((j) => j.state === 'running');
  const waiting = info.jobs.filter((j) => j.state === 'queued').length;
  return (
    <span className="status exports">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {running
          ? <><progress value={running.progress} max={1} aria-label="Export progress" /> Exporting {running.label}{running.etaSec !== null ? ` · ${formatDuration(running.etaSec)} left` : ''}{waiting ? ` · ${waiting} waiting` : ''}</>
          : `Exports (${info.jobs.length})`}
      </button>
      {open && (
        <ul className="exports-list" role="list">
          {[...info.jobs].reverse().map((j) => (
            <li key={j.id} data-export-state={j.state}>
              <strong>{j.label}</strong> · {j.state === 'running' ? `${Math.round(j.progress * 100)} %` : j.state}
              {j.error && <span className="error"> — {j.error}</span>}
              {j.notes.map((n) => <div key={n} className="note">{n}</div>)}
              {j.state === 'done' && caps.allowed.showExport && <button type="button" onClick={() => void api.showExport(j.id)}>Show in folder</button>}
              {/* The owner's browser: each finished file downloads from the computer's export folder. */}
              {j.state === 'done' && !caps.allowed.showExport && j.files.map((f, n) => (
                <a key={f} className="button" href={`/exports/${j.id}/${n}`} download data-export-download={j.id}>Download {f.split(/[\\/]/).pop()}</a>
              ))}
              {(j.state === 'running' || j.state === 'queued') && <button type="button" onClick={() => void api.cancelExport(j.id)}>Cancel</button>}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
