// The media queue's background lanes (media-queue.ts): per kind of work, the ids still to do, in
// order, moved to the front by `prioritize`, dropped when nobody wants them any more, and taken
// kind after kind so one kind's long backlog does not starve another.
import { Interest } from './interest.js';

export interface BackgroundWorker {
  /** Runs of this kind at once (default: every slot). */
  concurrency?: number;
  /** Ids handed to one run (default 1). */
  batch?: number;
  /** Runs only when no other kind has work waiting (activity analysis: issue 31, "lowest priority"). */
  lowest?: boolean;
  /** Whether an id still needs this work when its turn comes (probed meanwhile, deleted…). */
  wanted(id: string): boolean;
  run(ids: string[]): Promise<void>;
}

interface Lane {
  worker: BackgroundWorker;
  /** Front first; a Set keeps insertion order and makes moves cheap. */
  ids: Set<string>;
  running: number;
  interest: Interest;
}

export class BackgroundLanes {
  private readonly lanes = new Map<string, Lane>();
  private turn = 0;

  register(kind: string, worker: BackgroundWorker): void {
    if (this.lanes.has(kind)) throw new Error(`${kind} is already registered`);
    this.lanes.set(kind, { worker, ids: new Set(), running: 0, interest: new Interest() });
  }

  /** Who asked for which ids of this kind. */
  interest(kind: string): Interest | undefined {
    return this.lanes.get(kind)?.interest;
  }

  /** Append ids to a kind's lane (ids already there keep their place). */
  fill(kind: string, ids: Iterable<string>): void {
    const lane = this.lanes.get(kind);
    if (lane) for (const id of ids) lane.ids.add(id);
  }

  /** Move ids to the front of every kind's lane. */
  prioritize(ids: readonly string[], owner: string): void {
    for (const lane of this.lanes.values()) {
      lane.interest.add(ids, owner);
      const next = new Set(ids.filter((id) => lane.worker.wanted(id)));
      for (const id of lane.ids) next.add(id);
      lane.ids = next;
    }
  }

  /** `owner` no longer wants ids: per kind, those nobody else wants, now out of its lane. */
  drop(ids: readonly string[], owner: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const [kind, lane] of this.lanes) {
      const drop = new Set(lane.interest.drop(ids, owner));
      for (const id of drop) lane.ids.delete(id);
      out.set(kind, drop);
    }
    return out;
  }

  size(kind: string): number {
    return this.lanes.get(kind)?.ids.size ?? 0;
  }

  empty(): boolean {
    for (const lane of this.lanes.values()) if (lane.ids.size) return false;
    return true;
  }

  clear(): void {
    for (const lane of this.lanes.values()) lane.ids.clear();
  }

  /** The next run: kinds in turn, each within its own concurrency (`slots` by default). */
  next(slots: number): { lane: Lane; ids: string[] } | null {
    const lanes = [...this.lanes.values()];
    const othersWait = lanes.some((l) => !l.worker.lowest && l.ids.size > 0);
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[(this.turn + k) % lanes.length]!;
      if (lane.running >= (lane.worker.concurrency ?? slots)) continue;
      if (lane.worker.lowest && othersWait) continue;
      const ids: string[] = [];
      for (const id of lane.ids) {
        if (ids.length >= (lane.worker.batch ?? 1)) break;
        lane.ids.delete(id);
        lane.interest.done(id);
        if (lane.worker.wanted(id)) ids.push(id);
      }
      if (ids.length === 0) {
        if (lane.ids.size > 0) k--; // only unwanted ids so far: look further in the same lane
        continue;
      }
      this.turn = (this.turn + k + 1) % lanes.length;
      return { lane, ids };
    }
    return null;
  }
}
