// The player's part of activity (issue 31 §2): the file's activity, A / Shift+A to the next or
// previous burst, and Skip quiet driving the element's playbackRate. Kept out of Player.tsx.
import { useCallback, useMemo, useState, type RefObject } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { burstTarget } from '../activity/bursts.js';
import { useFileActivity, type FileActivity } from '../activity/use-file-activity.js';
import { elementClock, useSkipQuiet } from '../activity/use-skip-quiet.js';
import { useSkipPreference } from '../activity/SkipQuietSwitch.js';

export interface PlayerActivity {
  file: FileActivity | null;
  skip: boolean;
  setSkip(on: boolean): void;
  /** Skip quiet is playing a quiet stretch at top speed now. */
  fast: boolean;
  /** Where A (1) or Shift+A (−1) goes from t (s), or null. */
  burst(t: number, dir: 1 | -1): number | null;
  noBurst(dir: 1 | -1): string;
  /** The user moved the position: the schedule starts afresh there. */
  userSeeked(): void;
}

export function usePlayerActivity(
  api: ReelvaultApi, video: RefObject<HTMLVideoElement | null>, entry: LibraryEntry | undefined, durationSec: number, chosen: number, playable: boolean,
): PlayerActivity {
  const file = useFileActivity(api, entry, durationSec);
  const [skip, setSkip] = useSkipPreference();
  const [seekEpoch, setSeekEpoch] = useState(0);
  const clock = useMemo(() => elementClock(() => video.current), [video]);
  const fast = useSkipQuiet(clock, file?.busy ?? null, chosen, skip && playable, seekEpoch, 1000);
  const events = file?.events;
  const burst = useCallback((t: number, dir: 1 | -1) => {
    const to = events ? burstTarget(events, t, dir, 1) : null;
    return to === null ? null : Math.max(0, to);
  }, [events]);
  const userSeeked = useCallback(() => setSeekEpoch((n) => n + 1), []);
  const noBurst = (dir: 1 | -1) => (!file ? 'Activity is not known for this recording yet.'
    : dir === 1 ? 'No more activity in this recording.' : 'No earlier activity in this recording.');
  return { file, skip, setSkip, fast, burst, noBurst, userSeeked };
}
