// A state subscription (root status, scan progress) that starts with the current state: the
// value of `current()` unless an event arrived first. Both transports build theirs with it.
import type { Result, Unsubscribe } from './api.js';

export function startingWithCurrent<T>(subscribe: (cb: (v: T) => void) => Unsubscribe, current: () => Promise<Result<unknown>>) {
  return (cb: (v: T) => void): Unsubscribe => {
    let heard = false;
    let live = true;
    const off = subscribe((v) => { heard = true; cb(v); });
    void current().then((r) => { if (live && !heard && r.ok) cb(r.value as T); });
    return () => { live = false; off(); };
  };
}
