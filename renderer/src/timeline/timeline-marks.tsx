// The timeline's part of bookmarks and links to a moment: each bookmark drawn as a mark on its
// lane (its note as the tooltip), and "Copy link to this moment" for the ticked cameras at the
// chosen moment.
import { useState } from 'react';
import type { Capabilities, ReelvaultApi } from '../../../contract/api.js';
import { useBookmarks } from '../bookmarks/use-bookmarks.js';
import { copyMomentLink } from '../moments/moment-links.js';
import { LANE_H, type Row } from './timeline-draw.js';

export function TimelineBookmarks({ api, rows, from, to, width }: { api: ReelvaultApi; rows: readonly Row[]; from: number; to: number; width: number }) {
  const lanes = rows.flatMap((r) => (r.kind === 'lane' ? [r] : []));
  // Fetched for the window shown, rounded so a pan of a few pixels does not ask again.
  const step = Math.max(60_000, (to - from) / 8);
  const q = { lanes: lanes.map((r) => r.lane.key), from: Math.floor(from / step) * step, to: Math.ceil(to / step) * step };
  const list = useBookmarks(api, lanes.length ? q : null);
  const yOf = new Map(lanes.map((r) => [r.lane.key, r.y]));
  return (
    <>
      {list.map((b) => {
        const y = yOf.get(b.lane);
        if (y === undefined || b.at < from || b.at > to) return null;
        return <div key={b.id} className="lane-bookmark" data-bookmark={b.id} title={b.note || 'Bookmark'}
          style={{ left: ((b.at - from) / (to - from)) * width, top: y, height: LANE_H }} />;
      })}
    </>
  );
}

export function CopyMomentButton({ caps, lanes, at }: { caps: Capabilities; lanes: string[]; at: number | null }) {
  const [said, setSaid] = useState<string | null>(null);
  const usable = lanes.slice(0, 9);
  return (
    <button type="button" disabled={!usable.length || at === null} title={said ?? 'Tick cameras and choose a moment on the time axis'}
      aria-label="Copy link to this moment" onClick={() => { if (at !== null) void copyMomentLink(caps, { lanes: usable, at: Math.round(at) }).then(setSaid); }}>
      Copy link
    </button>
  );
}
