// Whether a root is there. A root that vanishes or reads as empty is offline (an unmounted drive
// leaves its mount point behind), never a reason to delete its entries; it is looked at on an
// interval, and its return is reported once.
import fs from 'node:fs/promises';

export async function rootPresent(root: string): Promise<boolean> {
  try {
    return (await fs.readdir(root)).some((n) => !n.startsWith('.'));
  } catch {
    return false;
  }
}

export class OfflineRoots {
  private readonly offline = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: {
    checkMs: number;
    onOffline(root: string, reason: string): void;
    /** Back: the caller watches it afresh and rescans (only a scan of a present root removes entries). */
    onBack(root: string): Promise<void>;
    onError(err: unknown): void;
  }) {}

  has(root: string): boolean {
    return this.offline.has(root);
  }

  /** Report a root offline once, and look for its return on an interval. */
  mark(root: string, reason: string): void {
    if (this.offline.has(root)) return;
    this.offline.add(root);
    this.opts.onOffline(root, reason);
    this.timer ??= setInterval(() => { this.check().catch((err: unknown) => this.opts.onError(err)); }, this.opts.checkMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    for (const root of [...this.offline]) {
      if (!(await rootPresent(root))) continue;
      this.offline.delete(root);
      await this.opts.onBack(root);
    }
    if (this.offline.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
