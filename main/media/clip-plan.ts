// What a clip of one recording is before it is made: its interval checked against the file, the
// keyframe a copy really starts at, its container and default mode. The dialog shows it; the
// exporter and the LAN download both start from it.
import path from 'node:path';
import type { ClipPlan, ClipRequest, LibraryEntry, MediaProbe } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { clipContainer, exactByDefault } from './clip-args.js';
import { openContained, type ContainedFile } from './contained-file.js';
import { keyframeAtOrBefore } from './keyframes.js';
import { MediaError } from './media-error.js';
import type { ProbeService } from './probe-service.js';

/** A LAN download is at most this long: a conversion 30 min, a copy 4 h. */
export const LAN_CLIP_MAX = { exact: 30 * 60, fast: 4 * 3600 } as const;

export interface PlannedClip {
  entry: LibraryEntry;
  probe: MediaProbe;
  plan: ClipPlan;
}

/** Checks the interval (from < to, both inside the file, within the caps) and plans the clip; throws MediaError. */
export async function planClip(
  deps: { library: Library; probes: ProbeService }, req: ClipRequest, opts: { lan: boolean; signal?: AbortSignal },
): Promise<PlannedClip> {
  const entry = deps.library.get(req.id);
  if (!entry) throw new MediaError('not-found', 'no such file in the library');
  const probe = await deps.probes.media(req.id);
  const max = checkInterval(req, probe, opts.lan);
  let realFrom = req.from;
  if (!req.exact && req.from > 0) {
    const opened = await openEntry(deps.library, entry);
    try {
      realFrom = await keyframeAtOrBefore(opened, probe, req.from, opts.signal);
    } finally {
      await opened.close();
    }
  }
  return { entry, probe, plan: { realFrom, container: clipContainer(probe, req.exact), exactDefault: exactByDefault(probe), maxSeconds: max } };
}

/**
 * The interval inside the file and within the caps (a LAN download's, or the file's length):
 * the caps, or a MediaError saying what is wrong.
 */
export function checkInterval(req: ClipRequest, probe: MediaProbe, lan: boolean): ClipPlan['maxSeconds'] {
  const duration = probe.durationSec ?? Infinity;
  if (!Number.isFinite(req.from) || !Number.isFinite(req.to) || req.from < 0 || req.to <= req.from) {
    throw new MediaError('out-of-range', 'the clip must start before it ends, at 0 s or later');
  }
  if (req.to > duration + 0.05) throw new MediaError('out-of-range', `the clip ends after the recording does (${duration.toFixed(1)} s)`);
  const max = lan ? LAN_CLIP_MAX : { exact: duration, fast: duration };
  const cap = req.exact ? max.exact : max.fast;
  if (req.to - req.from > cap + 0.05) {
    throw new MediaError('out-of-range', `a ${req.exact ? 'converted' : 'copied'} clip over the network is at most ${cap / 60} min; export a shorter one`);
  }
  return max;
}

/** The entry's file, opened and checked (contained-file.ts); a vanished file says so. */
export async function openEntry(library: Library, entry: LibraryEntry): Promise<ContainedFile> {
  const file = library.pathOf(entry);
  try {
    return await openContained(entry.root, file);
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError('gone', `the recording ${path.basename(file)} is no longer there`);
  }
}
