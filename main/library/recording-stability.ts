// Recordings in progress: recorders write in bursts and network shares cache attributes, so a
// file whose size or mtime is still moving is a recording, and becomes a finished entry by
// itself once it has been still for its root's stability window.

export interface Moving {
  root: string;
  rel: string;
  size: number;
  mtimeMs: number;
  /** When its size or mtime last changed (ms). */
  lastChange: number;
}

export class RecordingStability {
  private readonly moving = new Map<string, Moving>();

  private key(root: string, rel: string): string {
    return `${root}\0${rel}`;
  }

  /** The file was seen at this size and mtime; false if that is what we knew already. */
  note(root: string, rel: string, size: number, mtimeMs: number, now = Date.now()): boolean {
    const prev = this.moving.get(this.key(root, rel));
    if (prev && prev.size === size && prev.mtimeMs === mtimeMs) return false;
    this.moving.set(this.key(root, rel), { root, rel, size, mtimeMs, lastChange: now });
    return true;
  }

  /** The file is finished or gone: stop tracking it. */
  drop(root: string, rel: string): void {
    this.moving.delete(this.key(root, rel));
  }

  /** Drop every file of a root, or of one of its folders (`prefix` ends with a slash). */
  dropUnder(root: string, prefix = ''): void {
    for (const [k, m] of this.moving) if (m.root === root && m.rel.startsWith(prefix)) this.moving.delete(k);
  }

  /** Files that have been still for their window (`windowMs` of their root; undefined: root gone). */
  due(now: number, windowMs: (root: string) => number | undefined): Moving[] {
    const out: Moving[] = [];
    for (const m of this.moving.values()) {
      const w = windowMs(m.root);
      if (w === undefined) { this.drop(m.root, m.rel); continue; }
      if (now - m.lastChange >= w) out.push(m);
    }
    return out;
  }
}
