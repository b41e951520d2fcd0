// S in the player: the frame on screen as a PNG, saved to the Pictures folder by the desktop, or
// downloaded by a LAN browser. Answers what happened, in words.
import type { Capabilities, ReelvaultApi } from '../../../contract/api.js';
import { zoomViewOf } from '../zoom/use-zoom.js';
import { pictureRect, pixelsOf } from '../zoom/zoom-math.js';

/**
 * "cam-a 20261120_143000 1m05.2s.png": the camera, the recording and the position, named as the
 * desktop names the snapshots it saves (desktop-ops.ts), so either kind sorts and reads alike.
 */
export function snapshotName(camera: string | undefined, filename: string | undefined, positionSec: number): string {
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80);
  const stamp = `${Math.floor(positionSec / 60)}m${(positionSec % 60).toFixed(1).padStart(4, '0')}s`;
  const parts = [camera, filename?.replace(/\.[^.]+$/, '') ?? 'snapshot'].filter((p): p is string => !!p).map(safe);
  return `${[...parts, stamp].join(' ')}.png`;
}

export async function takeSnapshot(
  api: ReelvaultApi, caps: Capabilities, v: HTMLVideoElement, id: string, entry: { camera: string; filename: string } | undefined,
): Promise<string | null> {
  if (!v.videoWidth) return null;
  const c = document.createElement('canvas');
  // Zoomed in: the part shown, at the recording's own resolution.
  const shown = pictureRect(zoomViewOf(v), { w: v.clientWidth, h: v.clientHeight }, { w: v.videoWidth, h: v.videoHeight });
  const r = pixelsOf(shown, v.videoWidth, v.videoHeight);
  c.width = r.w;
  c.height = r.h;
  c.getContext('2d')!.drawImage(v, r.x, r.y, r.w, r.h, 0, 0, r.w, r.h);
  const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/png'));
  if (!blob) return null;
  const name = snapshotName(entry?.camera, entry?.filename, v.currentTime);
  if (caps.allowed.saveSnapshot) {
    const r = await api.saveSnapshot({ id, positionSec: v.currentTime, png: new Uint8Array(await blob.arrayBuffer()) });
    return r.ok ? `Snapshot saved to ${r.value.savedTo}` : `Snapshot not saved: ${r.message}`;
  }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return `Snapshot downloaded as ${name}`;
}
