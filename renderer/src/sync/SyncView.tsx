// The same moment on every chosen camera: one tile per lane, one transport for all. A shared
// clock (sync-clock.ts) is the moment; every 250 ms all tiles are read in one animation frame
// and nudged toward it. A tile waiting for data holds the others; a camera with no recording at
// the moment says so and joins when one starts.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineLane } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { clockLabel, momentLabel } from '../timeline/axis.js';
import { aheadLabel } from '../shared/time-format.js';
import { PauseIcon, PlayIcon } from '../player/icons.js';
import { gapOfAll, isSpan, nextStart, recordingAt } from './lane-spans.js';
import { follow, SyncClock } from './sync-clock.js';
import { nextRate, RATES } from '../player/keys.js';
import { SyncTile, type TileHandle } from './SyncTile.js';
import { ClipMarks, setMark, type Marks } from '../player/ClipMarks.js';
import { ExportDialog, type ExportTarget } from '../export/ExportDialog.js';
import { isTextEntry } from '../shared/text-entry.js';
import { useMenuCommand } from '../menu-commands.js';
import { useSyncActivity } from './use-sync-activity.js';
import { SeekActivity } from '../activity/SeekActivity.js';
import { SkipQuietSwitch } from '../activity/SkipQuietSwitch.js';
import { TOP_RATE } from '../activity/skip-quiet.js';
import { useSyncMarks } from './sync-marks.js';

const HOUR = 3600_000;
/** The lanes' spans are fetched this far around the moment, and again when it nears an edge. */
const WINDOW_MS = 6 * HOUR;
const TICK_MS = 250;

export interface SyncViewProps {
  lanes: string[];
  t: number;
  onBack(): void;
  /** The view Back returns to, as its button names it ("Timeline", "Player"). */
  backTo: string;
  /** The moment changed by the user (a seek, a pause): kept in the URL. */
  onMoment(t: number): void;
}

export function SyncView({ lanes: keyList, t, onBack, backTo, onMoment }: SyncViewProps) {
  // The same lanes arrive as a new array after every change of the URL.
  const keyString = keyList.join(',');
  const keys = useMemo(() => keyString.split(',').filter(Boolean), [keyString]);
  const { api, caps } = useApi();
  const zone = caps.timeZone;
  const clock = useMemo(() => new SyncClock(t), []); // eslint-disable-line react-hooks/exhaustive-deps -- one clock per view
  const [lanes, setLanes] = useState<TimelineLane[] | null>(null);
  const [fetched, setFetched] = useState({ from: t - WINDOW_MS, to: t + WINDOW_MS });
  const [playing, setPlaying] = useState(true);
  const [speed, setSpeed] = useState(1);
  const [now, setNow] = useState(t);
  const [enlarged, setEnlarged] = useState<number | null>(null);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The shared in and out points (epoch ms), I and O; E exports every shown camera.
  const [marks, setMarks] = useState<Marks>({});
  // What the export dialog exports, fixed when it opens (the clock would move it otherwise).
  const [exporting, setExporting] = useState<ExportTarget | null>(null);
  const tiles = useRef(new Map<number, TileHandle>());
  const register = useCallback((i: number, h: TileHandle | null) => { if (h) tiles.current.set(i, h); else tiles.current.delete(i); }, []);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void api.timeline({ from: fetched.from, to: fetched.to, lanes: keys }).then((r) => {
      if (!live) return;
      if (!r.ok) { setError(r.message); return; }
      // In the order the user picked them.
      setLanes(keys.map((k) => r.value.lanes.find((l) => l.key === k)).filter((l): l is TimelineLane => !!l));
    });
    return () => { live = false; };
  }, [api, keys, fetched]);

  // Tiles ask for conversions scaled to their size (half a slot each).
  const cols = Math.ceil(Math.sqrt(Math.max(1, keys.length)));
  const rows = Math.ceil(keys.length / cols);
  // (From the window's height: a tile's size is fixed for its sessions' lifetime.)
  const maxHeight = useMemo(() => {
    const h = (globalThis.innerHeight || 720) / rows;
    return Math.max(144, Math.min(1080, Math.round((h * (globalThis.devicePixelRatio || 1)) / 2) * 2));
  }, [rows]);

  const playingRef = useRef(playing);
  useEffect(() => { playingRef.current = playing; }, [playing]);
  const [seeks, setSeeks] = useState(0);
  // Skip quiet's own moves (back to a burst's lead): not the user's, so not a new start for it.
  const jump = useCallback((ms: number) => { clock.set(ms); setNow(ms); }, [clock]);
  const seekTo = useCallback((ms: number) => {
    clock.set(ms);
    setNow(ms);
    onMoment(ms);
    setSeeks((n) => n + 1);
  }, [clock, onMoment]);

  // The loop: give each tile the recording at the moment, hold while one waits, nudge the rest.
  useEffect(() => {
    if (!lanes) return;
    let raf = 0;
    const tick = (): void => {
      const T = clock.time();
      const held: boolean[] = [];
      lanes.forEach((lane, i) => {
        const h = tiles.current.get(i);
        if (!h) return;
        const want = recordingAt(lane.spans, T, maxHeight);
        if ((want?.id ?? null) !== (h.span?.id ?? null)) h.show(want, want ? Math.max(0, (T - want.start) / 1000) : 0);
        const v = h.video;
        const active = h.span && (h.status === 'playing' || h.status === 'loading');
        held.push(!!active && (h.status === 'loading' || v.readyState < 3 || v.seeking));
      });
      const waiting = held.some(Boolean);
      clock.run(playingRef.current && !waiting);
      const running = clock.playing;
      for (const h of tiles.current.values()) {
        const v = h.video;
        if (!h.span || h.status !== 'playing') continue;
        const tileMs = h.span.start + v.currentTime * 1000;
        if (running) {
          if (v.paused) void v.play().catch(() => undefined);
          const f = follow(tileMs, T, clock.speed);
          if ('seekToMs' in f) { v.currentTime = (f.seekToMs - h.span.start) / 1000; v.playbackRate = Math.min(TOP_RATE, clock.speed); }
          else v.playbackRate = Math.min(TOP_RATE, f.rate); // (Chromium refuses more than 16×)
        } else {
          if (!v.paused) v.pause();
          // Paused or held: line up exactly (a seek, a frame step), once the element may seek.
          if (Math.abs(tileMs - T) > 20 && !v.seeking && v.readyState >= 1) v.currentTime = (T - h.span.start) / 1000;
        }
      }
      setNow(T);
      setStatuses(lanes.map((_, i) => tiles.current.get(i)?.status ?? 'empty'));
      // Near the edge of what is fetched: fetch around the moment again.
      if (T > fetched.to - HOUR || T < fetched.from + HOUR) setFetched({ from: T - WINDOW_MS, to: T + WINDOW_MS });
    };
    const timer = setInterval(() => { cancelAnimationFrame(raf); raf = requestAnimationFrame(tick); }, TICK_MS);
    raf = requestAnimationFrame(tick);
    return () => { clearInterval(timer); cancelAnimationFrame(raf); };
  }, [clock, lanes, maxHeight, fetched]);

  // Audio from the enlarged tile only.
  useEffect(() => {
    for (const [i, h] of tiles.current) h.mute(i !== enlarged);
  }, [enlarged, statuses]);

  // Before the first paint: a key pressed as soon as the view shows must reach it, not the page.
  useLayoutEffect(() => { root.current?.focus(); }, []);

  const span = useMemo(() => {
    let lo = Infinity, hi = -Infinity;
    for (const l of lanes ?? []) for (const s of l.spans) { lo = Math.min(lo, s.start); hi = Math.max(hi, s.end); }
    return lo < hi ? { lo, hi } : { lo: t - HOUR, hi: t + HOUR };
  }, [lanes, t]);

  const setTileRates = useCallback((r: number) => {
    for (const h of tiles.current.values()) if (h.span && h.status === 'playing') h.video.playbackRate = Math.min(TOP_RATE, r);
  }, []);
  const act = useSyncActivity(api, lanes, span, clock, playingRef, speed, jump, seeks, setTileRates);
  const togglePlay = useCallback(() => {
    setPlaying((p) => {
      if (p) onMoment(clock.time());
      return !p;
    });
  }, [clock, onMoment]);
  /** Frame steps by one frame of the slowest camera. */
  const step = (frames: number) => {
    const frameMs = Math.max(...[...tiles.current.values()].map((h) => 1000 / (h.fps || 25)), 1000 / 25);
    setPlaying(false);
    seekTo(clock.time() + frames * frameMs);
  };
  const changeSpeed = (s: number) => { clock.setSpeed(s); setSpeed(s); };

  // The cameras pause under the export dialog: what it exports stays on screen.
  const openExport = () => {
    const T = clock.time();
    setPlaying(false);
    playingRef.current = false;
    clock.run(false);
    onMoment(T);
    const from = marks.in ?? T;
    setExporting({ kind: 'many', lanes: keys, from: Math.round(from), to: Math.round(marks.out ?? Math.min(span.hi, from + 60_000)) });
  };
  // Every camera between recordings: the first one to record again is offered, as the player does.
  const gap = useMemo(() => (lanes ? gapOfAll(lanes.map((l) => l.spans), now) : null), [lanes, now]);
  const continueNow = (): boolean => {
    if (!gap) return false;
    seekTo(gap.at);
    setPlaying(true);
    return true;
  };

  useMenuCommand('export-clip', openExport);
  useMenuCommand('view-sync', () => true); // already here

  const onKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    // A clicked seek bar or button keeps the view's keys; only typing is left alone.
    if (isTextEntry(ev.target as HTMLElement) && ev.key !== 'Escape') return;
    const by = (ms: number) => seekTo(clock.time() + ms);
    const actions: Record<string, () => void> = {
      ' ': () => { if (!continueNow()) togglePlay(); }, k: togglePlay,
      ArrowLeft: () => by(ev.shiftKey ? -10_000 : -5000), ArrowRight: () => by(ev.shiftKey ? 10_000 : 5000),
      j: () => by(-10_000), l: () => by(10_000),
      ',': () => step(-1), '.': () => step(1),
      '[': () => changeSpeed(nextRate(clock.speed, -1)), ']': () => changeSpeed(nextRate(clock.speed, 1)),
      Escape: () => (enlarged !== null ? setEnlarged(null) : onBack()),
      i: () => setMarks((m) => setMark(m, 'in', clock.time())), o: () => setMarks((m) => setMark(m, 'out', clock.time())),
      e: openExport,
      a: () => { const to = act.burst(clock.time(), 1); if (to !== null) seekTo(to); },
      A: () => { const to = act.burst(clock.time(), -1); if (to !== null) seekTo(to); },
    };
    const digit = /^[1-9]$/.test(ev.key) ? Number(ev.key) - 1 : -1;
    const fn = actions[ev.key] ?? (digit >= 0 && digit < keys.length ? () => setEnlarged(digit) : undefined);
    if (!fn) return;
    ev.preventDefault();
    fn();
  };

  const marks2 = useSyncMarks({
    api, caps, shown: enlarged !== null && keys[enlarged] ? [keys[enlarged]] : keys, all: keys, time: () => clock.time(),
    pause: () => { setPlaying(false); playingRef.current = false; clock.run(false); },
  });
  const busy = statuses.filter((s) => s === 'busy').length;
  const canPlay = statuses.length - busy;
  return (
    <div className="sync" ref={root} tabIndex={-1} onKeyDown={onKey} role="region" aria-label="Cameras together">
      <header className="player-head">
        <button type="button" onClick={onBack} aria-label={`Back to the ${backTo.toLowerCase()} (Esc)`}>← {backTo}</button>
        <div className="player-title"><strong className="sync-moment" data-moment={Math.round(now)}>{momentLabel(now, zone, { seconds: true })}</strong>
          <span> · {keys.length} cameras</span>
          {zone !== Intl.DateTimeFormat().resolvedOptions().timeZone && <span className="badge">times in {zone}</span>}
        </div>
      </header>
      {error && <p className="error" role="alert">The cameras could not be loaded: {error}</p>}
      {busy > 0 && (
        <p className="note sync-limit" role="status">
          {canPlay} of {statuses.length} cameras can play at once on this computer; raise the limit in Settings (conversions at once).
        </p>
      )}
      <div className="sync-grid" style={{ gridTemplateColumns: enlarged === null ? `repeat(${cols}, 1fr)` : '1fr' }}>
        {keys.map((k, i) => {
          const lane = lanes?.find((l) => l.key === k);
          const upcoming = lane && !recordingAt(lane.spans, now) ? nextStart(lane.spans.filter(isSpan), now) : null;
          return (
            <SyncTile key={k} index={i} camera={lane?.camera ?? '?'} label={lane ? `${lane.camera} · ${lane.rootLabel}` : 'Camera not found'}
              maxHeight={maxHeight} enlarged={enlarged === i} hidden={enlarged !== null && enlarged !== i}
              joinsAt={upcoming ? aheadLabel(upcoming.start, now, zone) : null}
              onClick={() => setEnlarged((e) => (e === i ? null : i))} register={register} />
          );
        })}
      </div>
      <div className="controls">
        <button type="button" onClick={togglePlay} aria-label={playing ? 'Pause all (Space)' : 'Play all (Space)'}>{playing ? <PauseIcon /> : <PlayIcon />}</button>
        <button type="button" onClick={() => seekTo(clock.time() - 10_000)} aria-label="Back 10 s (Shift+←)">−10</button>
        <button type="button" onClick={() => seekTo(clock.time() - 5000)} aria-label="Back 5 s (←)">−5</button>
        <button type="button" onClick={() => step(-1)} aria-label="Previous frame (,)">‹|</button>
        <button type="button" onClick={() => step(1)} aria-label="Next frame (.)">|›</button>
        <button type="button" onClick={() => seekTo(clock.time() + 5000)} aria-label="Forward 5 s (→)">+5</button>
        <button type="button" onClick={() => seekTo(clock.time() + 10_000)} aria-label="Forward 10 s (Shift+→)">+10</button>
        <span className="time">{clockLabel(now, zone)}</span>
        <div className="seekbar">
          <input type="range" min={span.lo} max={span.hi} step={1000} value={Math.min(span.hi, Math.max(span.lo, now))} aria-label="Seek all cameras"
            onChange={(e) => seekTo(Number(e.target.value))} />
          <ClipMarks duration={span.hi - span.lo} onChange={(m) => setMarks(shift(m, span.lo))} marks={shift(marks, -span.lo)} />
          {act.lanes.length > 0 && <SeekActivity lanes={act.lanes} recorded={act.recorded} from={span.lo} to={span.hi} />}
        </div>
        <button type="button" onClick={openExport} aria-label="Export every camera between the marks (I, O, then E)">Export…</button>
        {marks2.buttons}
        <select aria-label="Speed" value={speed} onChange={(e) => changeSpeed(Number(e.target.value))}>
          {RATES.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select>
        <SkipQuietSwitch on={act.skip} onChange={act.setSkip} fast={act.fast} pending={act.pending} />
      </div>
      {gap && (
        <div className="note gap" role="status">
          No recording for {Math.max(1, Math.round(gap.ms / 60_000))} min: <button type="button" className="link" onClick={() => continueNow()}>continue at {clockLabel(gap.at, zone, false)}</button> (Space)
        </div>
      )}
      {exporting && <ExportDialog onClose={() => setExporting(null)} target={exporting} />}
      {marks2.dialogs}
    </div>
  );
}

/** Marks moved by `by` ms (the seek bar counts from the start of its span). */
function shift(m: Marks, by: number): Marks {
  return { ...(m.in !== undefined ? { in: m.in + by } : {}), ...(m.out !== undefined ? { out: m.out + by } : {}) };
}
