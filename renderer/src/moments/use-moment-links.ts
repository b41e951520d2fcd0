// `#/at/<lane>/<ms>` (and a moment kept across pairing) opens the player or the sync view there.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReelvaultApi } from '../../../contract/api.js';
import { parseMomentHash } from '../../../contract/moment-link.js';
import { routeOfMoment, takeMomentAfterPairing } from './moment-links.js';

type Opened = { view: 'play'; id: string; t: number } | { view: 'sync'; lanes: string[]; t: number };

/** Calls `open` (which replaces the `#/at/…` entry) for each moment link; answers why one could not open. */
export function useMomentLinks(api: ReelvaultApi, open: (route: Opened) => void): [string | null, () => void] {
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(open);
  useLayoutEffect(() => { latest.current = open; });
  useEffect(() => {
    let live = true;
    const kept = !location.hash || location.hash === '#' || location.hash === '#/' ? takeMomentAfterPairing() : null;
    if (kept) history.replaceState(history.state, '', kept);
    const follow = (): void => {
      const m = parseMomentHash(location.hash);
      if (!m) return;
      void routeOfMoment(api, m).then((r) => {
        if (!live) return;
        if ('error' in r) setError(r.error);
        else { setError(null); latest.current(r); }
      });
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => { live = false; window.removeEventListener('hashchange', follow); };
  }, [api]);
  return [error, () => setError(null)];
}
