// Time zones as settings name them: 'local' (this computer's), 'UTC', or an IANA zone.

import { LOCAL_ZONE } from '../../contract/zone-time.js';

export { LOCAL_ZONE };

/** Whether Intl knows the zone ('local' always counts). */
export function isKnownZone(zone: string): boolean {
  if (zone === LOCAL_ZONE) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The IANA name of this computer's zone. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
