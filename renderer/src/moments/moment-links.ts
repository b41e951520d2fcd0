// Links to a moment, in the page: the link to copy (the share's address in a LAN browser, the
// desktop's reelvault:// scheme in the app), the moment an unpaired browser asked for kept
// across pairing, and `#/at/…` turned into the player or the sync view at that moment.
import type { Capabilities, ReelvaultApi } from '../../../contract/api.js';
import { momentHash, momentUrl, parseMomentHash, type Moment } from '../../../contract/moment-link.js';
import { recordingAt } from '../sync/lane-spans.js';

/** The link for the clipboard. */
export function momentLink(caps: Pick<Capabilities, 'transport'>, m: Moment): string {
  return caps.transport === 'ipc' ? momentUrl(m) : `${location.origin}/${momentHash(m)}`;
}

/** "Copy link to this moment": answers what happened, in words. */
export async function copyMomentLink(caps: Pick<Capabilities, 'transport'>, m: Moment): Promise<string> {
  const link = momentLink(caps, m);
  try {
    await navigator.clipboard.writeText(link);
    return 'Link to this moment copied.';
  } catch {
    return `Copy this link: ${link}`;
  }
}

/** Set by the share's "needs pairing" page when it was opened at a moment; taken once after pairing. */
export const AFTER_PAIRING_KEY = 'reelvault.afterPairing';

/** The moment an unpaired visit asked for (within the hour), taken once. */
export function takeMomentAfterPairing(): string | null {
  try {
    const raw = localStorage.getItem(AFTER_PAIRING_KEY);
    if (!raw) return null;
    localStorage.removeItem(AFTER_PAIRING_KEY);
    const { hash, until } = JSON.parse(raw) as { hash?: unknown; until?: unknown };
    return typeof hash === 'string' && typeof until === 'number' && until > Date.now() && parseMomentHash(hash) ? hash : null;
  } catch {
    return null;
  }
}

export type MomentRoute = { view: 'play'; id: string; t: number } | { view: 'sync'; lanes: string[]; t: number } | { error: string };

/** Where a moment opens: one camera plays its recording at that moment; several play together. */
export async function routeOfMoment(api: ReelvaultApi, m: Moment): Promise<MomentRoute> {
  if (m.lanes.length > 1) return { view: 'sync', lanes: m.lanes, t: m.at };
  const r = await api.timeline({ from: m.at - 60_000, to: m.at + 60_000, lanes: m.lanes });
  if (!r.ok) return { error: r.message };
  const span = recordingAt(r.value.lanes[0]?.spans ?? [], m.at);
  if (!span) return { error: 'That camera has no recording at that moment (it may have been deleted).' };
  return { view: 'play', id: span.id, t: (m.at - span.start) / 1000 };
}
