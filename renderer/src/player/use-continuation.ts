// Playback that continues across recordings: the next recording of the same camera is looked up
// as soon as a file's details are known, so when the file ends the player moves to it at once
// (at the overlap, when they overlap). A longer gap is said in words, and Space continues.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ItemDetails, ReelvaultApi } from '../../../contract/api.js';
import { laneKey } from '../../../contract/lane-key.js';
import { continuationOf, type Continuation } from '../sync/lane-spans.js';

/** How far ahead the next recording is looked for. */
const LOOK_AHEAD_MS = 12 * 3600_000;
/** This long before the end, the next recording starts loading (prepare.ts), so the switch is instant. */
const PREPARE_BEFORE_END_SEC = 8;

export interface Gap {
  minutes: number;
  /** When the next recording starts (epoch ms). */
  at: number;
}

export function useContinuation(
  api: ReelvaultApi, details: ItemDetails | null, onContinue: (id: string, offsetSec: number) => void,
  onPrepare?: (id: string, offsetSec: number) => void,
) {
  const next = useRef<Continuation | null>(null);
  const prepared = useRef(false);
  const [gap, setGap] = useState<Gap | null>(null);
  const entry = details?.entry;
  const durationSec = details?.probe?.durationSec ?? entry?.media?.durationSec ?? null;

  useEffect(() => {
    next.current = null;
    prepared.current = false;
    if (!entry || !durationSec || entry.status === 'recording') return;
    let live = true;
    const start = entry.startedAt, end = start + durationSec * 1000;
    const key = laneKey(entry.root, entry.camera);
    void api.timeline({ from: start, to: end + LOOK_AHEAD_MS, lanes: [key] }).then((r) => {
      if (!live || !r.ok) return;
      const lane = r.value.lanes[0];
      // Times guessed from copied files (the lane is unreliable) or not known yet (no probe)
      // cannot say what follows what: N and P still step by name.
      if (!lane || lane.unreliable || entry.recordedAtFrom === 'mtime') return;
      next.current = continuationOf(lane.spans, { id: entry.id, start, end }, entry.recordedAtFrom === 'mtime-duration');
    });
    return () => { live = false; };
  }, [api, entry, durationSec]);

  /** The file ended: play on, or say how long nothing was recorded. */
  const ended = useCallback(() => {
    const c = next.current;
    if (!c) return;
    if (c.contiguous) onContinue(c.next.id, c.offsetSec);
    else setGap({ minutes: Math.max(1, Math.round(c.gapMs / 60_000)), at: c.next.start });
  }, [onContinue]);

  /** Playback reached `t`: near the end, the next recording is prepared. */
  const progress = useCallback((t: number) => {
    const c = next.current;
    if (!c?.contiguous || prepared.current || !durationSec || durationSec - t > PREPARE_BEFORE_END_SEC) return;
    prepared.current = true;
    onPrepare?.(c.next.id, c.offsetSec);
  }, [durationSec, onPrepare]);

  /** Space after a gap: on to the next recording. */
  const continueNow = useCallback((): boolean => {
    const c = next.current;
    if (!gap || !c) return false;
    onContinue(c.next.id, 0);
    return true;
  }, [gap, onContinue]);

  return { gap, ended, continueNow, progress };
}
