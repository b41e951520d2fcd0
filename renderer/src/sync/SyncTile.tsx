// One camera of the sync view: a <video> that plays whichever recording of its lane covers the
// shared moment (the view tells it which, and where). A file the browser plays as it is loads
// directly; anything else is a tile session (its own, scaled to the tile: half a slot).
import { useLayoutEffect, useRef, useState } from 'react';
import type { TimelineSpan } from '../../../contract/api.js';
import { useApi } from '../api-context.js';
import { MsePlayback } from '../player/mse-playback.js';
import { useZoom } from '../zoom/use-zoom.js';
import { ZoomOverview } from '../zoom/ZoomOverview.js';

export type TileStatus = 'empty' | 'loading' | 'busy' | 'error' | 'playing';

/** What the view drives: the element, the recording in it, and how to change it. */
export interface TileHandle {
  readonly video: HTMLVideoElement;
  span: TimelineSpan | null;
  status: TileStatus;
  /** Frames per second of the recording in it, once known. */
  fps: number;
  show(span: TimelineSpan | null, offsetSec: number): void;
  /** Sound from the enlarged tile only. */
  mute(on: boolean): void;
}

export interface SyncTileProps {
  index: number;
  camera: string;
  label: string;
  maxHeight: number;
  enlarged: boolean;
  hidden: boolean;
  /** The next recording's start, for a tile with none now ("joins at 14:45"). */
  joinsAt: string | null;
  onClick(): void;
  register(index: number, handle: TileHandle | null): void;
}

export function SyncTile({ index, camera, label, maxHeight, enlarged, hidden, joinsAt, onClick, register }: SyncTileProps) {
  const { api } = useApi();
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<{ kind: TileStatus; message?: string }>({ kind: 'empty' });
  // Each tile zooms by itself (wheel, pinch, drag; double-click or 0 resets).
  const tileVideo = useRef<HTMLVideoElement | null>(null);
  const zoom = useZoom(host, () => tileVideo.current);

  useLayoutEffect(() => {
    const v = document.createElement('video');
    v.className = 'sync-video';
    v.muted = true;
    v.playsInline = true;
    v.preload = 'auto';
    v.dataset.camera = camera;
    host.current!.prepend(v);
    tileVideo.current = v;
    let mse: MsePlayback | null = null;
    let gen = 0;
    const set = (kind: TileStatus, message?: string) => {
      handle.status = kind;
      setStatus(message ? { kind, message } : { kind });
    };
    const handle: TileHandle = {
      video: v, span: null, status: 'empty', fps: 25,
      mute(on) { v.muted = on; },
      show(span, offsetSec) {
        const my = ++gen;
        mse?.close();
        mse = null;
        handle.span = span;
        if (!span) {
          v.removeAttribute('src');
          v.load();
          delete v.dataset.fileId;
          delete v.dataset.spanStart;
          set('empty');
          return;
        }
        v.dataset.fileId = span.id;
        v.dataset.spanStart = String(span.start);
        set('loading');
        void api.item(span.id).then(async (r) => {
          if (my !== gen) return;
          if (!r.ok || !r.value.plan) { set('error', r.ok ? r.value.probeError ?? 'cannot be played' : r.message); return; }
          const d = r.value;
          handle.fps = d.probe?.video?.fps ?? 25;
          if (d.plan!.mode === 'direct') {
            v.src = api.mediaUrl({ kind: 'file', id: span.id });
            v.currentTime = offsetSec;
            set('playing');
            return;
          }
          const p = new MsePlayback({
            api, video: v, details: d, mode: d.plan!.mode, audio: d.plan!.audioStream, tile: { index, maxHeight },
            onState: (s) => {
              if (my !== gen) return;
              if (s.kind === 'busy') set('busy', s.message);
              else if (s.kind === 'error') set('error', s.message);
              else if (handle.status !== 'playing') set('playing');
            },
          });
          mse = p;
          await p.start(offsetSec);
          if (my === gen && handle.status === 'loading') set('playing');
        });
      },
    };
    register(index, handle);
    return () => {
      gen++;
      mse?.close();
      v.remove();
      register(index, null);
    };
  }, [api, camera, index, maxHeight, register]);

  return (
    <div className={`sync-tile${enlarged ? ' enlarged' : ''}`} ref={host} hidden={hidden} onClick={onClick}
      role="button" tabIndex={-1} aria-label={`${label}: ${enlarged ? 'back to all cameras (Esc)' : 'enlarge'}`} data-tile={index}
      data-zoom={zoom.view.factor} data-zoomed={zoom.view.factor > 1 || undefined}>
      <ZoomOverview view={zoom.view} onReset={zoom.reset} />
      <div className="sync-label">{label}</div>
      {status.kind === 'empty' && <div className="sync-note" role="status">No recording{joinsAt ? ` · joins at ${joinsAt}` : ''}</div>}
      {status.kind === 'loading' && <div className="sync-note"><span className="spinner" /></div>}
      {status.kind === 'busy' && <div className="sync-note" role="status">Waiting for a free conversion slot…</div>}
      {status.kind === 'error' && <div className="sync-note error" role="alert">Cannot play: {status.message}</div>}
    </div>
  );
}
