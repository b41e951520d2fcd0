// Bookmarks on the player's seek bar: a tick at each, its note as the tooltip; a click seeks there.
import type { Bookmark } from '../../../contract/api.js';
import { ticksOn } from './bookmark-list.js';

export function BookmarkTicks({ list, lane, startedAt, duration, onSeek }: {
  list: readonly Bookmark[]; lane: string; startedAt: number; duration: number; onSeek(sec: number): void;
}) {
  const ticks = ticksOn(list, lane, startedAt, duration);
  if (!ticks.length) return null;
  return (
    <div className="bookmark-ticks">
      {ticks.map((t) => (
        <button key={t.id} type="button" className="bookmark-tick" style={{ left: `${(t.x * 100).toFixed(3)}%` }}
          title={t.note || 'Bookmark'} aria-label={`Bookmark${t.note ? `: ${t.note}` : ''}`} data-bookmark={t.id}
          onClick={(e) => { e.stopPropagation(); onSeek((t.at - startedAt) / 1000); }} />
      ))}
    </div>
  );
}
