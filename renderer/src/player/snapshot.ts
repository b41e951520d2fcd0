// S in the player: the frame on screen as a PNG, saved to the Pictures folder by the desktop, or
// downloaded by a LAN browser. Answers what happened, in words.
import type { Capabilities, ReelvaultApi } from '../../../contract/api.js';

export async function takeSnapshot(
  api: ReelvaultApi, caps: Capabilities, v: HTMLVideoElement, id: string, filename: string | undefined,
): Promise<string | null> {
  if (!v.videoWidth) return null;
  const c = document.createElement('canvas');
  c.width = v.videoWidth;
  c.height = v.videoHeight;
  c.getContext('2d')!.drawImage(v, 0, 0);
  const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/png'));
  if (!blob) return null;
  const name = `${filename?.replace(/\.[^.]+$/, '') ?? 'snapshot'}-${v.currentTime.toFixed(1)}s.png`;
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
