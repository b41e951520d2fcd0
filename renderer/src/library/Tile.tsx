// One recording in the grid: thumbnail (placeholder until it arrives), name, time, duration,
// badges; hovering scrubs through the sprite sheet under the mouse.
import { fileVersion } from '../../../contract/media-url.js';
import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { codecLabel, formatDuration, formatRecorded, likelyMode, problemOf } from './format.js';
import { thumbSlots } from './load-slots.js';
import { spriteFrameStyle, spriteIndex, type SpriteIndex } from './sprite.js';
import { viewerCaps } from '../viewer-caps.js';
import { TileActivity } from '../activity/TileActivity.js';
import { useTileActivityShown } from '../activity/tile-activity.js';


export interface TileProps {
  api: ReelvaultApi;
  entry: LibraryEntry | undefined;
  index: number;
  selected: boolean;
  offline: string | null;
  onSelect(index: number): void;
  onOpen(entry: LibraryEntry): void;
  /** The pointer entered (true) or left (false) the tile. */
  onHover?(id: string, on: boolean): void;
  /** Right-click: the tile's menu (the desktop's "Show in folder", "Copy path"). */
  onMenu?(entry: LibraryEntry, x: number, y: number): void;
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const Tile = memo(function Tile({ api, entry, index, selected, offline, onSelect, onOpen, onHover, onMenu }: TileProps) {
  const [thumb, setThumb] = useState<'loading' | 'ok' | 'failed'>('loading');
  const [scrub, setScrub] = useState<{ index: SpriteIndex; k: number } | null>(null);
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [slot, setSlot] = useState(false);
  const activity = useTileActivityShown();
  const release = useRef<(() => void) | null>(null);
  const version = entry ? `${entry.id}:${entry.mtimeMs}:${entry.size}` : null;
  const noPicture = !entry || entry.status === 'empty' || entry.status === 'unreadable' || entry.probe === 'failed' || (entry.media !== undefined && !entry.media.videoCodec);
  useEffect(() => {
    setThumb('loading');
    setScrub(null);
    setSlot(false);
    if (!version || noPicture) return;
    release.current = thumbSlots.acquire(() => setSlot(true));
    return () => { release.current?.(); release.current = null; };
  }, [version, noPicture]);
  const loaded = (ok: boolean) => {
    setThumb(ok ? 'ok' : 'failed');
    release.current?.();
    release.current = null;
  };
  useEffect(() => () => { if (hoverTimer.current) clearTimeout(hoverTimer.current); }, []);

  if (!entry) {
    return <div className="tile tile-pending" role="option" aria-selected={selected} aria-label="loading" id={`tile-${index}`} />;
  }
  const problem = problemOf(entry);
  const mode = likelyMode(entry, viewerCaps());
  const duration = formatDuration(entry.media?.durationSec);

  const onMove = (ev: MouseEvent<HTMLDivElement>) => {
    if (!scrub) return;
    const rect = ev.currentTarget.getBoundingClientRect();
    const k = Math.min(scrub.index.times.length - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / rect.width) * scrub.index.times.length)));
    if (k !== scrub.k) setScrub({ ...scrub, k });
  };
  const onEnter = () => {
    // (Not gated on the duration here: this handler can be one render behind a probe that just
    // landed. The sprite index says whether there are frames to scrub through.)
    if (noPicture) return;
    hoverTimer.current = setTimeout(() => {
      void spriteIndex(api, entry.id).then((ix) => { if (ix && ix.times.length > 1) setScrub({ index: ix, k: 0 }); });
    }, 200);
  };
  const onLeave = () => {
    if (hoverTimer.current) clearTimeout(hoverTimer.current);
    setScrub(null);
  };
  const label = `${entry.filename}, ${entry.camera}, ${formatRecorded(entry.recordedAt)}${duration ? `, ${duration}` : ''}${problem ? `, problem: ${problem}` : ''}`;

  return (
    <div
      className={`tile${selected ? ' selected' : ''}${offline ? ' offline' : ''}`}
      role="option"
      id={`tile-${index}`}
      aria-selected={selected}
      aria-label={label}
      title={offline ?? undefined}
      data-id={entry.id}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onOpen(entry)}
      onContextMenu={(e) => { if (onMenu) { e.preventDefault(); onSelect(index); onMenu(entry, e.clientX, e.clientY); } }}
      onMouseEnter={() => { if (!noPicture) onHover?.(entry.id, true); }}
      onMouseLeave={() => onHover?.(entry.id, false)}
    >
      <div className="thumb" onMouseEnter={onEnter} onMouseLeave={onLeave} onMouseMove={onMove}>
        {!noPicture && slot && (
          <img
            src={api.mediaUrl({ kind: 'thumb', id: entry.id, width: 320, version: fileVersion(entry) })}
            alt=""
            decoding="async"
            draggable={false}
            className={thumb === 'ok' ? 'loaded' : ''}
            onLoad={() => loaded(true)}
            onError={() => loaded(false)}
          />
        )}
        {scrub && (
          <div
            className="scrub"
            style={spriteFrameStyle(api, entry.id, scrub.index, scrub.k)}
          >
            <span className="scrub-time">{formatDuration(scrub.index.times[scrub.k])}</span>
          </div>
        )}
        {/* The reason in words on the tile itself, not only in a tooltip. */}
        {(noPicture || thumb === 'failed') && <span className={`no-picture${problem ? ' problem' : ''}`}>{problem ? sentence(problem) : 'No picture'}</span>}
        <div className="badges">
          {entry.status === 'recording' && <span className="badge recording">Recording</span>}
          {offline && <span className="badge offline">Offline</span>}
          {problem && <span className="badge error" title={problem}>Error</span>}
          {entry.media?.videoCodec && <span className="badge codec">{codecLabel(entry.media.videoCodec)}</span>}
          {/* The word the player's badge starts with: a copy is not called a conversion. */}
          {mode && mode !== 'direct' && <span className="badge converted" title={mode === 'remux' ? 'Copied into MP4 to play' : 'Converted to play'}>{mode === 'remux' ? 'Copied' : 'Converted'}</span>}
        </div>
        {duration && <span className="duration">{duration}</span>}
        {activity && !noPicture && <TileActivity api={api} entry={entry} />}
      </div>
      <div className="caption">
        <div className="name" title={entry.relPath}>{entry.filename}</div>
        {/* The time never shrinks (its AM/PM is never cut): a long camera name gives way instead. */}
        <div className="meta"><span className="camera">{entry.camera}</span><span className="sep"> · </span><span className="when">{formatRecorded(entry.recordedAt)}</span></div>
      </div>
    </div>
  );
});
