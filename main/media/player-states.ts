// Where playback stopped, per file and per device. The desktop's positions and the paired
// devices' are kept apart, each in its own file in the data folder (written at most every 2 s),
// so that no LAN viewer can evict or overwrite the desktop's.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PlayerState } from '../../contract/api.js';
import { DESKTOP } from './viewers.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Positions this close to either end are not worth resuming. */
const EDGE_SEC = 3;
const MAX_PER_DEVICE = 5000;
const MAX_DEVICES = 1000;
const DESKTOP_FILE = 'player-state.json';
const DEVICES_FILE = 'player-state-devices.json';

type Positions = Map<string, PlayerState>;

function valid(st: unknown): st is PlayerState {
  return typeof (st as PlayerState | null)?.positionSec === 'number' && typeof (st as PlayerState).updatedAt === 'number';
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return null; // none yet, or unreadable: positions are a convenience, start afresh
  }
}

function positionsOf(raw: unknown): Positions {
  const m: Positions = new Map();
  if (raw && typeof raw === 'object') for (const [id, st] of Object.entries(raw)) if (valid(st)) m.set(id, st);
  return m;
}

export class PlayerStates {
  private desktop: Positions = new Map();
  private readonly devices = new Map<string, Positions>();
  private readonly dirty = new Set<'desktop' | 'devices'>();
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly dir: string | null) {}

  /** Kept in memory only (tests). */
  static memory(): PlayerStates {
    return new PlayerStates(null);
  }

  /** Kept in `dataDir`: the desktop's and the devices' positions, each in its own file. */
  static async persistent(dataDir: string): Promise<PlayerStates> {
    const s = new PlayerStates(dataDir);
    s.desktop = positionsOf(await readJson(path.join(dataDir, DESKTOP_FILE)));
    const devices = await readJson(path.join(dataDir, DEVICES_FILE));
    if (devices && typeof devices === 'object') {
      for (const [device, raw] of Object.entries(devices).slice(-MAX_DEVICES)) s.devices.set(device, positionsOf(raw));
    }
    return s;
  }

  get(device: string, id: string): PlayerState | null {
    return (device === DESKTOP ? this.desktop : this.devices.get(device))?.get(id) ?? null;
  }

  /** Record a position; `durationSec` lets a finished file forget it (it starts over next time). */
  set(device: string, id: string, positionSec: number, durationSec: number | null = null): void {
    let m = device === DESKTOP ? this.desktop : this.devices.get(device);
    if (!m) {
      if (this.devices.size >= MAX_DEVICES) this.devices.delete(this.devices.keys().next().value as string);
      m = new Map();
      this.devices.set(device, m);
    }
    m.delete(id);
    const nearEnd = durationSec !== null && positionSec > durationSec - EDGE_SEC;
    if (positionSec >= EDGE_SEC && !nearEnd) {
      m.set(id, { positionSec, updatedAt: Date.now() });
      if (m.size > MAX_PER_DEVICE) m.delete(m.keys().next().value as string);
    }
    this.dirty.add(device === DESKTOP ? 'desktop' : 'devices');
    this.scheduleSave();
  }

  /** A revoked device's positions go with it. */
  forgetDevice(device: string): void {
    if (device !== DESKTOP && this.devices.delete(device)) {
      this.dirty.add('devices');
      this.scheduleSave();
    }
  }

  private scheduleSave(): void {
    if (!this.dir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => { this.saveTimer = null; void this.save(); }, 2000);
    this.saveTimer.unref();
  }

  async save(): Promise<void> {
    if (this.saveTimer) { clearTimeout(this.saveTimer); this.saveTimer = null; }
    const dir = this.dir;
    if (!dir) return;
    const writes: Array<[string, string]> = [];
    if (this.dirty.has('desktop')) writes.push([DESKTOP_FILE, JSON.stringify(Object.fromEntries(this.desktop))]);
    if (this.dirty.has('devices')) writes.push([DEVICES_FILE, JSON.stringify(Object.fromEntries([...this.devices].map(([d, m]) => [d, Object.fromEntries(m)])))]);
    this.dirty.clear();
    const write = () => Promise.all(writes.map(([f, data]) => writeFileAtomic(path.join(dir, f), data)));
    this.saving = this.saving.then(write).then(() => undefined, () => undefined);
    await this.saving;
  }
}
