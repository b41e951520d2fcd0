// Files the system asks us to open: on the command line (Linux, Windows, a second launch) or by
// macOS's open-file event, which can come before the app is ready. Queued until it is.
import fs from 'node:fs';
import path from 'node:path';
import { isVideoName } from '../library/naming.mjs';

/** Video files named on a command line (flags, the executable and the app folder skipped). */
export function videoPathsIn(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') || !isVideoName(a)) continue;
    const p = path.resolve(cwd, a);
    try {
      if (fs.statSync(p).isFile()) out.push(p);
    } catch {
      /* not a file we can open: ignore, as players do */
    }
  }
  return out;
}

export class OpenQueue {
  private pending: string[] = [];
  private handler: ((file: string) => void) | null = null;

  push(...files: string[]): void {
    if (this.handler) for (const f of files) this.handler(f);
    else this.pending.push(...files);
  }

  /** From now on files go straight to `handler`; the queued ones first. */
  drain(handler: (file: string) => void): void {
    this.handler = handler;
    const queued = this.pending;
    this.pending = [];
    for (const f of queued) handler(f);
  }
}
