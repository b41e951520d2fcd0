// The owner over the share: a paired device the computer itself made the owner (a loopback link
// from `npm start`, or `reelvault pair --owner`). Types only (re-exported by api.ts).

/** Who a connection is, as capabilities() tells it: the app window, the owner's device, or a viewer. */
export type ConnectionRole = 'desktop' | 'owner' | 'viewer';

/** One subfolder as the folder browser lists it. */
export interface FolderEntry {
  name: string;
  /** Its full path on the computer that shares. */
  path: string;
  /** Whether the share's user may list it. */
  readable: boolean;
  /** Videos directly inside it (not in its subfolders), counted up to 1,000 within 2 s. */
  videos: number;
  /** The count stopped at 1,000 or at 2 s: "1,000 or more". */
  videosCapped?: boolean;
  /** Why it cannot be added as a library folder (the data folder, the export folder…), in words. */
  refused?: string;
}

export interface FolderListing {
  /** The folder listed (absolute, as the computer that shares names it). */
  path: string;
  /** Its parent, or null at the top. */
  parent: string | null;
  /** Its subfolders, by name; links are never followed, so none is listed. */
  folders: FolderEntry[];
  /** Videos directly inside it. */
  videos: number;
  videosCapped?: boolean;
  /** Why this folder cannot be added, in words. */
  refused?: string;
}

/** One owner action, as Settings lists it. */
export interface AuditEntry {
  at: number;
  /** The device's id and label ("desktop" for the app window). */
  deviceId: string;
  device: string;
  /** The operation ("addRoot", "updateSettings"…). */
  action: string;
  /** What it was about, in words (a folder's path, a device's label). */
  detail?: string;
}

/** The end of the log file, for Help → Show logs in a browser. */
export interface LogView {
  file: string;
  lines: string[];
}
