// Links to a moment: `#/at/<lane>/<epoch-ms>` opens the player at that camera and moment,
// `#/at/<lane>,<lane>/<ms>` the sync view. The desktop's `reelvault://at/<lanes>/<ms>` says the
// same to the operating system. Both ends read them here, strictly: anything else is no link.

export interface Moment {
  /** Lane keys (contract/lane-key.ts), 1 to 9. */
  lanes: string[];
  /** Epoch ms. */
  at: number;
}

export const MOMENT_SCHEME = 'reelvault';
const LANE = '[A-Za-z0-9_-]{13,2000}';
const PATH = new RegExp(`^/?at/(${LANE}(?:,${LANE}){0,8})/(\\d{1,15})/?$`);

function momentOfPath(p: string): Moment | null {
  const m = PATH.exec(p);
  if (!m) return null;
  const at = Number(m[2]);
  return Number.isSafeInteger(at) ? { lanes: m[1]!.split(','), at } : null;
}

/** `#/at/…` as a moment, or null. */
export function parseMomentHash(hash: string): Moment | null {
  const h = hash.replace(/^#/, '');
  return h.startsWith('/at/') ? momentOfPath(h.slice(1)) : null;
}

export function momentHash(m: Moment): string {
  return `#/at/${m.lanes.join(',')}/${Math.round(m.at)}`;
}

/** `reelvault://at/…` (as the system hands it over) as a moment, or null. */
export function parseMomentUrl(url: string): Moment | null {
  const prefix = `${MOMENT_SCHEME}://`;
  if (url.length > 20_000 || !url.toLowerCase().startsWith(prefix)) return null;
  return momentOfPath(url.slice(prefix.length).replace(/[?#].*$/, ''));
}

export function momentUrl(m: Moment): string {
  return `${MOMENT_SCHEME}://at/${m.lanes.join(',')}/${Math.round(m.at)}`;
}
