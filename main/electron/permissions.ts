// Permission requests from pages: denied, except going fullscreen and writing sanitized text to
// the clipboard ("copy link"), and those only for the app's own origin.
import type { Session } from 'electron';
import { isAppUrl } from './protocol.js';

const ALLOWED = new Set(['fullscreen', 'clipboard-sanitized-write']);

export function permissionAllowed(permission: string, origin: string | undefined): boolean {
  return ALLOWED.has(permission) && origin !== undefined && isAppUrl(origin);
}

export function restrictPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
}
