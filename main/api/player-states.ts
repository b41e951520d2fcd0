// Where playback stopped, per file. The desktop's positions are saved in the data dir (a small
// JSON file, written at most every 2 s); LAN viewers' are kept per viewer in memory only, since
// the share writes nothing.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PlayerState } from '../../preload/api.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Positions this close to either end are not worth resuming. */
const EDGE_SEC = 3;
const MAX_PER_VIEWER = 5000;
const MAX_VIEWERS = 1000;

export class PlayerStates {
  private readonly byViewer = new Map<string, Map<string, PlayerState>>();
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | null) {}

  static memory(): PlayerStates {
    return new PlayerStates(null);
  }

  /** Saved for one viewer (the desktop) in `dataDir`. */
  static async persistent(dataDir: string, viewer: string): Promise<PlayerStates> {
    const file = path.join(dataDir, 'player-state.json');
    const s = new PlayerStates(file);
    try {
      const raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, PlayerState>;
      const m = new Map<string, PlayerState>();
      for (const [id, st] of Object.entries(raw)) {
        if (typeof st?.positionSec === 'number' && typeof st.updatedAt === 'number') m.set(id, st);
      }
      s.byViewer.set(viewer, m);
    } catch {
      /* none yet, or unreadable: positions are a convenience, start afresh */
    }
    return s;
  }

  get(viewer: string, id: string): PlayerState | null {
    return this.byViewer.get(viewer)?.get(id) ?? null;
  }

  /** Record a position; `durationSec` lets a finished file forget it (it starts over next time). */
  set(viewer: string, id: string, positionSec: number, durationSec: number | null = null): void {
    let m = this.byViewer.get(viewer);
    if (!m) {
      if (this.byViewer.size >= MAX_VIEWERS) this.byViewer.delete(this.byViewer.keys().next().value as string);
      m = new Map();
      this.byViewer.set(viewer, m);
    }
    m.delete(id);
    const nearEnd = durationSec !== null && positionSec > durationSec - EDGE_SEC;
    if (positionSec >= EDGE_SEC && !nearEnd) {
      m.set(id, { positionSec, updatedAt: Date.now() });
      if (m.size > MAX_PER_VIEWER) m.delete(m.keys().next().value as string);
    }
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => { this.saveTimer = null; void this.save(); }, 2000);
    this.saveTimer.unref();
  }

  async save(): Promise<void> {
    if (!this.file) return;
    if (this.saveTimer) { clearTimeout(this.saveTimer); this.saveTimer = null; }
    const file = this.file;
    const data = JSON.stringify(Object.fromEntries([...this.byViewer.values()][0] ?? []));
    this.saving = this.saving.then(() => writeFileAtomic(file, data)).catch(() => undefined);
    await this.saving;
  }
}
