// The in and out points of a clip on the seek bar (I and O set them): the stretch between them
// highlighted, each end a handle that can be dragged; frame steps then I or O again fine-tune.
import { useRef, type PointerEvent } from 'react';

export interface Marks {
  in?: number;
  out?: number;
}

/** The marks after pressing I (or O) at time t: an out before the in (or the reverse) is dropped. */
export function setMark(m: Marks, which: 'in' | 'out', t: number): Marks {
  if (which === 'in') return m.out !== undefined && m.out <= t ? { in: t } : { ...m, in: t };
  return m.in !== undefined && m.in >= t ? { out: t } : { ...m, out: t };
}

export function ClipMarks({ marks, duration, onChange }: { marks: Marks; duration: number; onChange(m: Marks): void }) {
  const bar = useRef<HTMLDivElement>(null);
  if (!duration || (marks.in === undefined && marks.out === undefined)) return <div ref={bar} />;
  const pct = (t: number) => `${(t / duration) * 100}%`;
  const from = marks.in ?? 0, to = marks.out ?? duration;
  const drag = (which: 'in' | 'out') => (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    e.stopPropagation();
    const move = (ev: globalThis.PointerEvent) => {
      const r = bar.current!.parentElement!.getBoundingClientRect();
      const t = Math.max(0, Math.min(duration, ((ev.clientX - r.left) / r.width) * duration));
      onChange(setMark(marks, which, t));
    };
    const up = () => { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div ref={bar} className="clip-marks" aria-hidden="true">
      <div className="clip-range" style={{ left: pct(from), width: pct(to - from) }} />
      {marks.in !== undefined && <div className="clip-handle in" style={{ left: pct(marks.in) }} onPointerDown={drag('in')} data-mark="in" />}
      {marks.out !== undefined && <div className="clip-handle out" style={{ left: pct(marks.out) }} onPointerDown={drag('out')} data-mark="out" />}
    </div>
  );
}
