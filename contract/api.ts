// The one contract between the renderer and whatever serves it (Electron IPC or the LAN share).
// Types only: main and renderer both `import type` from here, so nothing runtime crosses.
// The library's data shapes are in library-types.ts (and re-exported here); this file holds the
// operations, their results and events.
import type {
  ClientCaps, LibraryEntry, LibraryQuery, MediaProbe, PlaybackMode, PlaybackPlan, QueryResult, TimelineQuery, TimelineResult,
} from './library-types.js';

export type * from './library-types.js';
export type * from './clip-types.js';
export type * from './share-types.js';
export type * from './activity-types.js';
import type { ActivityChange, ActivityQuery, ActivityResult, ActivityTuning } from './activity-types.js';
export type * from './owner-types.js';
import type { AuditEntry, ConnectionRole, FolderListing, LogView } from './owner-types.js';
export type * from './bookmark-types.js';
import type { Bookmark, BookmarkEdit, BookmarksQuery, NewBookmark } from './bookmark-types.js';
import type { ClipCrop, ClipPlan, ClipRequest, ClipsRequest, EvidenceKeyInfo, ExportJob, ExportsInfo, VerifyReport } from './clip-types.js';
import type { MenuCommand } from './menu.js';
import type { RemoteSourceInfo, ShareInfo } from './share-types.js';

// ───────────────────────────── Operations ─────────────────────────────
// One interface, two transports: IPC in the Electron window (preload/), HTTP + server-sent
// events in a LAN browser (renderer/src/transport/). The renderer never knows which it has,
// except through `capabilities()`. Every operation resolves; errors cross as data.

/** The closed set of error codes any operation may answer with. */
export type ErrorCode =
  /** The input was malformed: wrong types, out of range, unknown operation. */
  | 'bad-request'
  /** No such file (or root) in the library, or it is gone from disk. */
  | 'not-found'
  /** This transport does not allow the operation (desktop-only over the LAN share). */
  | 'unavailable'
  /** An owner operation asked by a viewer (or by a page without its share's Origin). */
  | 'forbidden'
  /** The share's token is missing, wrong or was regenerated. */
  | 'unauthorized'
  /** Too much at once (conversions, wrong tokens); `retryAfterSec` says when to try again. */
  | 'busy'
  /** The app or server cannot be reached. */
  | 'offline'
  /** Anything else; the message says what, in words. */
  | 'failed';

export interface ApiError {
  ok: false;
  code: ErrorCode;
  message: string;
  retryAfterSec?: number;
}

export type Result<T> = { ok: true; value: T } | ApiError;

/** Operations only the person at the desktop may use; the browser transport reports them unavailable. */
export type DesktopOperation =
  | 'updateSettings' | 'chooseFolder' | 'removeRoot' | 'setShareEnabled' | 'shareInfo' | 'regenerateToken' | 'saveSnapshot'
  | 'pairDevice' | 'revokeDevice' | 'revokeAllDevices'
  | 'exportClip' | 'exportClips' | 'exports' | 'cancelExport' | 'showExport' | 'chooseExportFolder' | 'takeOpen' | 'openDropped' | 'revealFile' | 'filePath'
  | 'addRemote' | 'remotes' | 'removeRemote'
  | 'browseFolders' | 'addRoot' | 'auditLog' | 'logs' | 'signOut'
  | 'evidenceKey' | 'verifyExport';

export interface Capabilities {
  transport: 'ipc' | 'http';
  /** The app window, the owner's device over the share, or a viewer: `allowed` follows it. */
  role?: ConnectionRole;
  /** The IANA time zone of the computer that holds the library: the timeline's axis is drawn in it. */
  timeZone: string;
  /** Per desktop-only operation: whether this transport allows it. */
  allowed: Record<DesktopOperation, boolean>;
}

export interface ItemDetails {
  entry: LibraryEntry;
  /** The full probe, or null when ffprobe could not read the file (probeError says why). */
  probe: MediaProbe | null;
  /** How this viewer plays it (from the caps it reported), or null when it cannot be played. */
  plan: PlaybackPlan | null;
  probeError?: string;
}

/** A batch of library changes: at most one per 250 ms, carrying every id touched since the last. */
export interface LibraryChange {
  /** Added or changed (status, size, probe…): fetch them again. */
  updated: string[];
  removed: string[];
  /** Events were missed (a long disconnect): everything may have changed, query again. */
  reset?: boolean;
}

export interface ScanProgressInfo {
  /** Whether a scan is walking the folders now. */
  scanning: boolean;
  files: number;
  folders: number;
  elapsedMs: number;
  /** Epoch ms of the last finished scan, or null before the first. */
  lastScanAt: number | null;
  /** Work waiting in the background. */
  backlog: { probes: number; thumbnails: number };
  /** Other long work under way, in words ("Making a demo library (3 of 7 clips)…"). */
  activity?: string;
}

export type RootState = 'scanning' | 'ok' | 'offline' | 'missing' | 'unreadable';

export interface RootStatus {
  /** Opaque id: entries and cameras name their folder by it. */
  root: string;
  /** Its folder name, unless the user renamed it. */
  label: string;
  state: RootState;
  /** How changes are noticed: native events, polling (network or watch limit), or not at all. */
  watch: 'watching' | 'polling' | 'none';
  /** Why it is not ok or polled, in words. */
  reason?: string;
  files: number;
}

export interface RootSettingView {
  /** The folder's path: for the person at the desktop only, absent on the LAN share. */
  path?: string;
  /** RootStatus.root of this folder. */
  rootId: string;
  /** What viewers call it: the user's name for it, else the folder's name. */
  label: string;
  stabilitySec: number;
  network: 'auto' | 'yes' | 'no';
  /** The zone the times in its file names are in: 'local' (the computer holding it), 'UTC' or an IANA zone. */
  nameTimeZone: string;
  /** The folder level that names the camera (1: root/camera/…, 2: root/date/camera/…). */
  cameraLevel: number;
}

export interface SettingsView {
  libraryRoots: RootSettingView[];
  /** The library shown is the generated demo: no folder has been added yet. */
  demo?: boolean;
  transcode: { preset: string; crf: number; maxConcurrent: number; hardwareDecode: boolean };
  /** keepSharingWhenClosed: the share (and a tray icon) outlive the window until Quit. */
  share: { enabled: boolean; port: number; keepSharingWhenClosed: boolean };
  cacheGiB: number;
  /** "Prepare playback on hover": a hovered or selected tile starts loading before the double-click. */
  preparePlayback: boolean;
  /** Whether paired viewers may add bookmarks (and change or delete their own); absent means yes. */
  viewerBookmarks?: boolean;
}

/** What the desktop may change; every key optional. */
export interface SettingsPatch {
  /** The folders as they are (added with chooseFolder, removed with removeRoot): only their options change here. */
  libraryRoots?: Array<{
    path: string; label?: string; stabilitySec?: number; network?: 'auto' | 'yes' | 'no'; nameTimeZone?: string; cameraLevel?: number;
  }>;
  transcode?: Partial<SettingsView['transcode']>;
  share?: { port?: number; keepSharingWhenClosed?: boolean };
  cacheGiB?: number;
  preparePlayback?: boolean;
  viewerBookmarks?: boolean;
}

export interface DropResult {
  /** A dropped video to play now. */
  play?: string;
  /** The settings, when a dropped folder was added. */
  settings?: SettingsView;
  /** What was not taken, and why, in words. */
  refused: string[];
}

export interface PlayerState {
  /** Where playback stopped, in seconds of the timeline. */
  positionSec: number;
  updatedAt: number;
}

export interface SnapshotRequest {
  id: string;
  positionSec: number;
  /** The frame as PNG bytes, captured by the player. */
  png: Uint8Array;
}

/** version (contract/media-url.ts, fileVersion): the file as listed; such URLs may be cached for good. */
export type MediaUrlRequest =
  | { kind: 'file'; id: string; version?: string }
  /** prepare: a session for a tile the user is about to play (a spare slot only, two fragments held). */
  /**
   * tile: camera N of a sync view (its own session); maxHeight: a converted picture no taller
   * than this, made fast, half a slot. It never turns a direct or remuxed file into a conversion.
   */
  /** speed: a fast stream at N× (−8…64, not 0): pictures on the file's timeline (contract/frame-stream.ts). */
  | { kind: 'transcode'; id: string; start?: number; mode?: PlaybackMode; audio?: number; prepare?: boolean; tile?: number; maxHeight?: number; speed?: number }
  | { kind: 'thumb'; id: string; width?: number; height?: number; format?: 'jpeg' | 'webp'; version?: string }
  | { kind: 'sprite'; id: string; index?: boolean; version?: string }
  /** A clip as a download (the LAN share's export): seconds on the file's timeline. */
  | { kind: 'clip'; id: string; from: number; to: number; exact: boolean; crop?: ClipCrop };

export type Unsubscribe = () => void;

export interface ReelvaultApi {
  capabilities(): Promise<Capabilities>;
  query(q: LibraryQuery): Promise<Result<QueryResult>>;
  /** Every camera's recordings between two moments, one lane per camera, gaps and all. */
  timeline(q: TimelineQuery): Promise<Result<TimelineResult>>;
  /** Details for the player: probes the file now if needed. */
  item(id: string): Promise<Result<ItemDetails>>;
  /** What this viewer can decode (codec-caps.ts); plans follow it from then on. */
  reportCaps(caps: ClientCaps): Promise<Result<null>>;
  /** Thumbnails and probes for these ids first (the visible tiles)… */
  prioritize(ids: string[]): Promise<Result<null>>;
  /** …and no longer for these (scrolled away). */
  cancel(ids: string[]): Promise<Result<null>>;
  settings(): Promise<Result<SettingsView>>;
  rootStatus(): Promise<Result<RootStatus[]>>;
  scanProgress(): Promise<Result<ScanProgressInfo>>;
  playerState(id: string): Promise<Result<PlayerState | null>>;
  /** What a clip of one recording would be: where a fast one really starts, its container, the default mode. */
  planClip(req: ClipRequest): Promise<Result<ClipPlan>>;
  savePlayerState(id: string, positionSec: number): Promise<Result<null>>;
  /** Each lane's activity per step over a range (issue 31); another Reelvault's lanes are asked of it. */
  activity(q: ActivityQuery): Promise<Result<ActivityResult>>;
  /** A camera's mask and sensitivity (the defaults until set). */
  activityTuning(lane: string): Promise<Result<ActivityTuning>>;
  /** Set a camera's mask and sensitivity: the person at the desktop only (`unavailable` over the share). */
  setActivityTuning(t: ActivityTuning): Promise<Result<ActivityTuning>>;
  /** Bookmarks on these lanes between two moments (everyone's, each naming the device that made it). */
  bookmarks(q?: BookmarksQuery): Promise<Result<Bookmark[]>>;
  /** A viewer adds its own (unless Settings turned that off); the desktop and the owner any. */
  addBookmark(b: NewBookmark): Promise<Result<Bookmark>>;
  /** A viewer changes only its own; the desktop and the owner any. */
  updateBookmark(edit: BookmarkEdit): Promise<Result<Bookmark>>;
  removeBookmark(id: string): Promise<Result<null>>;

  // Desktop only (reported in capabilities().allowed, refused elsewhere).
  updateSettings(patch: SettingsPatch): Promise<Result<SettingsView>>;
  /** Asks the user for a folder and adds it as a library root; null when they cancelled. */
  chooseFolder(): Promise<Result<SettingsView | null>>;
  removeRoot(root: string): Promise<Result<SettingsView>>;
  setShareEnabled(enabled: boolean): Promise<Result<ShareInfo>>;
  /** Pair with another Reelvault's share (its pairing link) and show its recordings here. */
  addRemote(pairingLink: string): Promise<Result<RemoteSourceInfo[]>>;
  remotes(): Promise<Result<RemoteSourceInfo[]>>;
  /** Stop showing another Reelvault (its entries leave this library; nothing changes there). */
  removeRemote(key: string): Promise<Result<RemoteSourceInfo[]>>;
  shareInfo(): Promise<Result<ShareInfo>>;
  /** A new bearer token for scripts and the old dashboard (paired devices stay paired). */
  regenerateToken(): Promise<Result<ShareInfo>>;
  /** A fresh pairing link and its QR code. */
  pairDevice(): Promise<Result<ShareInfo>>;
  /** Unpair one device: its credential stops working at once and its videos stop. */
  revokeDevice(id: string): Promise<Result<ShareInfo>>;
  revokeAllDevices(): Promise<Result<ShareInfo>>;
  /** Saves the frame to the Pictures folder (never the library); answers the saved path. */
  saveSnapshot(req: SnapshotRequest): Promise<Result<{ savedTo: string }>>;
  /** Queue a clip of one recording for the export folder. */
  exportClip(req: ClipRequest): Promise<Result<ExportJob>>;
  /** Queue one clip per camera for an interval (and optionally a side-by-side file). */
  exportClips(req: ClipsRequest): Promise<Result<ExportJob>>;
  /** The export folder and the list of exports. */
  exports(): Promise<Result<ExportsInfo>>;
  /** Stop an export: its partial file is deleted. */
  cancelExport(id: string): Promise<Result<ExportsInfo>>;
  /** Show an export's file in the system's file manager. */
  showExport(id: string): Promise<Result<null>>;
  /** Ask the user for the export folder (never inside a library folder); null when they cancelled. */
  chooseExportFolder(): Promise<Result<ExportsInfo | null>>;
  /** This installation's evidence signing key (made on first use): its fingerprint and public key as PEM. */
  evidenceKey(): Promise<Result<EvidenceKeyInfo>>;
  /** "Verify an export…": asks for an evidence export's folder and checks it with this installation's key; null when cancelled. */
  verifyExport(): Promise<Result<VerifyReport | null>>;
  /** The file the desktop was asked to open and nobody has played yet (onOpen pulls it), or null. */
  takeOpen(): Promise<Result<string | null>>;
  /**
   * What was dropped on the window (paths from `pathsOf`): a folder is added as a library folder
   * once the user confirms it in a native dialog that names it; a video plays, as "Open with" does.
   */
  openDropped(paths: string[]): Promise<Result<DropResult>>;
  /** A tile's "Show in folder": the system's file manager, showing the recording. */
  revealFile(id: string): Promise<Result<null>>;
  /** A tile's "Copy path": where the recording is on this computer (never told over the share). */
  filePath(id: string): Promise<Result<string>>;
  /** The subfolders of a folder of the computer that shares (the owner's folder browser). */
  browseFolders(path: string): Promise<Result<FolderListing>>;
  /** Add a folder by its path (from browseFolders): never /, the data folder, the export folder or inside them. */
  addRoot(path: string, label?: string): Promise<Result<SettingsView>>;
  /** The last 100 owner actions, newest first. */
  auditLog(): Promise<Result<AuditEntry[]>>;
  /** The end of the log file. */
  logs(): Promise<Result<LogView>>;
  /** Unpair this device (the owner signing out of a browser). */
  signOut(): Promise<Result<null>>;

  /** A URL the page may put in <img>, <video> or fetch: same origin as the page. */
  mediaUrl(req: MediaUrlRequest): string;
  /** The paths of files dropped on the window (the desktop's preload only; absent over HTTP). */
  pathsOf?(files: readonly object[]): string[];

  // Subscriptions: scan progress and root status first deliver the current state.
  onLibraryChange(cb: (c: LibraryChange) => void): Unsubscribe;
  onScanProgress(cb: (p: ScanProgressInfo) => void): Unsubscribe;
  onRootStatus(cb: (roots: RootStatus[]) => void): Unsubscribe;
  /** The desktop was asked to open a file (double-click in the file manager, a second launch): play this id. Never fires over HTTP. */
  onOpen(cb: (id: string) => void): Unsubscribe;
  /** Exports queued, progressing, done (the desktop's; never fires over HTTP). */
  onExports(cb: (info: ExportsInfo) => void): Unsubscribe;
  /** A menu or tray item the page carries out (the desktop's; never fires over HTTP). */
  onMenu(cb: (command: MenuCommand) => void): Unsubscribe;
  /** A lane's activity over a range changed (analysis landed): ask `activity` again there. */
  onActivity(cb: (c: ActivityChange) => void): Unsubscribe;
}

/** Operations that cross the transport as calls (everything but mediaUrl and the subscriptions). */
export type ApiOperation = Exclude<keyof ReelvaultApi, 'mediaUrl' | 'pathsOf' | `on${string}`>;

/** Event names on the stream, one per subscription. */
export interface ApiEvents {
  library: LibraryChange;
  scan: ScanProgressInfo;
  roots: RootStatus[];
  activity: ActivityChange;
}
