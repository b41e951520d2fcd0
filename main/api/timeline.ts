// The `timeline` operation: the index's lanes (library/timeline-index.ts) as a viewer sees them,
// folders by id and label, lanes by their URL-safe key, spans merged to the caller's zoom.
import type { TimelineLane, TimelineQuery, TimelineResult } from '../../contract/api.js';
import { laneKey, parseLaneKey } from '../../contract/lane-key.js';
import { cameraKey } from '../library/sql-index.js';
import type { Library } from '../library/library.js';
import { spansIn } from '../library/timeline-index.js';

/**
 * Past a week, the finest merge a caller gets, whatever it asks: a window's spans per lane stay
 * at most this many (a month of one-minute files is 43,200; a screen shows a few thousand px).
 */
const MAX_SPANS_PER_LANE = 20_000;
const UNMERGED_WINDOW_MS = 7 * 86400_000;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function timelineOf(
  library: Library, labelOf: (root: string) => string, hidden: ReadonlySet<string> | undefined, q: TimelineQuery,
): TimelineResult {
  const floor = q.to - q.from > UNMERGED_WINDOW_MS ? (q.to - q.from) / MAX_SPANS_PER_LANE : 0;
  const minSpanMs = Math.max(q.minSpanMs ?? 0, floor);
  const wanted = new Set<string>();
  const pick = (root: string | undefined, name: string): void => { if (root) wanted.add(cameraKey(root, name)); };
  for (const c of q.cameras ?? []) pick(library.rootById(c.root), c.name);
  const cameraFilter = q.cameras?.length ? new Set(wanted) : null;
  wanted.clear();
  for (const k of q.lanes ?? []) {
    const parsed = parseLaneKey(k);
    if (parsed) pick(library.rootById(parsed.rootId), parsed.camera);
  }
  const laneFilter = q.lanes?.length ? wanted : null;
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const match = words.length ? (e: { relPath: string }) => {
    const hay = e.relPath.toLowerCase();
    return words.every((w) => hay.includes(w));
  } : undefined;

  const lanes: Array<TimelineLane & { sortLabel: string }> = [];
  for (const [key, lane] of library.index.timelineLanes()) {
    if (hidden?.has(lane.root)) continue;
    if (cameraFilter && !cameraFilter.has(key)) continue;
    if (laneFilter && !laneFilter.has(key)) continue;
    const spans = spansIn(lane, q.from, q.to, minSpanMs, match);
    // A text filter leaves out cameras with nothing that matches, as the grid's chips do.
    if (match && !spans.length) continue;
    const rootId = library.rootId(lane.root);
    const rootLabel = labelOf(lane.root);
    lanes.push({
      key: laneKey(rootId, lane.camera), rootId, rootLabel, camera: lane.camera, source: 'local', unreliable: lane.unreliable, spans,
      sortLabel: rootLabel,
    });
  }
  lanes.sort((a, b) => collator.compare(a.sortLabel, b.sortLabel) || collator.compare(a.rootId, b.rootId) || collator.compare(a.camera, b.camera));
  return { from: q.from, to: q.to, lanes: lanes.map(({ sortLabel: _s, ...l }) => l) };
}

