// One recording's activity, for the player: its camera's lane over the file's own stretch, in
// seconds of the file (the player's timeline), with what Skip quiet and A / Shift+A need.
import { useMemo } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { laneKey } from '../../../contract/lane-key.js';
import { busyStretches, unknownStretches, type Interval } from './skip-quiet.js';
import { useActivity, type LaneActivity } from './use-activity.js';

export interface FileActivity {
  lane: LaneActivity | null;
  /** For the seek bar's strip: the lane, and the file's stretch as its one recording. */
  lanes: LaneActivity[];
  recorded: Array<Array<{ start: number; end: number }>>;
  /** The file's stretch (epoch ms). */
  from: number;
  to: number;
  /** Bursts, in seconds of the file. */
  events: Interval[];
  /** What Skip quiet plays at the chosen speed, in seconds of the file. */
  busy: Interval[];
}

export function useFileActivity(api: ReelvaultApi, entry: LibraryEntry | undefined, durationSec: number): FileActivity | null {
  const key = entry ? laneKey(entry.root, entry.camera) : '';
  const win = useMemo(() => (entry && durationSec > 0 ? { from: entry.startedAt, to: entry.startedAt + durationSec * 1000 } : null), [entry, durationSec]);
  const keys = useMemo(() => (key ? [key] : []), [key]);
  const data = useActivity(api, keys, win, 1000, 0);
  return useMemo(() => {
    if (!win || !data) return null;
    const lane = data.lanes.get(key) ?? null;
    if (!lane) return null;
    const sec = (t: number) => (t - win.from) / 1000;
    const events = lane.events.map((e) => ({ from: sec(e.from), to: sec(e.to) }));
    const unknown = unknownStretches(lane.levels, lane.from, lane.stepMs, [win]).map((u) => ({ from: sec(u.from), to: sec(u.to) }));
    return {
      lane, lanes: [lane], recorded: [[{ start: win.from, end: win.to }]], from: win.from, to: win.to, events, busy: busyStretches([{ events, unknown }], 1, 2),
    };
  }, [data, key, win]);
}
