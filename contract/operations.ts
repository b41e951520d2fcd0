// The contract's operation names as values: the dispatcher, the HTTP and the IPC transports
// build themselves from these lists, and the type checks below keep them equal to the contract.
import type { ApiOperation, DesktopOperation } from './api.js';

/**
 * The HTTP API's version, told by /health and POST /pair: another Reelvault pairs only with a
 * share of the same version (main/remote/pair-remote.ts).
 */
export const API_VERSION = 2;

export const DESKTOP_OPERATIONS = [
  'updateSettings', 'chooseFolder', 'removeRoot', 'setShareEnabled', 'shareInfo', 'regenerateToken', 'saveSnapshot',
  'pairDevice', 'revokeDevice', 'revokeAllDevices',
  'exportClip', 'exportClips', 'exports', 'cancelExport', 'showExport', 'chooseExportFolder', 'takeOpen', 'openDropped', 'revealFile', 'filePath',
  'addRemote', 'remotes', 'removeRemote',
  'browseFolders', 'addRoot', 'auditLog', 'logs', 'signOut',
  'evidenceKey', 'verifyExport',
] as const satisfies readonly DesktopOperation[];

export const API_OPERATIONS = [
  'capabilities', 'query', 'timeline', 'item', 'reportCaps', 'prioritize', 'cancel', 'settings', 'rootStatus', 'scanProgress',
  'playerState', 'savePlayerState', 'planClip', 'activity', 'activityTuning', 'setActivityTuning',
  'bookmarks', 'addBookmark', 'updateBookmark', 'removeBookmark', ...DESKTOP_OPERATIONS,
] as const satisfies readonly ApiOperation[];

// Fails to compile when the contract gains an operation these lists lack.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allListed: [Missing<ApiOperation, (typeof API_OPERATIONS)[number]>] extends [never] ? true : never = true;
const _desktopListed: [Missing<DesktopOperation, (typeof DESKTOP_OPERATIONS)[number]>] extends [never] ? true : never = true;
void _allListed;
void _desktopListed;

export function isDesktopOperation(op: string): op is DesktopOperation {
  return (DESKTOP_OPERATIONS as readonly string[]).includes(op);
}

/** Every event on the stream, with its payload. */
export const EVENT_NAMES = ['library', 'scan', 'roots', 'activity'] as const;
