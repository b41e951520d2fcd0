// The window's size and place between runs. A saved place is used only when it still lies on a
// display (a laptop away from its second screen must not open its window off every screen).
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface Bounds { x: number; y: number; width: number; height: number }

const FILE = 'window.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 };
/** At least this much of the title bar must be on a display for a place to count. */
const VISIBLE = 80;

/** What to open the window with: the saved size, and its place when that is on a display. */
export function restorableBounds(saved: Bounds | null, displays: readonly Bounds[]): Partial<Bounds> & { width: number; height: number } {
  if (!saved || !(saved.width >= 320 && saved.height >= 240)) return { ...DEFAULT_SIZE };
  const onScreen = displays.some((d) => {
    const left = Math.max(saved.x, d.x), right = Math.min(saved.x + saved.width, d.x + d.width);
    const top = saved.y;
    return right - left >= VISIBLE && top >= d.y && top < d.y + d.height - 20;
  });
  if (onScreen) return { ...saved };
  const d = displays[0];
  return { width: Math.min(saved.width, d?.width ?? saved.width), height: Math.min(saved.height, d?.height ?? saved.height) };
}

export function loadBounds(dataDir: string): Bounds | null {
  try {
    const b = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as Bounds;
    return [b.x, b.y, b.width, b.height].every(Number.isFinite) ? b : null;
  } catch {
    return null;
  }
}

export function saveBounds(dataDir: string, b: Bounds): Promise<void> {
  return writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(b));
}
