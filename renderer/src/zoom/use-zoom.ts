// Digital zoom and pan of one picture (the player's, or a sync tile's): the wheel or a pinch
// zooms up to 8× around the pointer, a drag pans, a double-click or `0` resets. The <video> is
// transformed in place (its box clips it), so playback, seeking and MSE never hear of it.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { isTextEntry } from '../shared/text-entry.js';
import { panBy, transformOf, WHOLE, wheelFactor, zoomAt, type ZoomView } from './zoom-math.js';

/** A press that moves less than this is a click (play, enlarge), not a drag. */
const DRAG_PX = 4;

export interface Zoom {
  view: ZoomView;
  reset(): void;
}

/** The view a zoomed <video> shows (set by useZoom), or the whole picture. */
export function zoomViewOf(v: HTMLVideoElement): ZoomView {
  const [factor, cx, cy] = (v.dataset.zoomView ?? '').split(',').map(Number);
  return factor && factor > 1 && Number.isFinite(cx) && Number.isFinite(cy) ? { factor, cx: cx!, cy: cy! } : WHOLE;
}

export function useZoom(box: RefObject<HTMLElement | null>, video: () => HTMLVideoElement | null): Zoom {
  const [view, setView] = useState<ZoomView>(WHOLE);
  const current = useRef(view);
  const reset = useCallback(() => setView(WHOLE), []);

  useLayoutEffect(() => {
    current.current = view;
    const v = video();
    if (!v) return;
    v.style.transformOrigin = '0 0';
    v.style.transform = transformOf(view);
    // A snapshot of this element takes what is shown (snapshot.ts reads it here).
    if (view.factor > 1) v.dataset.zoomView = `${view.factor},${view.cx},${view.cy}`;
    else delete v.dataset.zoomView;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const at = (x: number, y: number): [number, number] => {
      const r = el.getBoundingClientRect();
      return [(x - r.left) / (r.width || 1), (y - r.top) / (r.height || 1)];
    };
    // The wheel, and a trackpad's pinch (Chromium sends it as a wheel with ctrlKey).
    const onWheel = (e: WheelEvent): void => {
      if (e.deltaY === 0) return;
      e.preventDefault();
      const [px, py] = at(e.clientX, e.clientY);
      setView((v) => zoomAt(v, wheelFactor(e.deltaY, e.deltaMode), px, py));
    };
    // Pointers down: one drags, two pinch.
    const down = new Map<number, { x: number; y: number }>();
    let moved = false;
    let start: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent): void => {
      if (e.button !== 0) return;
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (down.size === 1) { moved = false; start = { x: e.clientX, y: e.clientY }; }
    };
    const onMove = (e: PointerEvent): void => {
      const was = down.get(e.pointerId);
      if (!was) return;
      const r = el.getBoundingClientRect();
      if (down.size >= 2) {
        const [a, b] = [...down.values()];
        const other = a === was ? b! : a!;
        const before = Math.hypot(was.x - other.x, was.y - other.y);
        const after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
        const [px, py] = at((e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
        if (before > 0) setView((v) => zoomAt(v, after / before, px, py));
        moved = true;
      } else if (current.current.factor > 1) {
        if (!moved && start && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_PX) return;
        moved = true;
        const dx = (e.clientX - was.x) / (r.width || 1);
        const dy = (e.clientY - was.y) / (r.height || 1);
        setView((v) => panBy(v, dx, dy));
      }
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    };
    const onUp = (e: PointerEvent): void => { down.delete(e.pointerId); };
    // A drag or a pinch is not a click: the picture's click (play, enlarge) does not hear it.
    const onClick = (e: MouseEvent): void => {
      if (!moved) return;
      moved = false;
      e.stopPropagation();
      e.preventDefault();
    };
    const onDouble = (e: MouseEvent): void => { e.preventDefault(); setView(WHOLE); };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
    el.addEventListener('click', onClick, true);
    el.addEventListener('dblclick', onDouble);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      el.removeEventListener('click', onClick, true);
      el.removeEventListener('dblclick', onDouble);
    };
  }, [box]);

  // `0` resets every picture on screen (each sync tile too), unless a text field has the key.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '0' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTextEntry(e.target as HTMLElement)) return;
      if (current.current.factor === 1) return;
      e.preventDefault();
      setView(WHOLE);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { view, reset };
}
