// The player's part of zoom, bookmarks and links to a moment, in one place so that Player.tsx
// only mounts it: digital zoom of the picture (data-zoom), `B` and the bookmark ticks on the seek
// bar, "Copy link to this moment".
import { useState, type ReactNode, type RefObject } from 'react';
import type { Capabilities, ClipCrop, LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { pictureRect } from '../zoom/zoom-math.js';
import { laneKey } from '../../../contract/lane-key.js';
import { BookmarkPrompt, type BookmarkTarget } from '../bookmarks/BookmarkPrompt.js';
import { BookmarkTicks } from '../bookmarks/BookmarkTicks.js';
import { useBookmarkKey } from '../bookmarks/use-bookmark-key.js';
import { useBookmarks } from '../bookmarks/use-bookmarks.js';
import { copyMomentLink } from '../moments/moment-links.js';
import { clockLabel } from '../shared/time-format.js';
import { useZoom, type Zoom } from '../zoom/use-zoom.js';
import { ZoomOverview } from '../zoom/ZoomOverview.js';

export interface PlayerMarks {
  zoom: Zoom;
  /** What the zoomed view shows (for "only the zoomed area"), or nothing at 1×. */
  crop: { crop: ClipCrop } | Record<string, never>;
  /** On the player's root. */
  rootProps: { 'data-zoom': number };
  /** Inside the stage: the zoom's overview. */
  overview: ReactNode;
  /** Inside the seek bar: the bookmarks' ticks. */
  ticks: ReactNode;
  /** In the controls: Bookmark and Copy link. */
  buttons: ReactNode;
  /** Anywhere: the note prompt when open. */
  dialogs: ReactNode;
}

/** The part of the picture the zoomed view shows (the letterbox's bars left out). */
function shownPart(zoom: Zoom, v: HTMLVideoElement | null): ClipCrop {
  const r = pictureRect(zoom.view, { w: v?.clientWidth ?? 0, h: v?.clientHeight ?? 0 }, { w: v?.videoWidth ?? 0, h: v?.videoHeight ?? 0 });
  const round = (n: number): number => Math.round(n * 1e4) / 1e4;
  return { x: round(r.x), y: round(r.y), w: round(Math.min(r.w, 1 - r.x)), h: round(Math.min(r.h, 1 - r.y)) };
}

export function usePlayerMarks(opts: {
  api: ReelvaultApi; caps: Capabilities; entry: LibraryEntry | undefined; host: RefObject<HTMLDivElement | null>;
  video: () => HTMLVideoElement | null; duration: number; playable: boolean; say(text: string): void; seek(sec: number): void;
}): PlayerMarks {
  const { api, caps, entry, duration, say } = opts;
  const zoom = useZoom(opts.host, opts.video);
  const lane = entry ? laneKey(entry.root, entry.camera) : null;
  const list = useBookmarks(api, lane && entry ? { lanes: [lane], from: entry.startedAt, to: entry.startedAt + duration * 1000 } : null);
  const [asking, setAsking] = useState<BookmarkTarget | null>(null);
  const here = (): BookmarkTarget | null => {
    const v = opts.video();
    return lane && entry && v ? { lanes: [lane], at: Math.round(entry.startedAt + v.currentTime * 1000) } : null;
  };
  const ask = (t: BookmarkTarget): void => { opts.video()?.pause(); setAsking(t); };
  useBookmarkKey(here, ask, opts.playable);
  const copy = (): void => {
    const t = here();
    if (t) void copyMomentLink(caps, t).then(say);
  };
  return {
    zoom,
    crop: zoom.view.factor > 1 ? { crop: shownPart(zoom, opts.video()) } : {},
    rootProps: { 'data-zoom': Math.round(zoom.view.factor * 1000) / 1000 },
    overview: <ZoomOverview view={zoom.view} onReset={zoom.reset} />,
    ticks: lane && entry ? <BookmarkTicks list={list} lane={lane} startedAt={entry.startedAt} duration={duration} onSeek={opts.seek} /> : null,
    buttons: (
      <>
        <button type="button" onClick={() => { const t = here(); if (t) ask(t); }} disabled={!opts.playable || !entry} aria-label="Bookmark this moment (B)">Bookmark</button>
        <button type="button" onClick={copy} disabled={!entry} aria-label="Copy link to this moment">Copy link</button>
      </>
    ),
    dialogs: asking && (
      <BookmarkPrompt api={api} target={asking} label={clockLabel(asking.at, caps.timeZone)} onClose={() => setAsking(null)} onDone={say} />
    ),
  };
}
