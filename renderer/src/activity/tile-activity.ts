// The grid's activity strips: a preference (shown or not, kept in this browser), and a batcher
// that gathers the visible tiles' asks for 50 ms and sends one `activity` call per batch
// (tile-batches.ts). Answers are kept per file version, so scrolling back costs nothing.
import { useSyncExternalStore } from 'react';
import type { LibraryEntry, ReelvaultApi } from '../../../contract/api.js';
import { laneKey } from '../../../contract/lane-key.js';
import { batchesOf, type TileAsk } from './tile-batches.js';
import { laneActivity, MIN_STEP_MS, type LaneActivity } from './use-activity.js';

const PREF = 'reelvault.tileActivity';
const listeners = new Set<() => void>();
let shown = ((): boolean => { try { return localStorage.getItem(PREF) === '1'; } catch { return false; } })();

export function setTileActivityShown(on: boolean): void {
  shown = on;
  try { localStorage.setItem(PREF, on ? '1' : '0'); } catch { /* this page only */ }
  for (const l of listeners) l();
}

export function useTileActivityShown(): boolean {
  return useSyncExternalStore((cb) => { listeners.add(cb); return () => listeners.delete(cb); }, () => shown);
}

/** A strip is this many columns wide: the step asked is the recording's length over it. */
const COLUMNS = 120;

type Waiter = { ask: TileAsk; resolve(a: LaneActivity | null): void };
let queue: Waiter[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
const cache = new Map<string, LaneActivity | null>();

function flush(api: ReelvaultApi): void {
  timer = null;
  const waiting = queue;
  queue = [];
  for (const b of batchesOf(waiting.map((w) => w.ask))) {
    void api.activity({ lanes: [b.key], from: Math.floor(b.from), to: Math.ceil(b.to), stepMs: b.stepMs }).then((r) => {
      const lane = r.ok ? r.value.lanes[0] : undefined;
      for (const w of waiting) {
        if (w.ask.key !== b.key || w.ask.from < b.from || w.ask.to > b.to) continue;
        w.resolve(lane ? laneActivity(lane, Math.floor(b.from)) : null);
      }
    });
  }
}

export function tileActivity(api: ReelvaultApi, entry: LibraryEntry): Promise<LaneActivity | null> {
  const sec = entry.media?.durationSec ?? 0;
  if (!(sec > 0)) return Promise.resolve(null);
  const version = `${entry.id}:${entry.size}:${entry.mtimeMs}`;
  if (cache.has(version)) return Promise.resolve(cache.get(version)!);
  const ask = {
    key: laneKey(entry.root, entry.camera), from: entry.startedAt, to: entry.startedAt + sec * 1000,
    stepMs: Math.max(MIN_STEP_MS, Math.round((sec * 1000) / COLUMNS)),
  };
  return new Promise((resolve) => {
    queue.push({ ask, resolve: (a) => { if (a && a.pending === 0) cache.set(version, a); resolve(a); } });
    timer ??= setTimeout(() => flush(api), 50);
  });
}
