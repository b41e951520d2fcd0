// At most a few thumbnails load at once. Over the LAN share a browser has only six HTTP/1.1
// connections to the server: with every tile's <img> in flight, queries and the event stream
// would wait behind thumbnails still being made. Tiles that leave the screen leave the queue.
export class LoadSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  /** Calls `start` when a slot is free; the returned function frees it (or leaves the queue). */
  acquire(start: () => void): () => void {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    const go = (): void => { state = 'running'; this.running++; start(); };
    if (this.running < this.max) go();
    else this.waiting.push(go);
    return () => {
      if (state === 'running') {
        this.running--;
        this.waiting.shift()?.();
      } else if (state === 'waiting') {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
      }
      state = 'done';
    };
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

export const thumbSlots = new LoadSlots(4);
