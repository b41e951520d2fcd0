// Settings → Other Reelvaults (the desktop only): the recorders whose recordings this one shows,
// each with its state, and "Add another Reelvault…" with its pairing link, typed, pasted, or
// read from a QR code in a picture or a pasted screenshot.
import { useEffect, useState, type ClipboardEvent } from 'react';
import type { RemoteSourceInfo, Result } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { readQrCode } from './qr-image.js';

const STATE: Record<RemoteSourceInfo['state'], string> = { connecting: 'connecting…', online: 'online', offline: 'offline', refused: 'unpaired there' };

export function RemotesSection() {
  const { api } = useApi();
  const [list, setList] = useState<RemoteSourceInfo[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () => void api.remotes().then((r) => { if (live && r.ok) setList(r.value); });
    load();
    // States change on their own (a recorder goes offline and comes back).
    const t = setInterval(load, 5000);
    return () => { live = false; clearInterval(t); };
  }, [api]);

  const done = (r: Result<RemoteSourceInfo[]>): boolean => {
    if (!r.ok) { setError(r.message); return false; }
    setError(null);
    setList(r.value);
    return true;
  };
  const add = async () => {
    setBusy(true);
    try {
      if (done(await api.addRemote(link.trim()))) { setAdding(false); setLink(''); }
    } finally {
      setBusy(false);
    }
  };
  const fromImage = async (image: Blob | null | undefined) => {
    if (!image) return;
    const text = await readQrCode(image).catch(() => null);
    if (text) { setLink(text); setError(null); } else setError('No QR code could be read in that picture.');
  };
  const onPaste = (e: ClipboardEvent) => {
    const image = [...e.clipboardData.files].find((f) => f.type.startsWith('image/'));
    if (image) { e.preventDefault(); void fromImage(image); }
  };

  return (
    <>
      <h2>Other Reelvaults</h2>
      <p className="hint">Recordings of other recording computers, shown here beside this one&apos;s. Each converts its own files.</p>
      {list && list.length > 0 && (
        <ul className="remotes" aria-label="Other Reelvaults">
          {list.map((r) => (
            <li key={r.key} data-remote-key={r.key} data-remote-state={r.state}>
              <strong>{r.label}</strong> <code>{r.origin}</code> · {STATE[r.state]}{r.reason ? ` (${r.reason})` : ''}{' '}
              <button type="button" aria-label={`Stop showing ${r.label}`} onClick={() => void api.removeRemote(r.key).then(done)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {adding ? (
        <div className="add-remote" onPaste={onPaste}>
          <label>Pairing link of the other Reelvault (Settings → Share → “Pair a device” there)
            <input type="url" value={link} onChange={(e) => setLink(e.target.value)} placeholder="http://192.168.1.20:8080/pair?code=…" aria-label="Pairing link of the other Reelvault" />
          </label>
          <label className="file-button">Read a QR code from a picture…
            <input type="file" accept="image/*" aria-label="Read the pairing QR code from a picture" onChange={(e) => void fromImage(e.target.files?.[0])} />
          </label>
          <span className="hint"> or paste a screenshot here.</span>
          <p>
            <button type="button" className="primary" disabled={!link.trim() || busy} onClick={() => void add()}>{busy ? 'Pairing…' : 'Add'}</button>{' '}
            <button type="button" onClick={() => { setAdding(false); setError(null); }}>Cancel</button>
          </p>
        </div>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>Add another Reelvault…</button>
      )}
    </>
  );
}
