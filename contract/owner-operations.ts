// Which of the desktop's operations the owner's device may call over the share. The rest need the
// person at the app's window (a native folder picker, the file manager, a dropped file) and stay
// `unavailable` over HTTP for everyone; every operation here answers 403 `forbidden` to a viewer.
import type { ConnectionRole, DesktopOperation } from './api.js';
import { DESKTOP_OPERATIONS } from './operations.js';

export const OWNER_OPERATIONS = [
  'updateSettings', 'removeRoot', 'browseFolders', 'addRoot',
  'shareInfo', 'regenerateToken', 'pairDevice', 'revokeDevice', 'revokeAllDevices',
  'addRemote', 'remotes', 'removeRemote',
  'exportClip', 'exportClips', 'exports', 'cancelExport',
  'saveSnapshot', 'filePath', 'takeOpen', 'auditLog', 'logs', 'signOut',
] as const satisfies readonly DesktopOperation[];

/** Operations only the app's window can do (a native dialog, the file manager, a drop, the share's own switch). */
export const WINDOW_ONLY_OPERATIONS = DESKTOP_OPERATIONS.filter((op) => !(OWNER_OPERATIONS as readonly string[]).includes(op));

/** Owner operations that change something: each is written to the audit log. */
export const AUDITED_OPERATIONS = [
  'updateSettings', 'removeRoot', 'addRoot', 'chooseFolder', 'openDropped', 'chooseExportFolder', 'setShareEnabled',
  'regenerateToken', 'pairDevice', 'revokeDevice', 'revokeAllDevices', 'addRemote', 'removeRemote',
  'exportClip', 'exportClips', 'cancelExport', 'saveSnapshot', 'signOut',
] as const satisfies readonly DesktopOperation[];

export function isOwnerOperation(op: string): boolean {
  return (OWNER_OPERATIONS as readonly string[]).includes(op);
}

/** Whether a connection of this role may call a desktop operation (the one rule, for the server and the page). */
export function roleAllows(role: ConnectionRole, op: DesktopOperation): boolean {
  if (role === 'desktop') return op !== 'signOut';
  if (role === 'owner') return isOwnerOperation(op);
  return false;
}
