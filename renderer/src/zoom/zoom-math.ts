// Digital zoom of a picture: a factor from 1 to 8 and the view's centre, in fractions of the
// picture (0..1). Pure: the hook turns wheel, pinch and drag into these calls.

export const MAX_ZOOM = 8;

export interface ZoomView {
  /** 1 (whole picture) to MAX_ZOOM. */
  factor: number;
  /** The centre of what is shown, as fractions of the picture's width and height. */
  cx: number;
  cy: number;
}

export const WHOLE: ZoomView = { factor: 1, cx: 0.5, cy: 0.5 };

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The centre kept so that the view never leaves the picture. */
function contained(v: ZoomView): ZoomView {
  const half = 0.5 / v.factor;
  return { factor: v.factor, cx: clamp(v.cx, half, 1 - half), cy: clamp(v.cy, half, 1 - half) };
}

/** What is shown: left, top, width, height as fractions of the picture. */
export function visibleRect(v: ZoomView): { x: number; y: number; w: number; h: number } {
  const w = 1 / v.factor;
  return { x: v.cx - w / 2, y: v.cy - w / 2, w, h: w };
}

/**
 * Zoom by `by` (2 doubles) keeping the point under the pointer where it is: (px, py) is the
 * pointer's place in the element, as fractions of it.
 */
export function zoomAt(v: ZoomView, by: number, px: number, py: number): ZoomView {
  const factor = clamp(v.factor * by, 1, MAX_ZOOM);
  if (factor === 1) return WHOLE;
  const r = visibleRect(v);
  // The picture point under the pointer stays under it.
  const ux = r.x + px * r.w;
  const uy = r.y + py * r.h;
  const w = 1 / factor;
  return contained({ factor, cx: ux - px * w + w / 2, cy: uy - py * w + w / 2 });
}

/** A drag by (dx, dy) fractions of the element moves the picture with the pointer. */
export function panBy(v: ZoomView, dx: number, dy: number): ZoomView {
  if (v.factor === 1) return v;
  return contained({ factor: v.factor, cx: v.cx - dx / v.factor, cy: v.cy - dy / v.factor });
}

/** The CSS transform that shows the view on an element filling its box (origin at its top left). */
export function transformOf(v: ZoomView): string {
  if (v.factor === 1) return '';
  const r = visibleRect(v);
  return `translate(${(-r.x * v.factor * 100).toFixed(4)}%, ${(-r.y * v.factor * 100).toFixed(4)}%) scale(${v.factor})`;
}

/** The wheel's delta as a zoom step: a notch (100 px) is ×1.25; trackpads give finer steps. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(1.25, -clamp(px, -300, 300) / 100);
}

/**
 * The crop of a W×H picture that the view shows, in whole even pixels (what ffmpeg's crop and a
 * snapshot take): the whole picture at 1×.
 */
export function cropOf(v: ZoomView, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const r = visibleRect(v);
  const even = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);
  const w = even(r.w * width);
  const h = even(r.h * height);
  return { x: clamp(Math.round(r.x * width), 0, width - w), y: clamp(Math.round(r.y * height), 0, height - h), w, h };
}

/**
 * What the view shows of the picture itself, as fractions of the picture: the element letterboxes
 * a picture of another shape (object-fit: contain), so its bars are cut off.
 */
export function pictureRect(v: ZoomView, box: { w: number; h: number }, picture: { w: number; h: number }): { x: number; y: number; w: number; h: number } {
  const r = visibleRect(v);
  if (!(box.w > 0 && box.h > 0 && picture.w > 0 && picture.h > 0)) return r;
  const s = Math.min(box.w / picture.w, box.h / picture.h);
  const pw = (picture.w * s) / box.w;
  const ph = (picture.h * s) / box.h;
  const ox = (1 - pw) / 2;
  const oy = (1 - ph) / 2;
  const x0 = clamp((r.x - ox) / pw, 0, 1), x1 = clamp((r.x + r.w - ox) / pw, 0, 1);
  const y0 = clamp((r.y - oy) / ph, 0, 1), y1 = clamp((r.y + r.h - oy) / ph, 0, 1);
  return { x: x0, y: y0, w: Math.max(0.01, x1 - x0), h: Math.max(0.01, y1 - y0) };
}

/** A rect in fractions of a W×H picture, in whole even pixels inside it. */
export function pixelsOf(r: { x: number; y: number; w: number; h: number }, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const even = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);
  const w = Math.min(even(r.w * width), width);
  const h = Math.min(even(r.h * height), height);
  return { x: clamp(Math.round(r.x * width), 0, width - w), y: clamp(Math.round(r.y * height), 0, height - h), w, h };
}
