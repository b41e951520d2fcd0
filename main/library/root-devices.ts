// Which device each library folder was on at its last good scan: a folder that reads as empty,
// or sits on another device now, is an unmounted or swapped drive, never a reason to wipe.
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { RootScan } from './scanner.js';

const ROOTS_FILE = 'roots.json';

export class RootDevices {
  private devs = new Map<string, number>();
  private changed = false;

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    try {
      const devs = JSON.parse(await fs.readFile(path.join(this.dir, ROOTS_FILE), 'utf8')) as Record<string, number>;
      this.devs = new Map(Object.entries(devs).filter(([, d]) => typeof d === 'number'));
    } catch {
      /* first scan, or unreadable: devices are learnt again */
    }
  }

  /**
   * Never a wipe: a root that reads as empty, or is now on another device, while the index
   * holds its files is an unmounted or swapped drive. It is reported offline (its status and
   * reason are set in `roots`) and its entries, thumbnails and positions stay until it is back.
   * Returns the offline roots; remembers the device of the others.
   */
  markOffline(roots: RootScan[], heldPer: ReadonlyMap<string, number>, foundPer: ReadonlyMap<string, number>): Set<string> {
    const offline = new Set<string>();
    for (const r of roots) {
      if (r.status !== 'ok') continue;
      const lastDev = this.devs.get(r.root);
      if (heldPer.get(r.root) && !foundPer.get(r.root)) {
        r.status = 'offline';
        r.reason = `the folder is empty now but held ${heldPer.get(r.root)} recordings (is the drive unmounted?); they are kept until it is back`;
      } else if (heldPer.get(r.root) && lastDev !== undefined && r.dev !== undefined && lastDev !== r.dev) {
        r.status = 'offline';
        r.reason = 'the folder is on another drive than before; its recordings are kept until the usual drive is back';
      }
      if (r.status === 'offline') offline.add(r.root);
      else if (r.dev !== undefined && r.dev !== lastDev) {
        this.devs.set(r.root, r.dev);
        this.changed = true;
      }
    }
    return offline;
  }

  async save(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    await writeFileAtomic(path.join(this.dir, ROOTS_FILE), JSON.stringify(Object.fromEntries(this.devs)));
  }
}
