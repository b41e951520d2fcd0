import { setMaxListeners } from 'node:events';

/** A controller whose signal every job of a long-lived service listens to: no listener cap warning. */
export function longLivedController(): AbortController {
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  return ac;
}
