// A SourceBuffer's operations as promises: one at a time (each waits for the one before), its
// errors in words, and an append that makes room when the browser's quota is full.

/** Runs `op` once the buffer is idle; resolves at its updateend (at once when `closed()`). */
export function sourceBufferOp(sb: SourceBuffer, op: () => void, closed: () => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const run = (): void => {
      if (closed()) { resolve(); return; }
      const done = (): void => { sb.removeEventListener('updateend', done); sb.removeEventListener('error', fail); resolve(); };
      const fail = (): void => { sb.removeEventListener('updateend', done); sb.removeEventListener('error', fail); reject(new Error('the browser could not decode this stream')); };
      sb.addEventListener('updateend', done);
      sb.addEventListener('error', fail);
      try {
        op();
      } catch (err) {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', fail);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    if (sb.updating) sb.addEventListener('updateend', run, { once: true });
    else run();
  });
}

/** Appends `chunk`; when the quota is full, drops what was played (up to 5 s before `now()`) and tries once more. */
export async function appendMakingRoom(sb: SourceBuffer, chunk: Uint8Array, now: () => number, closed: () => boolean): Promise<void> {
  const append = (): void => sb.appendBuffer(chunk as Uint8Array<ArrayBuffer>);
  try {
    await sourceBufferOp(sb, append, closed);
  } catch (err) {
    if ((err as DOMException).name !== 'QuotaExceededError') throw err;
    await sourceBufferOp(sb, () => sb.remove(0, Math.max(0, now() - 5)), closed);
    await sourceBufferOp(sb, append, closed);
  }
}
