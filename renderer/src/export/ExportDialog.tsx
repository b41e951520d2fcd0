// "Export…": a clip of one recording (the player) or of an interval on several cameras (the
// timeline, the sync view). On the desktop it is queued for the export folder; over the LAN share
// each recording's part downloads through /media/clip/ (the share writes nothing anywhere).
import { useEffect, useMemo, useState } from 'react';
import type { ClipCrop, ClipPlan, ExportsInfo, TimelineLane } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { formatDuration } from '../library/format.js';
import { formatInterval } from '../shared/time-format.js';
import { intervalDownloads, unknownLengthIds } from './interval-downloads.js';
import { stretchProblem } from './stretch.js';
import { EvidenceOptions, evidenceFields, NO_EVIDENCE } from './EvidenceOptions.js';
import { Dialog } from '../shared/Dialog.js';
import { gapsIn } from '../../../contract/timeline-gaps.js';
import { clockLabel, momentLabel } from '../timeline/axis.js';

/** Recordings of unknown length probed before the downloads are listed (any beyond are named). */
const MAX_PROBES = 500;
const PROBES_AT_ONCE = 4;

export type ExportTarget =
  /** One recording, seconds on its timeline. */
  | { kind: 'one'; id: string; label: string; from: number; to: number; crop?: ClipCrop }
  /** An interval (epoch ms) on these lanes. */
  | { kind: 'many'; lanes: string[]; from: number; to: number };

export function ExportDialog({ target: given, onClose }: { target: ExportTarget; onClose(): void }) {
  // Callers build the target as they render: the same target is the same object, so the plan and
  // the downloads are asked for once, not after every render of the view underneath.
  const targetKey = JSON.stringify(given);
  const target = useMemo(() => JSON.parse(targetKey) as ExportTarget, [targetKey]);
  const { api, caps } = useApi();
  const empty = stretchProblem(target.from, target.to);
  const desktop = caps.allowed.exportClip;
  // Several cameras: exact (their codecs may differ); one recording: its plan's default, once known.
  const [exact, setExact] = useState<boolean | null>(target.kind === 'many' ? true : null);
  // The player was zoomed in: "only the zoomed area" (an exact clip, cropped) is offered.
  const [onlyZoomed, setOnlyZoomed] = useState(false);
  const [sideBySide, setSideBySide] = useState(target.kind === 'many' && target.lanes.length > 1);
  const [plan, setPlan] = useState<ClipPlan | null>(null);
  const [info, setInfo] = useState<ExportsInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const [downloads, setDownloads] = useState<Array<{ href: string; label: string }> | null>(null);
  const [gaps, setGaps] = useState<string[]>([]);
  const [proof, setProof] = useState(NO_EVIDENCE);

  useEffect(() => {
    if (desktop) void api.exports().then((r) => { if (r.ok) setInfo(r.value); });
  }, [api, desktop]);
  // One recording: where a fast copy starts, and which mode is the default for its codec.
  useEffect(() => {
    if (target.kind !== 'one' || stretchProblem(target.from, target.to)) return;
    void api.planClip({ id: target.id, from: target.from, to: target.to, exact: false }).then((r) => {
      if (!r.ok) { setError(r.message); return; }
      setPlan(r.value);
      setExact((e) => e ?? r.value.exactDefault);
    });
  }, [api, target]);
  // An interval: its gaps, said before it is exported; over the share, one download per recording
  // part. Recordings not probed yet are probed first (a fresh library's are, in the background);
  // one that cannot be read is named, so a camera is never left out in silence.
  const [unreadable, setUnreadable] = useState<string[]>([]);
  const [noPart, setNoPart] = useState<string[]>([]);
  const [probing, setProbing] = useState(0);
  useEffect(() => {
    if (target.kind !== 'many' || exact === null || stretchProblem(target.from, target.to)) return;
    let live = true;
    const ask = () => api.timeline({ from: target.from, to: target.to, lanes: target.lanes });
    void (async () => {
      let r = await ask();
      const unknown = r.ok ? unknownLengthIds(r.value.lanes, target.from, target.to) : [];
      if (live) setProbing(Math.min(unknown.length, MAX_PROBES));
      if (unknown.length) {
        // A few at a time: the recording computer probes them at once, ahead of its background work.
        const todo = unknown.slice(0, MAX_PROBES);
        await Promise.all(Array.from({ length: PROBES_AT_ONCE }, async () => {
          for (let id = todo.shift(); id && live; id = todo.shift()) {
            await api.item(id);
            if (live) setProbing((n) => Math.max(0, n - 1));
          }
        }));
        if (!live) return;
        setProbing(0);
        r = await ask();
      }
      if (!live) return;
      if (!r.ok) { setError(r.message); return; }
      const at = (t: number) => clockLabel(t, caps.timeZone);
      setGaps(r.value.lanes.flatMap((l) => gapsIn(l.spans, target.from, target.to).map((g) => `${l.camera}: no recording ${at(g.start)}–${at(g.end)}`)));
      const per = r.value.lanes.map((l: TimelineLane) => intervalDownloads(l, target.from, target.to));
      setUnreadable(per.flatMap((d) => d.unreadable.map((s) => `${d.camera}: the recording at ${at(s.start)} could not be read, so it is not in the export`)));
      const found = new Set(r.value.lanes.map((l) => l.key));
      const missing = target.lanes.length - found.size;
      if (missing > 0) setError(`${missing} of the cameras are no longer in the library.`);
      if (desktop) return;
      setDownloads(per.flatMap((d) => d.parts.map((p) => ({
        href: api.mediaUrl({ kind: 'clip', id: p.id, from: p.from, to: p.to, exact }), label: `${d.camera} ${at(p.startMs)}–${at(p.endMs)}`,
      }))));
      setNoPart(per.filter((d) => !d.parts.length && !d.unreadable.length).map((d) => d.camera));
    })();
    return () => { live = false; };
  }, [api, caps.timeZone, desktop, exact, target]);
  const seconds = target.kind === 'one' ? target.to - target.from : (target.to - target.from) / 1000;
  const tooLong = !desktop && plan && exact !== null && seconds > (exact ? plan.maxSeconds.exact : plan.maxSeconds.fast);
  const start = async () => {
    if (exact === null) return;
    const r = target.kind === 'one'
      ? await api.exportClip({ id: target.id, from: target.from, to: target.to, exact,
        ...(onlyZoomed && exact && target.crop ? { crop: target.crop } : {}), ...evidenceFields(proof) })
      : await api.exportClips({ lanes: target.lanes, from: target.from, to: target.to, exact, sideBySide, ...evidenceFields(proof) });
    if (!r.ok) { setError(r.message); return; }
    setQueued(true);
  };
  const chooseFolder = async () => {
    const r = await api.chooseExportFolder();
    if (!r.ok) setError(r.message);
    else if (r.value) { setInfo(r.value); setError(null); }
  };

  return (
    <Dialog label="Export a clip" onClose={onClose}>
      <h2>Export {target.kind === 'one' ? `from ${target.label}` : `${target.lanes.length} camera${target.lanes.length > 1 ? 's' : ''}`}</h2>
      <p>
        {target.kind === 'one'
          ? formatInterval(target.from, target.to)
          : `${momentLabel(target.from, caps.timeZone, { seconds: true })} to ${clockLabel(target.to, caps.timeZone)} (${formatDuration(seconds)})`}
      </p>
      <fieldset>
        <legend>Quality</legend>
        <label><input type="radio" name="mode" checked={exact === false} disabled={onlyZoomed} onChange={() => setExact(false)} /> Fast (original quality)</label>
        {exact === false && plan && plan.realFrom < target.from - 0.01 && target.kind === 'one' && (
          <p className="note">Starts at {formatDuration(plan.realFrom)}, the keyframe before the in point ({(target.from - plan.realFrom).toFixed(1)} s early): a copy can only start on one. Saved as {plan.container.toUpperCase()}.</p>
        )}
        <label><input type="radio" name="mode" checked={exact === true} onChange={() => setExact(true)} /> Exact (H.264 MP4, plays anywhere)</label>
      </fieldset>
      {target.kind === 'one' && target.crop && (
        <label>
          <input type="checkbox" checked={onlyZoomed} onChange={(e) => { setOnlyZoomed(e.target.checked); if (e.target.checked) setExact(true); }} /> Only the zoomed area (exact)
        </label>
      )}
      {desktop && <EvidenceOptions value={proof} exact={exact === true} onChange={setProof} />}
      {target.kind === 'many' && target.lanes.length > 1 && desktop && (
        <label>
          <input type="checkbox" checked={sideBySide} onChange={(e) => setSideBySide(e.target.checked)} /> Also one &quot;side by side&quot; file of all cameras
          {info && !info.namesInSideBySide && sideBySide && <span className="note"> (this ffmpeg cannot draw text: the cameras will not be named in it)</span>}
        </label>
      )}
      {desktop && info && (
        <p>
          Saved to <code>{info.folder ?? 'no folder yet'}</code>{caps.allowed.chooseExportFolder && <> <button type="button" onClick={() => void chooseFolder()}>Change…</button></>}
          {info.folderProblem && <span className="error" role="alert"> {info.folderProblem}</span>}
        </p>
      )}
      {probing > 0 && <p className="note" role="status">Reading the length of {probing} recording{probing > 1 ? 's' : ''} not read yet…</p>}
      {gaps.length > 0 && <ul className="note gaps" aria-label="Gaps">{gaps.map((g) => <li key={g}>{g}</li>)}</ul>}
      {(unreadable.length > 0 || noPart.length > 0) && (
        <ul className="note left-out" aria-label="Not in the export">
          {unreadable.map((u) => <li key={u}>{u}</li>)}
          {noPart.map((c) => <li key={c}>{c}: no recording in this stretch</li>)}
        </ul>
      )}
      {empty && <p className="error" role="alert">{empty}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {tooLong && <p className="error" role="alert">Over the network a clip is at most {(exact ? plan!.maxSeconds.exact : plan!.maxSeconds.fast) / 60} minutes in this mode.</p>}
      {queued && <p className="note" role="status">Export queued: its progress shows in the status bar.</p>}
      <div className="dialog-buttons">
        {desktop ? (
          <button type="button" className="primary" disabled={exact === null || queued || !info?.folder || !!empty} onClick={() => void start()}>Export</button>
        ) : target.kind === 'one' ? (
          <a className={`button primary${exact === null || tooLong || empty ? ' disabled' : ''}`} download
            href={exact === null || tooLong || empty ? undefined : api.mediaUrl({
              kind: 'clip', id: target.id, from: target.from, to: target.to, exact, ...(onlyZoomed && exact && target.crop ? { crop: target.crop } : {}),
            })}>Download</a>
        ) : (
          <ul className="downloads">{downloads?.map((d) => <li key={d.href}><a href={d.href} download>{d.label}</a></li>)}</ul>
        )}
        <button type="button" onClick={onClose}>{queued ? 'Close' : 'Cancel'}</button>
      </div>
    </Dialog>
  );
}
