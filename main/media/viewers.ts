// Who is watching: one registry in the core, keyed by viewer, that the JSON API and the media
// handler both read.
//
// A viewer is `desktop` (the person at this computer) or `<deviceId>:<tabId>[:<slot>]`. The
// device part always comes from the credential that authenticated the request; a request only
// names its tab and slot. So a paired device can reach, replace or end its own sessions and
// nobody else's, and can never pass itself off as the desktop.
import type { ClientCaps } from '../../contract/api.js';
import { DEFAULT_CHROMIUM_CAPS } from '../../contract/codec-caps.js';
import { PlayerStates } from './player-states.js';

export const DESKTOP = 'desktop';

/** Who made a request, as the share (or the app) established it. */
export interface Who {
  /** `desktop`, or the paired device's id (or `token`, `trusted-…` for scripts and the dashboard). */
  device: string;
  /** What the request said of its tab and slot (`viewer` parameter, `X-Reelvault-Viewer` header). */
  tab?: string | null;
  /** The owner on this computer (loopback): may open the desktop's own files, as the app window does. */
  ownerHere?: boolean;
  /** Set by the share's old dashboard routes: such a session replaces nothing. */
  legacy?: boolean;
  /** Another Reelvault, re-sharing to its viewers: held to the transcode limit, not the per-device cap. */
  reshares?: boolean;
  /** The paired device's name (what bookmarks it makes are shown with). */
  label?: string;
}

const PART = /^[A-Za-z0-9_-]{1,64}$/;

/** `tab[:slot]` as a request gives it, checked part by part; anything else is the default tab. */
export function tabOf(given: string | null | undefined): string {
  if (!given) return 'main';
  const parts = given.split(':');
  return parts.length <= 2 && parts.every((p) => PART.test(p)) ? parts.join(':') : 'main';
}

export function viewerKey(who: Who): string {
  return who.device === DESKTOP ? DESKTOP : `${who.device}:${tabOf(who.tab)}`;
}

/** The device a viewer key belongs to. */
export function deviceOf(viewer: string): string {
  return viewer === DESKTOP ? DESKTOP : viewer.split(':')[0]!;
}

const MAX_REMOTE_VIEWERS = 1000;

/**
 * What each viewer said it decodes (codec-caps.ts), and where each device stopped playing.
 * The desktop's are never evicted or overwritten by others.
 */
export class ViewerRegistry {
  private desktopCaps: ClientCaps | null = null;
  private readonly remote = new Map<string, ClientCaps>();

  constructor(readonly positions: PlayerStates = PlayerStates.memory()) {}

  static async open(dataDir: string): Promise<ViewerRegistry> {
    return new ViewerRegistry(await PlayerStates.persistent(dataDir));
  }

  reportCaps(viewer: string, caps: ClientCaps): void {
    if (viewer === DESKTOP) { this.desktopCaps = caps; return; }
    this.remote.delete(viewer);
    if (this.remote.size >= MAX_REMOTE_VIEWERS) this.remote.delete(this.remote.keys().next().value as string);
    this.remote.set(viewer, caps);
  }

  caps(viewer: string): ClientCaps | null {
    return viewer === DESKTOP ? this.desktopCaps : this.remote.get(viewer) ?? null;
  }

  /**
   * What to plan for: what the viewer said it decodes, else a default Chromium (an old client,
   * the dashboard). `item` and the media routes both plan with this, so a session is exactly
   * the plan the viewer was given.
   */
  decodes(viewer: string): ClientCaps {
    return this.caps(viewer) ?? DEFAULT_CHROMIUM_CAPS;
  }
}
