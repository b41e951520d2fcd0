// The cameras that recorded a moment, for "Y" in the player: this camera first, then the others
// in the timeline's order, at most nine (the sync view's limit).
import type { ReelvaultApi } from '../../../contract/api.js';
import { recordingAt } from './lane-spans.js';

export const MAX_SYNC_CAMERAS = 9;

export async function camerasAt(api: ReelvaultApi, t: number, first: string): Promise<string[]> {
  const r = await api.timeline({ from: t - 1000, to: t + 1000 });
  if (!r.ok) return [first];
  const others = r.value.lanes.filter((l) => l.key !== first && recordingAt(l.spans, t)).map((l) => l.key);
  return [first, ...others].slice(0, MAX_SYNC_CAMERAS);
}
