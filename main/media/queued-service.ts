// What a service whose work goes on the media queue (probes, thumbnails) offers its callers,
// whatever that work is.
import type { MediaQueue } from './media-queue.js';

export abstract class QueuedService {
  protected constructor(protected readonly queue: MediaQueue, protected readonly kind: string) {}

  /** Move ids to the front of the background (what `owner`, a viewer, is about to see). */
  prioritize(ids: readonly string[], owner = ''): void {
    this.queue.prioritize(ids, owner);
  }

  /** `owner` no longer wants ids: their queued work goes unless another viewer asked for it. */
  cancel(ids: readonly string[], owner = ''): void {
    this.queue.cancel(ids, owner);
  }

  /** This kind of work not started yet. */
  get pending(): number {
    return this.queue.pending(this.kind);
  }

  /** Resolves when the queue is empty and nothing runs (tests, CLI). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }
}
