// Settings, as far as this transport allows: the desktop edits roots, the share and conversion;
// a LAN viewer sees what is shared and is told where settings are changed.
import { useEffect, useRef, useState } from 'react';
import type { Result, SettingsPatch, SettingsView as Settings, ShareInfo } from '../../../contract/api.js';

type SettingsPatchRoot = NonNullable<SettingsPatch['libraryRoots']>[number];
import { useApi } from '../api-context.js';
import { useMenuCommand } from '../menu-commands.js';
import { RemotesSection } from './RemotesSection.js';
import { FolderBrowser } from './FolderBrowser.js';
import { OwnerSection } from './OwnerSection.js';
import { EvidenceSection } from './EvidenceSection.js';
import { LOCAL_ZONE } from '../../../contract/zone-time.js';
import { clockLabel, formatRecorded } from '../shared/time-format.js';

const PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'];

export function SettingsView({ onClose }: { onClose(): void }) {
  const { api, caps } = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [share, setShare] = useState<ShareInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const canEdit = caps.allowed.updateSettings;
  // The switch moves at once; the share starts or stops behind it.
  const [sharePending, setSharePending] = useState<boolean | null>(null);
  const [browsing, setBrowsing] = useState(false);

  useEffect(() => {
    void api.settings().then((r) => (r.ok ? setSettings(r.value) : setError(r.message)));
    if (caps.allowed.shareInfo) void api.shareInfo().then((r) => (r.ok ? setShare(r.value) : setError(r.message)));
  }, [api, caps]);

  // Changes can overlap (typing fast) and their answers land out of order: an older success must
  // not hide a newer refusal.
  const sent = useRef(0);
  const refusedAt = useRef(0);
  const apply = async <T,>(p: Promise<Result<T>>, then: (v: T) => void) => {
    const seq = ++sent.current;
    const r = await p;
    if (!r.ok) { refusedAt.current = seq; setError(r.message); return; }
    if (seq > refusedAt.current) setError(null);
    then(r.value);
  };

  // The menu's Add folder… while Settings is open: the list here shows the new folder.
  useMenuCommand('add-folder', () => { void apply(api.chooseFolder(), (v) => { if (v) setSettings(v); }); });

  if (!settings) return <section className="settings" aria-label="Settings">{error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>}</section>;

  return (
    <section className="settings" aria-label="Settings">
      <header className="settings-head">
        <h1>Settings</h1>
        <button type="button" onClick={onClose} aria-label="Back to the recordings">Back</button>
      </header>
      {error && <p role="alert" className="error">{error}</p>}
      {note && <p role="status" className="note">{note}</p>}
      {!canEdit && <p className="note">You are viewing a library shared from another computer. Settings are changed in Reelvault on that computer.</p>}

      <h2>Library folders</h2>
      {settings.libraryRoots.length === 0 && <p>No folders yet.</p>}
      <ul className="roots">
        {settings.libraryRoots.map((r) => {
          // Only the desktop is told paths, and only the desktop edits: each change sends every
          // folder as it is with one option changed (folders come and go through the picker).
          const edit = (change: Partial<SettingsPatchRoot>) => void apply(api.updateSettings({
            libraryRoots: settings.libraryRoots.map((x) => ({
              path: x.path ?? '', stabilitySec: x.stabilitySec, network: x.network, nameTimeZone: x.nameTimeZone, cameraLevel: x.cameraLevel,
              ...(x.rootId === r.rootId ? change : {}),
            })),
          }), setSettings);
          const where = r.path ?? r.label;
          return (
            <li key={r.rootId} data-root-id={r.rootId}>
              {r.path ? <><strong>{r.label}</strong> <code>{r.path}</code></> : <strong>{r.label}</strong>}
              {canEdit && r.path ? (
                <>
                  <label>Name shown to viewers
                    <input type="text" defaultValue={r.label} maxLength={80} aria-label={`Name shown to viewers for ${where}`}
                      onBlur={(e) => { if (e.target.value.trim() !== r.label) edit({ label: e.target.value }); }} />
                  </label>
                  <label title="A file that is still growing is being recorded: it shows as Recording and plays up to what is written.">A recording is finished once its file stops growing for
                    <input type="number" min={0.5} max={600} step={0.5} value={r.stabilitySec} aria-label={`Seconds unchanged before a recording in ${where} counts as finished`}
                      onChange={(e) => edit({ stabilitySec: Number(e.target.value) })} /> s
                  </label>
                  <label>Network folder
                    <select value={r.network} aria-label={`Is ${where} a network folder`}
                      onChange={(e) => edit({ network: e.target.value as 'auto' | 'yes' | 'no' })}>
                      <option value="auto">detect</option><option value="yes">yes (check on an interval)</option><option value="no">no</option>
                    </select>
                  </label>
                  <label>Times in file names are in
                    <ZoneInput value={r.nameTimeZone} label={`Time zone of the times in file names in ${where}`} onChange={(z) => edit({ nameTimeZone: z })} />
                  </label>
                  <label>Camera is the folder at level
                    <input type="number" min={1} max={8} step={1} value={r.cameraLevel} aria-label={`Folder level that names the camera in ${where}`}
                      title="1: folder/camera/…; 2: folder/date/camera/…"
                      onChange={(e) => edit({ cameraLevel: Number(e.target.value) })} />
                  </label>
                  <button type="button" aria-label={`Remove ${where} from the library`} onClick={() => void apply(api.removeRoot(r.path!), setSettings)}>Remove</button>
                </>
              ) : <span className="stability"> · a recording counts as finished once its file has stopped growing for {r.stabilitySec} s (until then it shows as Recording)</span>}
            </li>
          );
        })}
      </ul>
      {caps.allowed.chooseFolder && (
        <button type="button" onClick={() => void apply(api.chooseFolder(), (v) => { if (v) setSettings(v); })}>Add folder…</button>
      )}
      {!caps.allowed.chooseFolder && caps.allowed.addRoot && <button type="button" onClick={() => setBrowsing(true)}>Add folder…</button>}
      {browsing && <FolderBrowser onClose={() => setBrowsing(false)} onAdded={(v) => { setBrowsing(false); setSettings(v); }} />}

      {caps.allowed.shareInfo && share && (
        <>
          <h2>Share on this network</h2>
          {caps.allowed.setShareEnabled && <label className="switch">
            <input type="checkbox" checked={sharePending ?? share.enabled} aria-label="Share the library on the local network"
              onChange={(e) => {
                const on = e.target.checked;
                setSharePending(on);
                void apply(api.setShareEnabled(on), setShare).finally(() => setSharePending(null));
              }} />
            Share the library, read-only, with browsers on this network{sharePending !== null && (sharePending ? ' (starting…)' : ' (stopping…)')}
          </label>}
          {share.error && <p role="alert" className="error">{share.error}</p>}
          {canEdit && caps.allowed.setShareEnabled && (
            <label className="switch">
              <input type="checkbox" checked={settings.share.keepSharingWhenClosed}
                onChange={(e) => void apply(api.updateSettings({ share: { keepSharingWhenClosed: e.target.checked } }), setSettings)} />
              Keep sharing when the window is closed (Reelvault stays in the tray until you quit it; on GNOME the tray icon needs the AppIndicator extension)
            </label>
          )}
          {share.enabled && (
            <>
              <p>Open on this network:</p>
              <ul>{share.urls.map((u) => <li key={u}><code>{u}</code></li>)}</ul>
              <h3>Paired devices</h3>
              {share.devices.length === 0 ? <p>No device is paired yet.</p> : (
                <ul className="devices" aria-label="Paired devices">
                  {share.devices.map((d) => (
                    <li key={d.id} data-device-id={d.id}>
                      {d.label}{d.owner ? ' · owner' : ''}{d.reshares ? ' · re-shares to its viewers' : ''} · last seen {formatRecorded(d.lastSeenAt)} from {d.address}{' '}
                      <button type="button" aria-label={`Revoke ${d.label}`} onClick={() => void apply(api.revokeDevice(d.id), (v) => { setShare(v); setNote(`${d.label} is no longer paired.`); })}>Revoke</button>
                    </li>
                  ))}
                </ul>
              )}
              <p>
                <button type="button" onClick={() => void apply(api.pairDevice(), setShare)}>Pair a device</button>{' '}
                {share.devices.length > 0 && <button type="button" onClick={() => void apply(api.revokeAllDevices(), (v) => { setShare(v); setNote('Every device is unpaired.'); })}>Revoke all</button>}
              </p>
              {share.pairingUrl && (
                <div className="pairing-box">
                  {share.pairingQr && <img className="pairing-qr" src={share.pairingQr} alt="QR code of the pairing link" width={160} height={160} />}
                  <p>
                    Open this link once on the device to pair it (it works until {clockLabel(share.pairingExpiresAt ?? 0, LOCAL_ZONE, false)}, for any number of devices):{' '}
                    <code className="pairing">{share.pairingUrl}</code>{' '}
                    <button type="button" onClick={() => void navigator.clipboard.writeText(share.pairingUrl!).then(() => setNote('Pairing link copied.'), () => setError('Could not copy to the clipboard.'))}>Copy link</button>
                  </p>
                </div>
              )}
              <p className="hint">
                Scripts and the old dashboard use the share&apos;s token (<code>Authorization: Bearer</code>).{' '}
                <button type="button" onClick={() => void apply(api.regenerateToken(), (v) => { setShare(v); setNote('New token made: scripts and the old dashboard need it now; paired devices stay paired.'); })}>Regenerate token</button>
              </p>
            </>
          )}
        </>
      )}

      {caps.allowed.addRemote && <RemotesSection />}
      <OwnerSection />
      {caps.allowed.evidenceKey && <EvidenceSection />}

      <h2>Conversion</h2>
      {canEdit ? (
        <div className="transcode">
          <label>Conversions at once
            <input type="number" min={1} max={16} value={settings.transcode.maxConcurrent} aria-label="Conversions at once"
              onChange={(e) => void apply(api.updateSettings({ transcode: { maxConcurrent: Number(e.target.value) } }), setSettings)} />
          </label>
          <label>Speed
            <select value={settings.transcode.preset} aria-label="Conversion speed" onChange={(e) => void apply(api.updateSettings({ transcode: { preset: e.target.value } }), setSettings)}>
              {PRESETS.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
          <label>Quality (CRF, lower is better)
            <input type="number" min={14} max={36} value={settings.transcode.crf} aria-label="Conversion quality, CRF"
              onChange={(e) => void apply(api.updateSettings({ transcode: { crf: Number(e.target.value) } }), setSettings)} />
          </label>
          <label className="switch">
            <input type="checkbox" checked={settings.transcode.hardwareDecode} aria-label="Use hardware decoding"
              onChange={(e) => void apply(api.updateSettings({ transcode: { hardwareDecode: e.target.checked } }), setSettings)} />
            Hardware decoding
          </label>
        </div>
      ) : (
        <p>Up to {settings.transcode.maxConcurrent} conversions at once ({settings.transcode.preset}, CRF {settings.transcode.crf}).</p>
      )}

      <h2>Playback</h2>
      {canEdit ? (
        <label className="switch">
          <input type="checkbox" checked={settings.preparePlayback} aria-label="Prepare playback on hover"
            onChange={(e) => void apply(api.updateSettings({ preparePlayback: e.target.checked }), setSettings)} />
          Prepare playback on hover (a recording you point at or select starts loading; off while on battery)
        </label>
      ) : (
        <p>{settings.preparePlayback ? 'Recordings you point at start loading before you open them.' : 'Recordings load when you open them.'}</p>
      )}
      {canEdit && (
        <label className="switch">
          <input type="checkbox" checked={settings.viewerBookmarks !== false} aria-label="Paired devices may add bookmarks"
            onChange={(e) => void apply(api.updateSettings({ viewerBookmarks: e.target.checked }), setSettings)} />
          Paired devices may add bookmarks (and change or delete their own); they always see everyone&apos;s
        </label>
      )}
    </section>
  );
}

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** This computer's zone, UTC, or any IANA zone (typed, with the list as suggestions). */
function ZoneInput({ value, label, onChange }: { value: string; label: string; onChange(zone: string): void }) {
  const kind = value === 'local' || value === 'UTC' ? value : 'other';
  return (
    <>
      <select aria-label={label} value={kind} onChange={(e) => onChange(e.target.value === 'other' ? Intl.DateTimeFormat().resolvedOptions().timeZone : e.target.value)}>
        <option value="local">this computer's zone</option>
        <option value="UTC">UTC</option>
        <option value="other">another zone…</option>
      </select>
      {kind === 'other' && (
        <>
          <input type="text" list="reelvault-zones" defaultValue={value} aria-label={`${label}: zone name`} placeholder="Europe/Berlin"
            onBlur={(e) => { if (e.target.value && e.target.value !== value) onChange(e.target.value); }} />
          <datalist id="reelvault-zones">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
        </>
      )}
    </>
  );
}
