// Every owner action (folders, settings, pairing, revoking, exports), with the device that did it
// and when: appended to `audit.jsonl` in the data folder, one JSON object a line, and the last
// 100 kept in memory for Settings. The file is cut back to its last 1,000 lines as it grows.
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../contract/api.js';
import { logger } from '../util/log.js';

const log = logger('audit');
export const AUDIT_FILE = 'audit.jsonl';
const SHOWN = 100;
const KEPT = 1000;

export class AuditLog {
  private recent: AuditEntry[] = [];
  private lines = 0;

  private constructor(private readonly file: string) {}

  static open(dataDir: string): AuditLog {
    const a = new AuditLog(path.join(dataDir, AUDIT_FILE));
    let text = '';
    try { text = fs.readFileSync(a.file, 'utf8'); } catch { /* none yet */ }
    const lines = text.split('\n').filter(Boolean);
    a.lines = lines.length;
    for (const line of lines.slice(-SHOWN)) {
      try {
        const e = JSON.parse(line) as AuditEntry;
        if (typeof e.at === 'number' && typeof e.action === 'string' && typeof e.device === 'string') a.recent.push(e);
      } catch { /* a torn last line after a crash */ }
    }
    return a;
  }

  record(entry: Omit<AuditEntry, 'at'> & { at?: number }): void {
    const e: AuditEntry = {
      at: entry.at ?? Date.now(), deviceId: entry.deviceId, device: entry.device, action: entry.action,
      ...(entry.detail ? { detail: entry.detail.slice(0, 300) } : {}),
    };
    this.recent.push(e);
    if (this.recent.length > SHOWN) this.recent.splice(0, this.recent.length - SHOWN);
    log.info(`${e.action}${e.detail ? ` (${e.detail})` : ''} by ${e.device}`);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${JSON.stringify(e)}\n`, { mode: 0o600 });
      if (++this.lines > 2 * KEPT) this.trim();
    } catch (err) {
      log.warn(`the audit log could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The last 100, newest first. */
  list(): AuditEntry[] {
    return [...this.recent].reverse();
  }

  private trim(): void {
    const lines = fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean).slice(-KEPT);
    fs.writeFileSync(this.file, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.lines = lines.length;
  }
}
