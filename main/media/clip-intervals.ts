// An interval on several cameras, resolved to recordings: for each lane, the parts of its
// recordings that fall in the interval (seconds in each file), and the gaps between them.
import type { ClipsRequest, LibraryEntry, MediaProbe } from '../../contract/api.js';
import { parseLaneKey } from '../../contract/lane-key.js';
import { clockLabel, LOCAL_ZONE } from '../../contract/zone-time.js';
import { gapsIn } from '../../contract/timeline-gaps.js';
import { cameraKey } from '../library/sql-index.js';
import type { Library } from '../library/library.js';
import { spansIn } from '../library/timeline-index.js';
import { MediaError } from './media-error.js';
import type { ProbeService } from './probe-service.js';

export interface IntervalPart {
  entry: LibraryEntry;
  probe: MediaProbe;
  /** Seconds on the file's timeline. */
  from: number;
  to: number;
}

export interface CameraInterval {
  camera: string;
  parts: IntervalPart[];
  /** Recordings another Reelvault holds (probed and cut there). */
  remoteParts: Array<Omit<IntervalPart, 'probe'>>;
  /** "14:31:10–14:32:00", in this computer's zone. */
  gaps: string[];
}

export async function intervalParts(
  deps: { library: Library; probes: ProbeService; isRemote?(id: string): boolean }, req: ClipsRequest,
): Promise<CameraInterval[]> {
  const lanes = deps.library.index.timelineLanes();
  const out: CameraInterval[] = [];
  for (const key of req.lanes) {
    const parsed = parseLaneKey(key);
    const root = parsed && deps.library.rootById(parsed.rootId);
    const lane = root && lanes.get(cameraKey(root, parsed.camera));
    if (!parsed || !lane) throw new MediaError('not-found', 'one of the cameras is not in the library');
    const cam: CameraInterval = { camera: parsed.camera, parts: [], remoteParts: [], gaps: [] };
    const spans = spansIn(lane, req.from, req.to, 0);
    let cursor = req.from;
    for (const s of spans) {
      if (!('id' in s) || s.unknownLength || s.end <= cursor) continue; // a marker, or overlapped by the one before (a sub stream)
      const entry = deps.library.get(s.id);
      if (!entry) continue;
      const start = Math.max(s.start, cursor);
      const part = { entry, from: (start - s.start) / 1000, to: (Math.min(s.end, req.to) - s.start) / 1000 };
      if (deps.isRemote?.(s.id)) cam.remoteParts.push(part);
      else cam.parts.push({ ...part, probe: await deps.probes.media(s.id) });
      cursor = Math.min(s.end, req.to);
    }
    cam.gaps = gapsIn(spans, req.from, req.to).map((g) => `${clockLabel(g.start, LOCAL_ZONE)}–${clockLabel(g.end, LOCAL_ZONE)}`);
    out.push(cam);
  }
  return out;
}
