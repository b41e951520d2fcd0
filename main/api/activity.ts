// The `activity` operation (issue 31 §3): each asked lane's recordings in the range, with their
// stored analysis (media/analysis/lane-activity.ts). Recordings whose pixel pass has not run move
// to the front of the background (what the user looks at). Another Reelvault's lanes are asked
// of it, under its own lane keys, and its answer is checked before it is passed on.
import type { ActivityChange, ActivityLane, ActivityQuery, ActivityResult, ActivityTuning, LibraryEntry } from '../../contract/api.js';
import type { CameraTuning } from '../media/analysis/activity-store.js';
import { laneKey, parseLaneKey } from '../../contract/lane-key.js';
import type { Library } from '../library/library.js';
import { splitRemoteRoot } from '../library/sources.js';
import { cameraKey } from '../library/sql-index.js';
import { spanOf } from '../library/timeline-index.js';
import type { ActivityService } from '../media/analysis/activity-service.js';
import { laneActivity, stepFor, type RecordedFile } from '../media/analysis/lane-activity.js';
import type { RemoteSources } from '../remote/remote-sources.js';

/** Files per question moved to the front of the pixel pass: a month's view must not reorder the whole library. */
const WANT_AT_MOST = 200;
/** From this step up, each recording counts as a whole (its peak over the steps it covers). */
const GLANCE_STEP_MS = 60_000;

export function emptyLane(key: string, q: ActivityQuery): ActivityLane {
  const { stepMs, steps } = stepFor(q);
  return { key, stepMs, levels: new Array<null>(steps).fill(null), events: [], pending: 0, source: new Array<'sizes'>(steps).fill('sizes') };
}

export interface ActivityDeps {
  library: Library;
  activity: ActivityService;
  remotes: RemoteSources;
}

export async function activityOf(deps: ActivityDeps, hidden: ReadonlySet<string> | undefined, q: ActivityQuery, viewer: string): Promise<ActivityResult> {
  const { library, activity } = deps;
  const lanes = library.index.timelineLanes();
  const out = new Map<string, ActivityLane>();
  const remote = new Map<string, Array<{ ours: string; theirs: string }>>();
  const want: string[] = [];
  for (const key of new Set(q.lanes)) {
    const parsed = parseLaneKey(key);
    const root = parsed ? library.rootById(parsed.rootId) : undefined;
    if (!parsed || !root || hidden?.has(root)) { out.set(key, emptyLane(key, q)); continue; }
    const theirs = splitRemoteRoot(root);
    if (theirs) {
      if (!remote.has(theirs.key)) remote.set(theirs.key, []);
      remote.get(theirs.key)!.push({ ours: key, theirs: laneKey(theirs.rootId, parsed.camera) });
      continue;
    }
    const lane = lanes.get(cameraKey(root, parsed.camera));
    const rows = (lane?.rows(q.from, q.to) ?? []).flatMap((row) => {
      const e = library.get(row.id);
      return e && e.status === 'ok' ? [{ row, e }] : [];
    });
    // One read for the lane's recordings in the window (a month is tens of thousands). At coarse
    // steps each file is read at a glance (its peak and events), unless a mask needs its cells.
    const tuning = activity.store.tuning(key);
    const versions = rows.map(({ e }) => activity.versionOf(e));
    const glance = stepFor(q).stepMs >= GLANCE_STEP_MS && !tuning.mask;
    const summaries = glance ? activity.store.summaries(versions) : [];
    const stored = glance ? [] : activity.store.readMany(versions);
    const files: RecordedFile[] = rows.map(({ row, e }, k) => {
      const pixels = glance ? summaries[k]?.pixels : stored[k]?.pixels;
      if ((!pixels || pixels === 'none') && want.length < WANT_AT_MOST) want.push(e.id);
      const end = row.end > row.start ? row.end : null;
      return glance ? { start: row.start, end, activity: undefined, summary: summaries[k] } : { start: row.start, end, activity: stored[k] };
    });
    out.set(key, laneActivity(key, q, files, tuning));
  }
  activity.want(want);
  await Promise.all([...remote].map(async ([source, pairs]) => {
    const answer = await deps.remotes.activity(source, { ...q, lanes: pairs.map((p) => p.theirs) }, viewer);
    for (const p of pairs) out.set(p.ours, checkedLane(answer, p.theirs, p.ours, q) ?? emptyLane(p.ours, q));
  }));
  return { lanes: q.lanes.map((k) => out.get(k) ?? emptyLane(k, q)) };
}

const level = (x: unknown): x is number | null => x === null || (typeof x === 'number' && x >= 0 && x <= 1);

/** Another Reelvault's lane, when its answer has the contract's shape and fits the question; else null. */
export function checkedLane(answer: unknown, theirs: string, ours: string, q: ActivityQuery): ActivityLane | null {
  const lanes = (answer as { lanes?: unknown } | null)?.lanes;
  if (!Array.isArray(lanes)) return null;
  const l = lanes.find((x: unknown) => (x as { key?: unknown } | null)?.key === theirs) as Partial<ActivityLane> | undefined;
  if (!l || typeof l.stepMs !== 'number' || !Number.isFinite(l.stepMs) || l.stepMs < stepFor(q).stepMs) return null;
  const steps = Math.ceil((q.to - q.from) / l.stepMs);
  if (!Array.isArray(l.levels) || l.levels.length !== steps || !l.levels.every(level)) return null;
  if (!Array.isArray(l.source) || l.source.length !== steps || !l.source.every((s) => s === 'sizes' || s === 'pixels')) return null;
  if (!Array.isArray(l.events) || l.events.length > steps + 10_000) return null;
  const events = l.events.filter((e) => e && typeof e.from === 'number' && typeof e.to === 'number' && typeof e.peak === 'number' && e.to > e.from)
    .map((e) => ({ from: e.from, to: e.to, peak: Math.max(0, Math.min(1, e.peak)) }));
  const pending = typeof l.pending === 'number' && l.pending >= 0 && l.pending <= 1 ? l.pending : 1;
  return { key: ours, stepMs: l.stepMs, levels: l.levels, events, pending, source: l.source };
}

/** The `activity` event for entries whose analysis landed: their lanes, over the time they cover. */
export function activityChange(library: Library, entries: readonly LibraryEntry[], secondsOf: (e: LibraryEntry) => number = () => 0): ActivityChange {
  const lanes: ActivityChange['lanes'] = [];
  for (const e of entries) {
    const span = spanOf(e);
    if (!span) continue;
    // An unprobed recording's length is what the analysis read of it.
    const seconds = Math.max(1, Math.ceil(e.media?.durationSec ?? 0), secondsOf(e));
    lanes.push({ key: laneKey(library.rootId(e.root), e.camera), from: span.start, to: Math.max(span.end, span.start + seconds * 1000) });
  }
  return { lanes };
}

/** A camera's tuning as the contract carries it (cell indexes rather than a 144-bit number). */
export function tuningView(lane: string, t: CameraTuning): ActivityTuning {
  const maskCells: number[] = [];
  for (let c = 0; c < 144; c++) if ((t.mask >> BigInt(c)) & 1n) maskCells.push(c);
  return { lane, maskCells, sensitivity: t.sensitivity };
}

export function tuningOf(view: ActivityTuning): CameraTuning {
  let mask = 0n;
  for (const c of view.maskCells) mask |= 1n << BigInt(c);
  return { mask, sensitivity: view.sensitivity };
}
