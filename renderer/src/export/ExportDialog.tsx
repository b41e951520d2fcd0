// "Export…": a clip of one recording (the player) or of an interval on several cameras (the
// timeline, the sync view). On the desktop it is queued for the export folder; over the LAN share
// each recording's part downloads through /media/clip/ (the share writes nothing anywhere).
import { useEffect, useState } from 'react';
import type { ClipPlan, ExportsInfo, TimelineLane } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { formatDuration } from '../library/format.js';
import { formatInterval } from '../shared/time-format.js';
import { isSpan } from '../sync/lane-spans.js';
import { gapsIn } from '../../../contract/timeline-gaps.js';
import { clockLabel, momentLabel } from '../timeline/axis.js';

export type ExportTarget =
  /** One recording, seconds on its timeline. */
  | { kind: 'one'; id: string; label: string; from: number; to: number }
  /** An interval (epoch ms) on these lanes. */
  | { kind: 'many'; lanes: string[]; from: number; to: number };

export function ExportDialog({ target, onClose }: { target: ExportTarget; onClose(): void }) {
  const { api, caps } = useApi();
  const desktop = caps.allowed.exportClip;
  // Several cameras: exact (their codecs may differ); one recording: its plan's default, once known.
  const [exact, setExact] = useState<boolean | null>(target.kind === 'many' ? true : null);
  const [sideBySide, setSideBySide] = useState(target.kind === 'many' && target.lanes.length > 1);
  const [plan, setPlan] = useState<ClipPlan | null>(null);
  const [info, setInfo] = useState<ExportsInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const [downloads, setDownloads] = useState<Array<{ href: string; label: string }> | null>(null);
  const [gaps, setGaps] = useState<string[]>([]);

  useEffect(() => {
    if (desktop) void api.exports().then((r) => { if (r.ok) setInfo(r.value); });
  }, [api, desktop]);
  // One recording: where a fast copy starts, and which mode is the default for its codec.
  useEffect(() => {
    if (target.kind !== 'one') return;
    void api.planClip({ id: target.id, from: target.from, to: target.to, exact: false }).then((r) => {
      if (!r.ok) { setError(r.message); return; }
      setPlan(r.value);
      setExact((e) => e ?? r.value.exactDefault);
    });
  }, [api, target]);
  // An interval: its gaps, said before it is exported; over the share, one download per recording part.
  useEffect(() => {
    if (target.kind !== 'many' || exact === null) return;
    void api.timeline({ from: target.from, to: target.to, lanes: target.lanes }).then((r) => {
      if (!r.ok) { setError(r.message); return; }
      const at = (t: number) => clockLabel(t, caps.timeZone);
      setGaps(r.value.lanes.flatMap((l) => gapsIn(l.spans, target.from, target.to).map((g) => `${l.camera}: no recording ${at(g.start)}–${at(g.end)}`)));
      if (desktop) return;
      setDownloads(r.value.lanes.flatMap((l: TimelineLane) => l.spans.filter(isSpan).filter((s) => !s.unknownLength).map((s) => {
        const from = Math.max(0, (target.from - s.start) / 1000), to = (Math.min(s.end, target.to) - s.start) / 1000;
        return { href: api.mediaUrl({ kind: 'clip', id: s.id, from, to, exact }), label: `${l.camera} ${clockLabel(s.start + from * 1000, caps.timeZone)}–${clockLabel(s.start + to * 1000, caps.timeZone)}` };
      })));
    });
  }, [api, caps.timeZone, desktop, exact, target]);

  const seconds = target.kind === 'one' ? target.to - target.from : (target.to - target.from) / 1000;
  const tooLong = !desktop && plan && exact !== null && seconds > (exact ? plan.maxSeconds.exact : plan.maxSeconds.fast);
  const start = async () => {
    if (exact === null) return;
    const r = target.kind === 'one'
      ? await api.exportClip({ id: target.id, from: target.from, to: target.to, exact })
      : await api.exportClips({ lanes: target.lanes, from: target.from, to: target.to, exact, sideBySide });
    if (!r.ok) { setError(r.message); return; }
    setQueued(true);
  };
  const chooseFolder = async () => {
    const r = await api.chooseExportFolder();
    if (!r.ok) setError(r.message);
    else if (r.value) { setInfo(r.value); setError(null); }
  };

  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Export a clip" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
        <h2>Export {target.kind === 'one' ? `from ${target.label}` : `${target.lanes.length} camera${target.lanes.length > 1 ? 's' : ''}`}</h2>
        <p>
          {target.kind === 'one'
            ? formatInterval(target.from, target.to)
            : `${momentLabel(target.from, caps.timeZone, { seconds: true })} to ${clockLabel(target.to, caps.timeZone)} (${formatDuration(seconds)})`}
        </p>
        <fieldset>
          <legend>Quality</legend>
          <label><input type="radio" name="mode" checked={exact === false} onChange={() => setExact(false)} /> Fast (original quality)</label>
          {exact === false && plan && plan.realFrom < target.from - 0.01 && target.kind === 'one' && (
            <p className="note">Starts at {formatDuration(plan.realFrom)}, the keyframe before the in point ({(target.from - plan.realFrom).toFixed(1)} s early): a copy can only start on one. Saved as {plan.container.toUpperCase()}.</p>
          )}
          <label><input type="radio" name="mode" checked={exact === true} onChange={() => setExact(true)} /> Exact (H.264 MP4, plays anywhere)</label>
        </fieldset>
        {target.kind === 'many' && target.lanes.length > 1 && desktop && (
          <label>
            <input type="checkbox" checked={sideBySide} onChange={(e) => setSideBySide(e.target.checked)} /> Also one &quot;side by side&quot; file of all cameras
            {info && !info.namesInSideBySide && sideBySide && <span className="note"> (this ffmpeg cannot draw text: the cameras will not be named in it)</span>}
          </label>
        )}
        {desktop && info && (
          <p>
            Saved to <code>{info.folder ?? 'no folder yet'}</code> <button type="button" onClick={() => void chooseFolder()}>Change…</button>
            {info.folderProblem && <span className="error" role="alert"> {info.folderProblem}</span>}
          </p>
        )}
        {gaps.length > 0 && <ul className="note gaps" aria-label="Gaps">{gaps.map((g) => <li key={g}>{g}</li>)}</ul>}
        {error && <p className="error" role="alert">{error}</p>}
        {tooLong && <p className="error" role="alert">Over the network a clip is at most {(exact ? plan!.maxSeconds.exact : plan!.maxSeconds.fast) / 60} minutes in this mode.</p>}
        {queued && <p className="note" role="status">Export queued: its progress shows in the status bar.</p>}
        <div className="dialog-buttons">
          {desktop ? (
            <button type="button" className="primary" disabled={exact === null || queued || !info?.folder} onClick={() => void start()}>Export</button>
          ) : target.kind === 'one' ? (
            <a className={`button primary${exact === null || tooLong ? ' disabled' : ''}`} download
              href={exact === null || tooLong ? undefined : api.mediaUrl({ kind: 'clip', id: target.id, from: target.from, to: target.to, exact })}>Download</a>
          ) : (
            <ul className="downloads">{downloads?.map((d) => <li key={d.href}><a href={d.href} download>{d.label}</a></li>)}</ul>
          )}
          <button type="button" onClick={onClose}>{queued ? 'Close' : 'Cancel'}</button>
        </div>
      </div>
    </div>
  );
}
