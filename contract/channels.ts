// The names both ends of the desktop's IPC agree on, and the app's own origin.
import type { ApiEvents, ApiOperation } from './api.js';

export const callChannel = (op: ApiOperation): string => `rv:call:${op}`;
/** The hub's events, and the desktop's own: files to open, exports, menu commands. */
export type EventChannelName = keyof ApiEvents | 'open' | 'exports' | 'menu';
export const eventChannel = (name: EventChannelName): string => `rv:event:${name}`;

/** The app's origin: pages and media share it, so MSE may read the streams. */
export const APP_ORIGIN = 'reelvault://app';
