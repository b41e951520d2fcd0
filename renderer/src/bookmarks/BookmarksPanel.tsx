// The Bookmarks panel: every bookmark (time, camera, note, who made it, a picture of the
// recording), filtered by camera and range; notes edited, bookmarks deleted, the list saved as
// CSV or JSON. A click on one opens its moment.
import { useEffect, useMemo, useState } from 'react';
import type { Bookmark, ReelvaultApi } from '../../../contract/api.js';
import { MAX_NOTE } from '../../../contract/bookmark-types.js';
import { momentHash } from '../../../contract/moment-link.js';
import { Dialog } from '../shared/Dialog.js';
import { momentLabel } from '../shared/time-format.js';
import type { NameZone } from '../../../contract/zone-time.js';
import { bookmarksChanged, useBookmarks } from './use-bookmarks.js';
import { bookmarksCsv, bookmarksJson, cameraOf } from './bookmark-list.js';
import { recordingAt } from '../sync/lane-spans.js';
import { ExportDialog, type ExportTarget } from '../export/ExportDialog.js';

function download(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A datetime-local field's value as epoch ms (local time), or undefined when empty. */
const fieldMs = (v: string): number | undefined => (v ? new Date(v).getTime() : undefined);

function Thumb({ api, b }: { api: ReelvaultApi; b: Bookmark }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.timeline({ from: b.at - 1000, to: b.at + 1000, lanes: [b.lane] }).then((r) => {
      const span = r.ok ? recordingAt(r.value.lanes[0]?.spans ?? [], b.at) : null;
      if (live && span) setUrl(api.mediaUrl({ kind: 'thumb', id: span.id, width: 192, height: 108 }));
    });
    return () => { live = false; };
  }, [api, b.at, b.lane]);
  return <div className="bookmark-thumb" role="img" aria-label={`Recording of ${cameraOf(b.lane)}`} style={url ? { backgroundImage: `url("${url}")` } : {}} />;
}

function Row({ api, b, zone, onOpen, onExport }: { api: ReelvaultApi; b: Bookmark; zone: NameZone; onOpen(): void; onExport(): void }) {
  const [note, setNote] = useState(b.note);
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    const r = await api.updateBookmark({ id: b.id, note });
    setError(r.ok ? null : r.message);
    if (r.ok) bookmarksChanged();
  };
  const remove = async (): Promise<void> => {
    const r = await api.removeBookmark(b.id);
    setError(r.ok ? null : r.message);
    if (r.ok) bookmarksChanged();
  };
  return (
    <li data-bookmark={b.id}>
      <Thumb api={api} b={b} />
      <div>
        <button type="button" className="link" onClick={onOpen}>{momentLabel(b.at, zone, { seconds: true })}</button> · {cameraOf(b.lane)} · <small>{b.deviceLabel}</small>
        {b.mine ? (
          <input type="text" value={note} maxLength={MAX_NOTE} aria-label="Note" onChange={(e) => setNote(e.target.value)}
            onBlur={() => { if (note !== b.note) void save(); }} onKeyDown={(e) => { if (e.key === 'Enter') void save(); }} />
        ) : <div>{b.note}</div>}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
      <button type="button" onClick={onExport} aria-label={`Export the surroundings of the bookmark at ${momentLabel(b.at, zone)}`}>Export…</button>
      {b.mine && <button type="button" onClick={() => void remove()} aria-label={`Delete the bookmark at ${momentLabel(b.at, zone)}`}>Delete</button>}
    </li>
  );
}

export function BookmarksPanel({ api, zone, onClose }: { api: ReelvaultApi; zone: NameZone; onClose(): void }) {
  const [lane, setLane] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Exports take a bookmark's surroundings: this many seconds before and after it.
  const [around, setAround] = useState(10);
  const [exporting, setExporting] = useState<ExportTarget | null>(null);
  const all = useBookmarks(api, {});
  const lanes = useMemo(() => [...new Set(all.map((b) => b.lane))], [all]);
  const f = fieldMs(from);
  const t = fieldMs(to);
  const shown = all.filter((b) => (!lane || b.lane === lane) && (f === undefined || b.at >= f) && (t === undefined || b.at <= t));
  const open = (b: Bookmark): void => { onClose(); window.location.assign(momentHash({ lanes: [b.lane], at: b.at })); };
  return (
    <Dialog label="Bookmarks" className="bookmarks-panel" onClose={onClose}>
      <h2>Bookmarks</h2>
      <div className="bookmark-filters">
        <select aria-label="Camera" value={lane} onChange={(e) => setLane(e.target.value)}>
          <option value="">Every camera</option>
          {lanes.map((l) => <option key={l} value={l}>{cameraOf(l)}</option>)}
        </select>
        <label>From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" /></label>
        <label>To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" /></label>
        <label>Export ± <input type="number" min={1} max={3600} value={around} aria-label="Seconds around a bookmark to export"
          onChange={(e) => setAround(Math.min(3600, Math.max(1, Number(e.target.value) || 10)))} /> s</label>
        <button type="button" disabled={!shown.length} onClick={() => download('bookmarks.csv', 'text/csv', bookmarksCsv(shown))}>Save as CSV</button>
        <button type="button" disabled={!shown.length} onClick={() => download('bookmarks.json', 'application/json', bookmarksJson(shown))}>Save as JSON</button>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      {shown.length === 0 ? <p role="status">{all.length ? 'No bookmark matches.' : 'No bookmarks yet: press B in the player or the sync view.'}</p> : (
        <ul aria-label="Bookmarks">
          {shown.map((b) => <Row key={`${b.id}:${b.note}`} api={api} b={b} zone={zone} onOpen={() => open(b)}
            onExport={() => setExporting({ kind: 'many', lanes: [b.lane], from: b.at - around * 1000, to: b.at + around * 1000 })} />)}
        </ul>
      )}
      {exporting && <ExportDialog target={exporting} onClose={() => setExporting(null)} />}
    </Dialog>
  );
}
