// "Activity" above the grid: a thin strip of each recording's activity under its picture.
import { setTileActivityShown, useTileActivityShown } from './tile-activity.js';

export function TileActivityToggle() {
  const on = useTileActivityShown();
  return (
    <label className="field skip-quiet" title="A thin strip under each picture: darker where more happened">
      <input type="checkbox" checked={on} onChange={(e) => setTileActivityShown(e.target.checked)} />
      <span>Activity</span>
    </label>
  );
}
