// The library's data shapes, as the contract (api.ts) carries them: entries, probes, plans,
// queries and their results. Types only.

/**
 * ok: a listed file; empty: 0 bytes; unreadable: present but cannot be read (reason says why);
 * recording: still being written (it becomes ok once its size has been stable for a while).
 */
export type EntryStatus = 'ok' | 'empty' | 'unreadable' | 'recording';

export interface LibraryEntry {
  /** Opaque and stable: a keyed hash, never a path and never turned into one. */
  id: string;
  /** The library folder's opaque id (RootStatus.root): never its path. */
  root: string;
  /** Path below the root, '/'-separated. Names that are not valid UTF-8 show bytes as \xNN. */
  relPath: string;
  /** First folder under the root; "(root)" for files directly in it. */
  camera: string;
  filename: string;
  size: number;
  mtimeMs: number;
  /**
   * The date the grid sorts and filters by (epoch ms): a timestamp in the file name, else mtime.
   * It never moves when a probe lands, so the dashboard's dates and the grid's order stay put.
   */
  recordedAt: number;
  /**
   * When the recording started, as the timeline draws it (epoch ms): the name's timestamp, else
   * the container's creation time, else mtime minus the probed duration, else mtime.
   */
  startedAt: number;
  /** Which of those `startedAt` came from. */
  recordedAtFrom: RecordedAtSource;
  status: EntryStatus;
  /** Why the file is not ok, in words a user understands. */
  reason?: string;
  /** Whether ffprobe has looked at this version of the file (size + mtime). */
  probe: ProbeState;
  /** What ffprobe found, once probed. */
  media?: MediaSummary;
  /** ffprobe's reason, when probing failed. */
  probeError?: string;
}

export type RecordedAtSource = 'name' | 'container' | 'mtime-duration' | 'mtime';

/** unprobed: not looked at yet (or changed since); failed: ffprobe could not read it. */
export type ProbeState = 'unprobed' | 'probed' | 'failed';

/** The few probe facts the grid shows and sorts by. */
export interface MediaSummary {
  durationSec: number | null;
  videoCodec: string | null;
  width: number | null;
  height: number | null;
  audioCodecs: string[];
  /** The container's creation time (epoch ms), when it has a plausible one. */
  createdAt?: number | null;
}

export interface VideoStreamInfo {
  index: number;
  codec: string;
  profile: string | null;
  /** FourCC as stored (XVID, DIVX, avc1…), when there is one. */
  codecTag: string | null;
  pixFmt: string | null;
  bitDepth: number | null;
  width: number;
  height: number;
  /** Frames per second, from the average rate when known. */
  fps: number | null;
  /** Clockwise degrees a player turns the picture by: 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
  /** progressive, tt, bb, tb, bt, or null when unknown. */
  fieldOrder: string | null;
  /** Seconds between keyframes, from the first packets; null when fewer than two were seen. */
  keyframeIntervalSec: number | null;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  channels: number;
  sampleRate: number;
  language: string | null;
}

export interface MediaProbe {
  /** ffprobe's format_name, e.g. "avi", "mov,mp4,m4a,3gp,3g2,mj2", "mpegts". */
  container: string;
  /** Seconds; MPEG-TS often starts well above 0. */
  startTime: number;
  durationSec: number | null;
  bitRate: number | null;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo[];
  /** The container's `creation_time` (epoch ms), when it has one (absent in probes made before it was read). */
  createdAt?: number | null;
}

/**
 * What a viewer can play, for each query in CODEC_QUERIES (codec-caps.ts): the answer of
 * `MediaSource.isTypeSupported` keyed by the query string, and of `canPlayType` keyed by
 * `fileKey(query)`.
 */
export type ClientCaps = Record<string, boolean>;

export type PlaybackMode = 'direct' | 'remux' | 'transcode';

export interface PlaybackPlan {
  /** direct: the file as it is, with byte ranges; remux: video copied into fragmented MP4; transcode: re-encoded to H.264. */
  mode: PlaybackMode;
  /** Why not direct, in words (empty for direct). */
  videoReasons: string[];
  /** What happens to the audio: copied, converted to AAC, or there is none. */
  audio: 'copy' | 'aac' | 'none';
  /** Why the audio is converted, in words. */
  audioReason?: string;
  /** Audio stream chosen (ffprobe index), or null. */
  audioStream: number | null;
  /** Seconds the source's timestamps start at; the player's timeline starts at 0 regardless. */
  sourceStart: number;
}

/** Cameras are named per root: two roots may both have a `cam-1`. */
export interface CameraRef {
  /** The library folder's opaque id. */
  root: string;
  name: string;
}

/**
 * recorded-desc/asc: by recording time; name: A→Z (numbers in names compare as numbers);
 * size: largest first; duration: longest first, unprobed files last.
 */
export type SortKey = 'recorded-desc' | 'recorded-asc' | 'name' | 'size' | 'duration';

export interface LibraryQuery {
  cameras?: CameraRef[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Words that must all appear in the path below the root (case-insensitive). */
  text?: string;
  status?: EntryStatus[];
  probe?: ProbeState[];
  sort?: SortKey;
  offset?: number;
  limit?: number;
  /** false: skip the facets (a page fetched while scrolling needs only items and total). */
  facets?: boolean;
  /**
   * Only these entries (at most 1,000), whatever the other filters: what another Reelvault that
   * mirrors this one asks for when the event stream names them. Facets are empty then.
   */
  ids?: string[];
}

export interface CameraFacet extends CameraRef {
  /** The library folder's name for viewers. */
  rootLabel: string;
  /** The other Reelvault whose camera this is; absent for this computer's own. */
  source?: string;
  /** Matches under every filter except the camera filter. */
  count: number;
}

export interface QueryResult {
  items: LibraryEntry[];
  total: number;
  facets: {
    cameras: CameraFacet[];
    /** Recording times spanned under every filter except the date range; null when nothing matches. */
    recordedRange: { min: number; max: number } | null;
  };
}

// ───────────────────────────── Timeline ─────────────────────────────

export interface TimelineQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Only these cameras (the grid's camera filter). */
  cameras?: CameraRef[];
  /** Only these lanes, by TimelineLane.key. */
  lanes?: string[];
  /** Words that must all appear in a recording's path (the grid's text filter). */
  text?: string;
  /**
   * About 2 px in ms: consecutive recordings with a gap shorter than this come as one
   * TimelineGroup, so a lane holds at most (to − from) / minSpanMs spans. 0 or absent: each
   * recording on its own (in a window of more than a week, merged at a week / 20,000 at least).
   */
  minSpanMs?: number;
}

/** One recording. */
export interface TimelineSpan {
  id: string;
  start: number;
  /** start + duration; for a recording in progress its latest mtime; start when unknown. */
  end: number;
  /** Still being written: `end` grows. */
  inProgress: boolean;
  /** Its probe failed (or has not run yet): a marker whose length is unknown. */
  unknownLength?: boolean;
  /** The picture's height, once probed: of two overlapping recordings (main and sub stream) a sync tile takes the nearer its size. */
  height?: number;
}

/** Recordings closer together than minSpanMs, drawn as one. */
export interface TimelineGroup {
  start: number;
  end: number;
  count: number;
  firstId: string;
  inProgress: boolean;
}

export interface TimelineLane {
  /** Opaque, URL-safe and stable for this camera (contract/lane-key.ts). */
  key: string;
  rootId: string;
  rootLabel: string;
  camera: string;
  /** Where the recordings are: this computer's folders. */
  source: 'local';
  /** Start times came from copied files' mtimes and overlap: drawn hatched, ordered by name. */
  unreliable: boolean;
  spans: Array<TimelineSpan | TimelineGroup>;
}

export interface TimelineResult {
  from: number;
  to: number;
  lanes: TimelineLane[];
}
