// The small map in a zoomed picture's corner: the whole frame, and where the view is in it.
import { visibleRect, type ZoomView } from './zoom-math.js';

export function ZoomOverview({ view, onReset }: { view: ZoomView; onReset?: () => void }) {
  if (view.factor <= 1) return null;
  const r = visibleRect(view);
  const pct = (n: number): string => `${(n * 100).toFixed(2)}%`;
  return (
    <div className="zoom-overview" aria-label={`Zoomed ${view.factor.toFixed(1)}×: the box shows where`} role="img"
      onDoubleClick={onReset}>
      <div className="zoom-overview-view" style={{ left: pct(r.x), top: pct(r.y), width: pct(r.w), height: pct(r.h) }} />
      <span className="zoom-overview-factor">{view.factor.toFixed(1)}×</span>
    </div>
  );
}
