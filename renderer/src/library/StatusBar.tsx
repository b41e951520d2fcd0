// Long work made visible: scan progress with counts, the thumbnail and probe backlog, and each
// library folder's state (offline, network polling) with the reason in words.
import { useEffect, useState } from 'react';
import type { ReelvaultApi, RootStatus, ScanProgressInfo } from '../../../contract/api.js';
import { ExportsStatus } from '../export/ExportsStatus.js';

export function useRootsAndProgress(api: ReelvaultApi) {
  const [roots, setRoots] = useState<RootStatus[] | null>(null);
  const [progress, setProgress] = useState<ScanProgressInfo | null>(null);
  useEffect(() => {
    let live = true;
    void api.rootStatus().then((r) => { if (live && r.ok) setRoots(r.value); });
    void api.scanProgress().then((r) => { if (live && r.ok) setProgress(r.value); });
    const offR = api.onRootStatus((r) => setRoots(r));
    const offS = api.onScanProgress((p) => setProgress(p));
    return () => { live = false; offR(); offS(); };
  }, [api]);
  return { roots, progress };
}

export interface StatusBarProps {
  roots: RootStatus[];
  progress: ScanProgressInfo | null;
  total: number | null;
  connection: string | null;
}

export function StatusBar({ roots, progress, total, connection }: StatusBarProps) {
  const backlog = progress ? progress.backlog.thumbnails + progress.backlog.probes : 0;
  return (
    <footer className="status-bar" aria-live="polite">
      {connection && <span className="status warn" role="status">{connection}</span>}
      {progress?.activity && <span className="status" role="status"><progress aria-label="Progress" />{progress.activity}</span>}
      {progress?.scanning ? (
        <span className="status" role="status" aria-label="Scanning">
          <progress aria-label="Scan progress" />
          Scanning… {progress.files.toLocaleString()} files in {progress.folders.toLocaleString()} folders
        </span>
      ) : total !== null && <span className="status">{total.toLocaleString()} recordings</span>}
      {backlog > 0 && (
        <span className="status" title="Thumbnails and file details are made in the background">
          Preparing {progress!.backlog.thumbnails.toLocaleString()} thumbnails, {progress!.backlog.probes.toLocaleString()} file details
        </span>
      )}
      <ExportsStatus />
      {roots.map((r) => (r.state !== 'ok' || r.watch === 'polling') && (
        <span key={r.root} className={`status root-state ${r.state}`} title={r.reason ?? ''} data-root-state={r.state}>
          {r.label}: {r.state === 'ok' ? 'checked on an interval' : r.state}{r.reason ? ` — ${r.reason}` : ''}
        </span>
      ))}
    </footer>
  );
}
