// The player: plays anything through its plan (direct file with ranges, or a remux/transcode
// session through MSE) on the file's whole timeline, with the keys VLC and mpv users expect,
// resume, snapshots, sprite previews on the seek bar, an audio-track picker, and errors in words.
import { fileVersion } from '../../../contract/media-url.js';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ItemDetails, LibraryEntry } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { codecLabel, formatDuration, formatRecorded } from '../library/format.js';
import { frameAt, spriteFrameStyle, spriteIndex, type SpriteIndex } from '../library/sprite.js';
import { MsePlayback, type PlaybackState } from './mse-playback.js';
import { mountVideo, type VideoHandlers } from './player-video.js';
import type { Prepared, PreparedPlayback } from './prepare.js';
import { FullscreenIcon, MutedIcon, PauseIcon, PlayIcon, VolumeIcon } from './icons.js';
import { keyAction, keyWorksWithoutPlayback } from './keys.js';
import { speedLabel } from './speed.js';
import { useSpeed, type SpeedControl } from './use-speed.js';
import { useContinuation } from './use-continuation.js';
import { takeSnapshot } from './snapshot.js';
import { ClipMarks, setMark, type Marks } from './ClipMarks.js';
import { ExportDialog } from '../export/ExportDialog.js';
import { openSyncAt } from '../sync/cameras-at.js';
import { clockLabel } from '../shared/time-format.js';
import { recordingTitle, useDocumentTitle } from '../shared/document-title.js';
import { useMenuCommand } from '../menu-commands.js';
import { usePlayerActivity } from './use-player-activity.js';
import { SeekActivity } from '../activity/SeekActivity.js';
import { SkipQuietSwitch } from '../activity/SkipQuietSwitch.js';
import { usePlayerMarks } from './player-marks.js';

export interface PlayerProps {
  id: string;
  startAt?: number;
  onBack(): void;
  /** The view Back returns to ("Recordings", "Timeline"). */
  backTo?: string;
  /** Next (+1) or previous (-1) file within the current filter. */
  onStep(delta: 1 | -1): void;
  /** This file's playback, started before the double-click (prepare.ts): played as it is. */
  prepared?: Prepared | null;
  /** Play on in another recording (the next of this camera), from `offsetSec`. */
  onContinue(id: string, offsetSec: number): void;
  /** The cameras (lane keys) at moment t, side by side. */
  onSync(lanes: string[], t: number): void;
  /** The recording that follows is about to be continued into: start loading it. */
  onPrepareNext?(id: string, offsetSec: number): void;
}

/** How far the position moves before it is saved again: a reload resumes within this much. */
const SAVE_EVERY_SEC = 0.5;

export function Player({ id, startAt, onBack, backTo = 'Recordings', onStep, prepared, onContinue, onSync, onPrepareNext }: PlayerProps) {
  const { api, caps } = useApi();
  const root = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  // Taken once: a later start (another audio track) begins as usual.
  const held = useRef(prepared?.id === id && prepared.video.hasAttribute('src') ? prepared : null);
  // A prepared file's details are here already: playback starts in the first effects.
  const [details, setDetails] = useState<ItemDetails | null>(() => (prepared?.id === id && prepared.details.plan ? prepared.details : null));
  const [error, setError] = useState<string | null>(null);
  // A file that cannot be played is still named in its error view (its details have no plan).
  const [failed, setFailed] = useState<LibraryEntry | null>(null);
  const [state, setState] = useState<PlaybackState>({ kind: 'buffering' });
  const [time, setTime] = useState(0);
  const [paused, setPaused] = useState(true);
  const [muted, setMuted] = useState(false);
  const [audio, setAudio] = useState<number | null>(() => (prepared?.id === id ? prepared.details.plan?.audioStream ?? null : null));
  const [note, setNote] = useState<string | null>(null);
  const [resumedFrom, setResumedFrom] = useState<number | null>(null);
  const [hover, setHover] = useState<{ x: number; t: number } | null>(null);
  const [sprite, setSprite] = useState<SpriteIndex | null>(null);
  const [marks, setMarks] = useState<Marks>({});
  const [exporting, setExporting] = useState(false);
  const mse = useRef<PreparedPlayback | null>(null);
  const continuation = useContinuation(api, details, onContinue, onPrepareNext);
  const video = useRef<HTMLVideoElement | null>(null);
  // Speeds, frames back and the fast picture (use-speed.ts); set below, once fps is known.
  const speedCtl = useRef<SpeedControl | null>(null);
  // One action each, for the keys, the buttons and a click on the picture alike.
  const togglePlay = useCallback(() => {
    const v = video.current;
    if (!v || speedCtl.current?.toggle()) return;
    if (v.paused) void v.play().catch(() => undefined);
    else v.pause();
  }, []);
  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen().catch(() => undefined);
  }, []);
  const toggleMute = useCallback(() => {
    const v = video.current;
    if (!v) return;
    v.muted = !v.muted;
    setMuted(v.muted);
  }, []);
  // The position is saved each time it moves SAVE_EVERY_SEC (playing or seeking), when the page
  // goes (a reload: no unmount runs then) and when leaving, so a reload resumes within that much.
  // (Every 5 s of wall time, a reload at 0:08 resumed at 0:04.)
  const savedAt = useRef<number | null>(null);
  const canSave = !!details?.plan;
  const savePosition = useCallback((t: number, always = false) => {
    if (!canSave || !(t > 0)) return;
    if (!always && savedAt.current !== null && Math.abs(t - savedAt.current) < SAVE_EVERY_SEC) return;
    savedAt.current = t;
    void api.savePlayerState(id, t);
  }, [api, canSave, id]);
  const handlers = useRef<VideoHandlers | null>(null);
  useLayoutEffect(() => {
    handlers.current = {
      timeupdate: (v) => { lastTime.current = v.currentTime; setTime(lastTime.current); continuation.progress(v.currentTime); savePosition(v.currentTime); },
      play: () => setPaused(false),
      pause: () => setPaused(true),
      waiting: () => setState((s) => (s.kind === 'error' || s.kind === 'busy' ? s : { kind: 'buffering' })),
      playing: () => setState({ kind: 'ready' }),
      canplay: () => setState((s) => (s.kind === 'buffering' ? { kind: 'ready' } : s)),
      error: (v) => {
        if (details?.plan?.mode === 'direct' && !mse.current) setState({ kind: 'error', message: v.error?.message || 'the browser could not decode it' });
      },
      click: togglePlay,
      ended: continuation.ended,
    };
  });
  useLayoutEffect(() => {
    const ready = held.current;
    const m = mountVideo(host.current!, ready?.video ?? null, () => handlers.current!);
    video.current = m.video;
    return () => { m.unmount(); video.current = null; };
  }, []);
  const requests = useRef(0);
  const lastTime = useRef(0);

  // Details (probe + plan), then where to start: the URL's time, else the saved position.
  useEffect(() => {
    // The player is mounted per file (keyed by id), so its state starts fresh.
    let live = true;
    if (!held.current?.details.plan) void api.item(id).then((r) => {
      if (!live) return;
      if (!r.ok) { setError(r.code === 'not-found' ? 'This file is no longer in the library (it was moved or deleted).' : r.message); return; }
      if (!r.value.plan) { setFailed(r.value.entry); setError(`This file cannot be played: ${r.value.probeError ?? 'it is damaged or not a video'}.`); return; }
      setAudio(r.value.plan.audioStream);
      setDetails(r.value);
    });
    void spriteIndex(api, id).then((s) => { if (live) setSprite(s); });
    return () => { live = false; };
  }, [api, id]);

  const duration = details?.probe?.durationSec ?? details?.entry.media?.durationSec ?? 0;
  const fps = details?.probe?.video?.fps ?? 25;
  // The fast picture's position, as timeupdate's (set in an effect: refs change outside render).
  const onFastTime = useRef((t: number) => setTime(t));
  useLayoutEffect(() => { onFastTime.current = (t) => { lastTime.current = t; setTime(t); savePosition(t); }; });
  const fastTime = useCallback((t: number) => onFastTime.current(t), []);
  const suspend = useCallback(() => mse.current?.suspend(), []);
  const sp = useSpeed({ api, id, mode: details?.plan?.mode ?? null, root, stage: host, video, fps, onTime: fastTime, suspend, onNote: setNote });
  useLayoutEffect(() => { speedCtl.current = sp; });

  // Start playback once details are known (and again when the audio track changes).
  useEffect(() => {
    const v = video.current;
    if (!details || !v || !details.plan) return;
    let cancelled = false;
    const begin = async (): Promise<void> => {
      let from = startAt ?? 0;
      const ready = held.current;
      held.current = null;
      // (Prepared for this very start: a continuation into the overlap of the next recording.)
      if (ready && (startAt === undefined || Math.abs(startAt - ready.from) < 0.05) && audio === details.plan!.audioStream) {
        // Prepared: this element is already loaded at the resume position; its playback goes on.
        if (ready.from > 0) setResumedFrom(ready.from);
        if (ready.mse) {
          mse.current = ready.mse;
          ready.mse.adopt({ onState: setState, onNote: setNote, onRequest: () => { requests.current++; } });
        }
        void v.play().catch(() => undefined);
        return;
      }
      ready?.mse?.close(); // prepared for another start (a time in the link): begin afresh
      if (startAt === undefined && audio === details.plan!.audioStream) {
        const saved = await api.playerState(id);
        if (saved.ok && saved.value) { from = saved.value.positionSec; setResumedFrom(from); }
      } else if (lastTime.current > 0) {
        from = lastTime.current; // a new audio track: carry on where it was
      }
      if (cancelled) return;
      const mode = audio !== details.plan!.audioStream && details.plan!.mode === 'direct' ? 'remux' : details.plan!.mode;
      if (mode === 'direct') {
        v.src = api.mediaUrl({ kind: 'file', id, version: fileVersion(details.entry) });
        v.currentTime = from;
      } else {
        const p = new MsePlayback({ api, video: v, details, mode, audio, onState: setState, onNote: setNote, onRequest: () => { requests.current++; } });
        mse.current = p;
        await p.start(from);
      }
      if (!cancelled) void v.play().catch(() => undefined);
    };
    void begin();
    return () => {
      cancelled = true;
      mse.current?.close();
      mse.current = null;
    };
  }, [api, details, id, audio, startAt]);

  useEffect(() => {
    // From the last time seen, not the element: on unmount React has detached the ref already.
    const save = (): void => savePosition(lastTime.current, true);
    window.addEventListener('pagehide', save);
    return () => { window.removeEventListener('pagehide', save); save(); };
  }, [savePosition]);

  // Before the first paint: a key pressed as soon as the player shows must reach it, not the page.
  useLayoutEffect(() => { root.current?.focus(); }, [id]);

  // Activity: the seek bar's strip, A / Shift+A, Skip quiet (use-player-activity.ts).
  // Skip quiet plays activity at the chosen speed where the element plays forward (not in reverse).
  const act = usePlayerActivity(api, video, details?.entry, duration, sp.speed > 0 ? Math.min(sp.speed, 16) : 1, !error && state.kind !== 'error');
  const { userSeeked } = act;
  const seek = useCallback((t: number) => {
    const v = video.current;
    if (!v) return;
    const to = Math.max(0, Math.min(duration ? duration - 0.05 : Infinity, t));
    if (speedCtl.current?.seek(to)) { setTime(to); return; }
    v.currentTime = to;
    setTime(v.currentTime);
    userSeeked();
  }, [duration, userSeeked]);

  const snapshot = useCallback(async () => {
    const said = video.current && await takeSnapshot(api, caps, video.current, id, details?.entry);
    if (said) setNote(said);
  }, [api, caps, details, id]);

  // Over the share a clip downloads through a slot of its own: the paused player lets its session go.
  const openExport = () => {
    video.current?.pause();
    if (!caps.allowed.exportClip) mse.current?.suspend();
    setExporting(true);
  };

  const syncHere = () => { if (details && video.current) void openSyncAt(api, details.entry, video.current.currentTime, onSync).then((n) => n && setNote(n)); };
  useMenuCommand('export-clip', openExport);
  useMenuCommand('view-sync', syncHere);

  const onKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    const v = video.current;
    if (!v || (ev.target as HTMLElement).tagName === 'SELECT') return;
    const a = keyAction(ev.key, { paused: v.paused });
    // Nothing plays in the error view: only the keys that leave it still work.
    if (!a || (!playable && !keyWorksWithoutPlayback(a) && !(a.kind === 'export' && exportable))) return;
    ev.preventDefault();
    if (a.kind === 'toggle' && continuation.continueNow()) return;
    switch (a.kind) {
      case 'toggle': togglePlay(); break;
      case 'seekBy': seek(sp.position() + a.sec); break;
      case 'frame': v.pause(); if (!sp.frame(a.frames)) seek(v.currentTime + a.frames / fps); break;
      case 'rate': sp.change(a.dir); break;
      case 'speedReset': sp.reset(); break;
      case 'burst': { const to = act.burst(v.currentTime, a.dir); if (to === null) setNote(act.noBurst(a.dir)); else seek(to); break; }
      case 'fullscreen': toggleFullscreen(); break;
      case 'mute': toggleMute(); break;
      case 'step': onStep(a.delta); break;
      case 'back': if (document.fullscreenElement) void document.exitFullscreen(); else onBack(); break;
      case 'snapshot': void snapshot(); break;
      case 'mark': setMarks((m) => setMark(m, a.which, v.currentTime)); break;
      case 'export': openExport(); break;
      case 'sync': syncHere(); break;
    }
  };

  const barHover = (ev: MouseEvent<HTMLDivElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    const x = Math.min(Math.max(0, ev.clientX - r.left), r.width);
    setHover({ x, t: (x / r.width) * duration });
  };
  const spriteTile = hover && sprite ? frameAt(sprite, hover.t) : -1;

  const entry = details?.entry ?? failed ?? undefined;
  const message = error ?? (state.kind === 'error' ? `This file could not be played: ${state.message}` : null);
  // The error view: nothing here can play. (While the details load, keys still count: an E
  // pressed then opens the export dialog once they are in.)
  const playable = !message;
  // A sound recording this viewer cannot play (no decoder here, no media scheme) can still be cut
  // by ffmpeg on the computer that holds it; a file that cannot be read cannot.
  const exportable = playable || Boolean(details?.plan && (details.probe?.durationSec ?? 0) > 0);
  const marks2 = usePlayerMarks({ api, caps, entry, host, video: () => video.current, duration, playable, say: setNote, seek });
  useDocumentTitle(entry ? recordingTitle(entry.camera, formatRecorded(entry.recordedAt)) : null);
  return (
    <div className="player" {...marks2.rootProps} ref={root} tabIndex={-1} onKeyDown={onKey} role="region" aria-label={`Player: ${entry?.filename ?? ''}`}>
      <header className="player-head">
        <button type="button" onClick={onBack} aria-label={`Back to the ${backTo.toLowerCase()} (Esc)`}>← Back</button>
        <div className="player-title">
          <strong>{entry?.filename}</strong>
          {entry && <span> · {entry.camera} · {formatRecorded(entry.recordedAt)}</span>}
          {details?.plan && details.plan.mode !== 'direct' && (
            <span className="badge converted" title={details.plan.videoReasons.join('; ')}>{details.plan.mode === 'remux' ? 'Copied into MP4' : `Converted from ${codecLabel(details.probe?.video?.codec)}`}</span>
          )}
          {entry?.status === 'recording' && <span className="badge recording">Recording: plays up to what is written</span>}
        </div>
        <button type="button" onClick={() => onStep(-1)} aria-label="Previous recording (P)">‹ Prev</button>
        <button type="button" onClick={() => onStep(1)} aria-label="Next recording (N)">Next ›</button>
      </header>
      <div className="stage" ref={host} data-zoomed={marks2.zoom.view.factor > 1 || undefined}>
        {marks2.overview}
        {!message && state.kind === 'buffering' && <div className="overlay" role="status" aria-label="Buffering"><span className="spinner" />Buffering…</div>}
        {state.kind === 'busy' && <div className="overlay" role="status">The recording computer is busy converting other videos ({state.message}). Trying again in {state.retryInSec} s…</div>}
        {message && (
          <div className="overlay error" role="alert">
            {entry && <div className="error-file"><strong>{entry.filename}</strong> · camera {entry.camera}</div>}
            <div className="error-message">{message}</div>
          </div>
        )}
      </div>
      <div className="controls">
        <button type="button" onClick={togglePlay} disabled={!playable} aria-label={paused && !sp.playing ? 'Play (Space)' : 'Pause (Space)'}>{paused && !sp.playing ? <PlayIcon /> : <PauseIcon />}</button>
        <span className="time" aria-label="Position">{formatDuration(time)} / {formatDuration(duration)}</span>
        <div className="seekbar" onMouseMove={barHover} onMouseLeave={() => setHover(null)}>
          <input type="range" min={0} max={duration || 0} step={0.1} value={Math.min(time, duration || 0)} aria-label="Seek" disabled={!playable}
            onChange={(e) => seek(Number(e.target.value))} />
          <ClipMarks marks={marks} duration={duration} onChange={setMarks} />
          {act.file?.lane && (
            <SeekActivity lanes={act.file.lanes} recorded={act.file.recorded} from={act.file.from} to={act.file.to} />
          )}
          {marks2.ticks}
          {hover && (
            <div className="seek-preview" style={{ left: hover.x }}>
              {sprite && spriteTile >= 0 && (
                <div className="seek-sprite" style={spriteFrameStyle(api, id, sprite, spriteTile)} />
              )}
              <span>{formatDuration(hover.t)}</span>
            </div>
          )}
        </div>
        <span className="rate" aria-label="Speed">{speedLabel(sp.speed)}</span>
        <SkipQuietSwitch on={act.skip} onChange={act.setSkip} fast={act.fast} pending={(act.file?.lane?.pending ?? 0) > 0} />
        <button type="button" onClick={toggleMute} aria-label={muted ? 'Unmute (M)' : 'Mute (M)'}>{muted ? <MutedIcon /> : <VolumeIcon />}</button>
        {details?.probe && details.probe.audio.length > 1 && (
          <select aria-label="Audio track" value={audio ?? ''} onChange={(e) => setAudio(Number(e.target.value))}>
            {details.probe.audio.map((a, k) => <option key={a.index} value={a.index}>Track {k + 1}{a.language ? ` (${a.language})` : ''} · {a.codec} {a.channels}ch</option>)}
          </select>
        )}
        <button type="button" onClick={() => void snapshot()} disabled={!playable} aria-label="Save a snapshot (S)">Snapshot</button>
        <button type="button" onClick={openExport} disabled={!exportable} aria-label="Export a clip (I and O mark it, E exports)">Export…</button>
        {marks2.buttons}
        <button type="button" onClick={toggleFullscreen} aria-label="Fullscreen (F)"><FullscreenIcon /></button>
      </div>
      {marks2.dialogs}
      {resumedFrom !== null && (
        <div className="note" role="status">
          Resumed at {formatDuration(resumedFrom)}.{' '}
          <button type="button" className="link" onClick={() => { seek(0); setResumedFrom(null); }}>Start over</button>
        </div>
      )}
      {note && <div className="note" role="status">{note}</div>}
      {exporting && details && (
        <ExportDialog onClose={() => { setExporting(false); root.current?.focus(); }}
          target={{ kind: 'one', id, label: details.entry.filename, from: marks.in ?? 0, to: marks.out ?? duration, ...marks2.crop }} />
      )}
      {continuation.gap && (
        <div className="note gap" role="status">
          No recording for {continuation.gap.minutes} min: <button type="button" className="link" onClick={() => continuation.continueNow()}>continue at {clockLabel(continuation.gap.at, caps.timeZone, false)}</button> (Space)
        </div>
      )}
    </div>
  );
}
