// Every camera's recordings in time, one lane each, gaps and all: zoom from a month to a minute
// (wheel, pinch, +/−), pan by dragging or with the arrows, hover for the frame at that moment,
// click to play it there. Lanes ticked together (2 to 9) play side by side at the chosen moment.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { useMenuCommand } from '../menu-commands.js';
import type { CameraRef, RootStatus, TimelineLane } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { frameAt, spriteFrameStyle, spriteIndex, type SpriteIndex } from '../library/sprite.js';
import { isSpan, recordingAt } from '../sync/lane-spans.js';
import { axisTicks, clockLabel, momentLabel } from './axis.js';
import { AXIS_H, drawTimeline, LANE_H, layoutRows, type Row } from './timeline-draw.js';
import { CopyMomentButton, TimelineBookmarks } from './timeline-marks.js';
import { useTimeline } from './use-timeline.js';
import { ExportDialog } from '../export/ExportDialog.js';
import { isTextEntry } from '../shared/text-entry.js';
import { ActivityStrips } from './ActivityStrips.js';

const MIN_SPAN = 60_000;
const MAX_SPAN = 31 * 86400_000;
const MAX_SYNC = 9;

export interface TimelineViewProps {
  from?: number;
  to?: number;
  checked: string[];
  filters: { cameras: CameraRef[]; text: string };
  roots: RootStatus[];
  onWindow(from: number, to: number): void;
  onChecked(lanes: string[]): void;
  onPlay(id: string, offsetSec: number): void;
  onSync(lanes: string[], t: number): void;
}

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function TimelineView(p: TimelineViewProps) {
  const { api, caps } = useApi();
  const zone = caps.timeZone;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [win, setWin] = useState(() => (p.from !== undefined && p.to !== undefined
    ? { from: p.from, to: p.to }
    : { from: Date.now() - 20 * 3600_000, to: Date.now() + 4 * 3600_000 }));
  const [moment, setMoment] = useState<number | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [hover, setHover] = useState<{ x: number; y: number; t: number; lane: TimelineLane | null } | null>(null);
  const { data, error } = useTimeline(api, win, width, p.filters);

  // No window in the link: the day of the newest recording.
  useEffect(() => {
    if (p.from !== undefined) return;
    void api.query({ sort: 'recorded-desc', limit: 1, facets: false }).then((r) => {
      const e = r.ok ? r.value.items[0] : undefined;
      if (e) setWin({ from: e.startedAt - 20 * 3600_000, to: e.startedAt + 4 * 3600_000 });
    });
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps -- once, when opened without a window

  // The window goes to the URL once it settles (a fling is not a hundred history entries).
  const { onWindow } = p;
  useEffect(() => {
    const t = setTimeout(() => onWindow(win.from, win.to), 300);
    return () => clearTimeout(t);
  }, [win, onWindow]);

  useLayoutEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const offline = useMemo(() => new Map(p.roots.filter((r) => r.state !== 'ok' && r.state !== 'scanning').map((r) => [r.root, r.reason ?? r.state])), [p.roots]);
  const rows = useMemo(() => layoutRows(data?.lanes ?? [], offline), [data, offline]);
  const height = rows.length ? rows[rows.length - 1]!.y + LANE_H : AXIS_H + LANE_H;
  const ticks = useMemo(() => axisTicks(win.from, win.to, width, zone), [win, width, zone]);

  // Drawn in the next animation frame after anything changes.
  useEffect(() => {
    const c = canvas.current!;
    const dpr = globalThis.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    const raf = requestAnimationFrame(() => {
      const ctx = c.getContext('2d')!;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawTimeline(ctx, {
        width, height, from: win.from, to: win.to, rows, ticks, now: Date.now(), moment, range, hover: hover ? { x: hover.x } : null,
        colors: {
          span: css('--accent', '#2f6fde'), live: css('--rec', '#d62839'), hatch: css('--accent', '#2f6fde'), axis: css('--muted', '#999'),
          grid: css('--line', '#ddd'), text: css('--fg', '#222'), now: '#e11d48', moment: '#f59e0b', offline: 'rgba(128,128,128,.25)',
        },
      });
    });
    return () => cancelAnimationFrame(raf);
  }, [width, height, win, rows, ticks, moment, range, hover]);

  const tAt = useCallback((x: number) => win.from + (x / width) * (win.to - win.from), [win, width]);
  const rowAt = (y: number): Row | undefined => rows.find((r) => y >= r.y && y < r.y + (r.kind === 'lane' ? LANE_H : 24));
  const zoom = useCallback((factor: number, atX: number) => {
    setWin((w) => {
      const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (w.to - w.from) * factor));
      const anchor = w.from + (atX / width) * (w.to - w.from);
      const from = anchor - (atX / width) * span;
      return { from, to: from + span };
    });
  }, [width]);
  const pan = useCallback((fraction: number) => setWin((w) => ({ from: w.from + (w.to - w.from) * fraction, to: w.to + (w.to - w.from) * fraction })), []);

  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY) && !e.ctrlKey) pan(e.deltaX / width);
    else zoom(Math.exp(e.deltaY * (e.ctrlKey ? 0.01 : 0.002)), x);
  };
  useEffect(() => {
    // React's wheel listener is passive; the page must not scroll while the timeline zooms.
    const c = canvas.current!;
    const stop = (e: globalThis.WheelEvent) => e.preventDefault();
    c.addEventListener('wheel', stop, { passive: false });
    return () => c.removeEventListener('wheel', stop);
  }, []);

  const drag = useRef<{ x: number; from: number; to: number; moved: boolean; select: boolean } | null>(null);
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    // Shift-drag chooses a stretch of time to export; a plain drag pans.
    drag.current = { x: e.clientX, ...win, moved: false, select: e.shiftKey };
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const d = drag.current;
    if (d?.select && Math.abs(e.clientX - d.x) > 3) {
      d.moved = true;
      const a = tAt(d.x - r.left), b = tAt(x);
      setRange({ from: Math.min(a, b), to: Math.max(a, b) });
      return;
    }
    if (d && Math.abs(e.clientX - d.x) > 3) {
      d.moved = true;
      const shift = ((e.clientX - d.x) / width) * (d.to - d.from);
      setWin({ from: d.from - shift, to: d.to - shift });
      setHover(null);
      return;
    }
    const row = rowAt(y);
    setHover({ x, y, t: tAt(x), lane: row?.kind === 'lane' ? row.lane : null });
  };
  const onUp = async (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const t = tAt(x);
    if (y < AXIS_H) { setMoment(t); return; }
    const row = rowAt(y);
    if (row?.kind !== 'lane') return;
    setMoment(t);
    // At a coarse zoom the spans are merged: ask for that moment's recordings one by one.
    let span = recordingAt(row.lane.spans, t);
    if (!span) {
      const slack = (2 * (win.to - win.from)) / width;
      const near = await api.timeline({ from: t - slack, to: t + slack, lanes: [row.lane.key] });
      span = near.ok ? recordingAt(near.value.lanes[0]?.spans ?? [], t) : null;
    }
    // The window goes to the URL now, so Back from the player returns to this zoom.
    if (span) { p.onWindow(win.from, win.to); p.onPlay(span.id, Math.max(0, (t - span.start) / 1000)); }
  };

  // The keys work from anywhere in the view, without a click first (a ticked camera, the Timeline
  // button just pressed): only typing and dialogs keep them (dialogs stop their own keys).
  useEffect(() => {
    const keys: Record<string, () => void> = {
      '+': () => zoom(1 / 1.5, width / 2), '=': () => zoom(1 / 1.5, width / 2), '-': () => zoom(1.5, width / 2),
      ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2),
    };
    const on = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextEntry(e.target as HTMLElement)) return;
      const fn = keys[e.key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [zoom, pan, width]);

  // The frame at the hovered moment, from the sprite sheet of the recording there.
  const hoverSpan = hover?.lane ? recordingAt(hover.lane.spans, hover.t) : null;
  const [sprite, setSprite] = useState<{ id: string; s: SpriteIndex | null } | null>(null);
  useEffect(() => {
    if (!hoverSpan || sprite?.id === hoverSpan.id) return;
    let live = true;
    const id = hoverSpan.id;
    void spriteIndex(api, id).then((s) => { if (live) setSprite({ id, s }); });
    return () => { live = false; };
  }, [api, hoverSpan, sprite]);

  const checked = new Set(p.checked);
  const exportLanes = p.checked.length ? p.checked : (data?.lanes ?? []).slice(0, MAX_SYNC).map((l) => l.key);
  const toggle = (key: string) => p.onChecked(checked.has(key) ? p.checked.filter((k) => k !== key) : [...p.checked, key].slice(-MAX_SYNC));
  const syncAt = moment ?? (win.from + win.to) / 2;
  // The menu's Export clip… and Sync act on what is chosen here, as the buttons do.
  useMenuCommand('export-clip', () => (range && exportLanes.length ? setExporting(true) : false));
  const playTogether = () => { p.onWindow(win.from, win.to); p.onSync(p.checked, syncAt); };
  useMenuCommand('view-sync', () => (p.checked.length >= 2 ? playTogether() : false));
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="timeline" tabIndex={-1} role="region" aria-label="Timeline">
      <div className="timeline-bar">
        <button type="button" onClick={() => zoom(1.5, width / 2)} aria-label="Zoom out (−)">−</button>
        <button type="button" onClick={() => zoom(1 / 1.5, width / 2)} aria-label="Zoom in (+)">+</button>
        <button type="button" onClick={() => setWin((w) => { const s = w.to - w.from; const n = Date.now(); return { from: n - s * 0.8, to: n + s * 0.2 }; })}>Now</button>
        <span className="timeline-range">{momentLabel(win.from, zone)} – {momentLabel(win.to, zone)}</span>
        {zone !== viewerZone && <span className="badge" title="The computer that holds the library is in another time zone than this one">times in {zone}</span>}
        <span className="spacer" />
        <span className="timeline-moment">{moment !== null ? `Moment: ${momentLabel(moment, zone, { seconds: true })}` : 'Click the time axis to choose a moment'}</span>
        <CopyMomentButton caps={caps} lanes={p.checked} at={moment} />
        <button type="button" disabled={!range || !exportLanes.length} onClick={() => setExporting(true)}
          title="Shift-drag across the lanes to choose a stretch of time; the ticked cameras (or every camera shown) are exported">
          Export…
        </button>
        <button type="button" className="primary" disabled={p.checked.length < 2} onClick={playTogether}
          title="Tick 2 to 9 cameras, choose a moment on the time axis, and play them side by side">
          Play {p.checked.length >= 2 ? `${p.checked.length} cameras` : 'cameras'} together
        </button>
      </div>
      {error && <p className="error" role="alert">The timeline could not be loaded: {error}</p>}
      <ol className="visually-hidden" aria-label="Days shown">
        {ticks.filter((k) => k.major).map((k) => <li key={k.t} data-t={k.t}>{k.label}</li>)}
      </ol>
      <div className="timeline-body">
        <ul className="timeline-labels" style={{ height }}>
          {rows.map((r) => r.kind === 'group'
            ? <li key={`g${r.y}`} className="timeline-group" style={{ top: r.y }}>{r.label}</li>
            : (
              <li key={r.lane.key} className={`timeline-lane${r.offline ? ' offline' : ''}`} style={{ top: r.y }} data-lane={r.lane.key}
                data-spans={r.lane.spans.length} title={r.offline ? `Offline: ${r.offline}` : r.lane.unreliable ? 'Start times are guessed from copied files: drawn hatched' : undefined}>
                <label>
                  <input type="checkbox" checked={checked.has(r.lane.key)} onChange={() => toggle(r.lane.key)} aria-label={`Play ${r.lane.camera} together with others`} />
                  {r.lane.camera}
                </label>
                {r.offline && <span className="lane-reason">{r.offline}</span>}
                <ol className="visually-hidden" aria-label={`${r.lane.camera}: recordings`}>
                  {r.lane.spans.slice(0, 100).map((s) => (
                    <li key={s.start} data-start={s.start} data-end={s.end} {...(isSpan(s) ? { 'data-file-id': s.id } : { 'data-count': s.count })}>
                      {clockLabel(s.start, zone, false)}–{clockLabel(s.end, zone, false)}{isSpan(s) ? '' : ` (${s.count} recordings)`}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
        </ul>
        <ActivityStrips rows={rows} win={win} width={width} />
        <div className="timeline-canvas" ref={box}>
          <canvas ref={canvas} style={{ width, height }} onWheel={onWheel} onPointerDown={onDown} onPointerMove={onMove}
            onPointerUp={(e) => void onUp(e)} onPointerLeave={() => setHover(null)} data-from={Math.round(win.from)} data-to={Math.round(win.to)} />
          <TimelineBookmarks api={api} rows={rows} from={win.from} to={win.to} width={width} />
          {hover && hover.y >= AXIS_H && (
            <div className="timeline-hover" style={{ left: Math.min(hover.x + 12, width - 180), top: hover.y + 12 }}>
              {hoverSpan && sprite?.id === hoverSpan.id && sprite.s && (
                <div className="seek-sprite" style={spriteFrameStyle(api, hoverSpan.id, sprite.s, frameAt(sprite.s, (hover.t - hoverSpan.start) / 1000))} />
              )}
              <span>{hover.lane?.camera} · {clockLabel(hover.t, zone)}</span>
            </div>
          )}
        </div>
      </div>
      {data && data.lanes.length === 0 && <p className="empty" role="status">No recordings match the filters.</p>}
      {exporting && range && (
        <ExportDialog target={{ kind: 'many', lanes: exportLanes, from: Math.round(range.from), to: Math.round(range.to) }} onClose={() => setExporting(false)} />
      )}
    </div>
  );
}
