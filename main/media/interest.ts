// Who asked for work on which files, so that one viewer's `cancel` drops only its own requests:
// a file another viewer still waits for stays queued.

const MAX_IDS = 50_000;

export class Interest {
  private readonly by = new Map<string, Set<string>>();

  add(ids: readonly string[], owner: string): void {
    for (const id of ids) {
      let set = this.by.get(id);
      if (!set) {
        if (this.by.size >= MAX_IDS) this.by.delete(this.by.keys().next().value as string);
        this.by.set(id, (set = new Set()));
      }
      set.add(owner);
    }
  }

  /**
   * `owner` no longer wants `ids`. Returns those nobody else wants: the owner was the last to
   * ask, or nobody asked by name (queued by the background fill).
   */
  drop(ids: readonly string[], owner: string): string[] {
    const free: string[] = [];
    for (const id of ids) {
      const set = this.by.get(id);
      if (set) {
        set.delete(owner);
        if (set.size > 0) continue;
        this.by.delete(id);
      }
      free.push(id);
    }
    return free;
  }

  /** The work on `id` is done (or dropped): nobody waits for it any more. */
  done(id: string): void {
    this.by.delete(id);
  }
}
