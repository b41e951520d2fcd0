// The cameras that recorded a moment, for "Y" in the player: this camera first, then the others
// in the timeline's order, at most nine (the sync view's limit).
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { laneKey } from '../../../contract/lane-key.js';
import { recordingAt } from './lane-spans.js';

export const MAX_SYNC_CAMERAS = 9;

export async function camerasAt(api: ReelvaultApi, t: number, first: string): Promise<string[]> {
  const r = await api.timeline({ from: t - 1000, to: t + 1000 });
  if (!r.ok) return [first];
  const others = r.value.lanes.filter((l) => l.key !== first && recordingAt(l.spans, t)).map((l) => l.key);
  return [first, ...others].slice(0, MAX_SYNC_CAMERAS);
}

/** Y in the player: every camera at the moment `sec` into `entry`, side by side; or why not, in words. */
export async function openSyncAt(api: ReelvaultApi, entry: LibraryEntry, sec: number, onSync: (lanes: string[], t: number) => void): Promise<string | null> {
  const t = entry.startedAt + sec * 1000;
  const lanes = await camerasAt(api, t, laneKey(entry.root, entry.camera));
  if (lanes.length < 2) return 'No other camera recorded at this moment.';
  onSync(lanes, t);
  return null;
}
