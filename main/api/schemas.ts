// Every operation's arguments, validated where they enter (HTTP body or IPC message): a caller
// on the network or a compromised renderer gets `bad-request`, never a thrown TypeError deeper in.
import { z } from 'zod';
import type { ApiOperation } from '../../contract/api.js';
import { FILE_ID, SOURCE_KEY_PATTERN } from '../../contract/ids.mjs';
import { MAX_NOTE } from '../../contract/bookmark-types.js';

const Id = z.string().regex(FILE_ID, 'not a file id');
const Ids = z.array(Id).max(5000);
const EpochMs = z.number().finite();

const CameraRefs = z.array(z.strictObject({ root: z.string().max(4096), name: z.string().max(1024) })).max(1000);

const LibraryQuery = z.strictObject({
  cameras: CameraRefs.optional(),
  from: EpochMs.optional(),
  to: EpochMs.optional(),
  text: z.string().max(500).optional(),
  status: z.array(z.enum(['ok', 'empty', 'unreadable', 'recording'])).max(4).optional(),
  probe: z.array(z.enum(['unprobed', 'probed', 'failed'])).max(3).optional(),
  sort: z.enum(['recorded-desc', 'recorded-asc', 'name', 'size', 'duration']).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(0).max(1000).optional(),
  facets: z.boolean().optional(),
  ids: z.array(Id).max(1000).optional(),
});

const TimelineQuery = z.strictObject({
  from: EpochMs,
  to: EpochMs,
  cameras: CameraRefs.optional(),
  lanes: z.array(z.string().max(2000)).max(1000).optional(),
  text: z.string().max(500).optional(),
  minSpanMs: z.number().finite().min(0).optional(),
}).refine((q) => q.to > q.from, 'to must be after from');

const SettingsPatch = z.strictObject({
  libraryRoots: z.array(z.strictObject({
    path: z.string().min(1).max(4096),
    label: z.string().max(200).optional(),
    stabilitySec: z.number().optional(),
    network: z.enum(['auto', 'yes', 'no']).optional(),
    nameTimeZone: z.string().max(64).optional(),
    cameraLevel: z.number().optional(),
  })).max(64).optional(),
  transcode: z.strictObject({
    preset: z.string().optional(),
    crf: z.number().optional(),
    maxConcurrent: z.number().optional(),
    hardwareDecode: z.boolean().optional(),
  }).optional(),
  share: z.strictObject({ port: z.number().optional(), keepSharingWhenClosed: z.boolean().optional() }).optional(),
  cacheGiB: z.number().optional(),
  preparePlayback: z.boolean().optional(),
  viewerBookmarks: z.boolean().optional(),
});

const none = z.tuple([]);

const Seconds = z.number().finite().min(0).max(1e7);
// Evidence, overlay and timelapse options (issue 35): shared by both clip requests.
const ClipExtras = {
  overlay: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']).optional(),
  evidence: z.strictObject({ note: z.string().max(4000).optional() }).optional(),
  timelapse: z.number().finite().min(2).max(10_000).optional(),
};
const Fraction = z.number().finite().min(0).max(1);
const ClipCrop = z.strictObject({ x: Fraction, y: Fraction, w: Fraction.min(0.01), h: Fraction.min(0.01) })
  .refine((c) => c.x + c.w <= 1.0001 && c.y + c.h <= 1.0001, 'the crop must lie inside the picture');
const ClipRequest = z.strictObject({ id: Id, from: Seconds, to: Seconds, exact: z.boolean(), crop: ClipCrop.optional(), ...ClipExtras })
  .refine((r) => r.to > r.from, 'the clip must start before it ends')
  .refine((r) => !r.crop || r.exact, 'only an exact clip can be cropped');
const ClipsRequest = z.strictObject({
  lanes: z.array(z.string().regex(/^[A-Za-z0-9_-]{13,2000}$/, 'not a lane key')).min(1).max(9),
  from: EpochMs, to: EpochMs, exact: z.boolean(), sideBySide: z.boolean().optional(), ...ClipExtras,
}).refine((r) => r.to > r.from, 'the clip must start before it ends').refine((r) => r.to - r.from <= 24 * 3600_000, 'a clip is at most 24 hours');
const LaneKey = z.string().regex(/^[A-Za-z0-9_-]{13,2000}$/, 'not a lane key');
// At most a year at 1 ms steps is refused by the step count, not here: the answer widens its step.
const ActivityQuery = z.strictObject({
  lanes: z.array(LaneKey).min(1).max(100),
  from: EpochMs, to: EpochMs, stepMs: z.number().finite().min(1).max(366 * 86400_000),
}).refine((q) => q.to > q.from, 'to must be after from').refine((q) => q.to - q.from <= 366 * 86400_000, 'a range is at most a year');
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'not an export id');

const Lane = z.string().regex(/^[A-Za-z0-9_-]{13,2000}$/, 'not a lane key');
const BookmarkId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'not a bookmark id');
const Note = z.string().max(MAX_NOTE);
const BookmarksQuery = z.strictObject({ lanes: z.array(Lane).max(1000).optional(), from: EpochMs.optional(), to: EpochMs.optional() });

export const ARGS = {
  capabilities: none,
  query: z.tuple([LibraryQuery]),
  timeline: z.tuple([TimelineQuery]),
  item: z.tuple([Id]),
  reportCaps: z.tuple([z.record(z.string().max(200), z.boolean()).refine((r) => Object.keys(r).length <= 100, 'too many entries')]),
  prioritize: z.tuple([Ids]),
  cancel: z.tuple([Ids]),
  settings: none,
  rootStatus: none,
  scanProgress: none,
  playerState: z.tuple([Id]),
  savePlayerState: z.tuple([Id, z.number().finite().min(0).max(1e7)]),
  planClip: z.tuple([ClipRequest]),
  activity: z.tuple([ActivityQuery]),
  activityTuning: z.tuple([LaneKey]),
  setActivityTuning: z.tuple([z.strictObject({
    lane: LaneKey, maskCells: z.array(z.number().int().min(0).max(143)).max(144), sensitivity: z.number().finite().min(0.25).max(4),
  })]),
  bookmarks: z.union([z.tuple([]), z.tuple([BookmarksQuery])]),
  addBookmark: z.tuple([z.strictObject({ lane: Lane, at: EpochMs.min(0).max(8.64e15), note: Note.optional() })]),
  updateBookmark: z.tuple([z.strictObject({ id: BookmarkId, note: Note })]),
  removeBookmark: z.tuple([BookmarkId]),
  exportClip: z.tuple([ClipRequest]),
  exportClips: z.tuple([ClipsRequest]),
  exports: none,
  cancelExport: z.tuple([JobId]),
  showExport: z.tuple([JobId]),
  chooseExportFolder: none,
  evidenceKey: none,
  verifyExport: none,
  takeOpen: none,
  revealFile: z.tuple([Id]),
  filePath: z.tuple([Id]),
  openDropped: z.tuple([z.array(z.string().min(1).max(4096)).min(1).max(100)]),
  updateSettings: z.tuple([SettingsPatch]),
  chooseFolder: none,
  removeRoot: z.tuple([z.string().min(1).max(4096)]),
  setShareEnabled: z.tuple([z.boolean()]),
  addRemote: z.tuple([z.string().min(1).max(2000)]),
  remotes: none,
  removeRemote: z.tuple([z.string().regex(new RegExp(`^${SOURCE_KEY_PATTERN}$`), 'not a source key')]),
  shareInfo: none,
  regenerateToken: none,
  pairDevice: none,
  revokeDevice: z.tuple([z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'not a device id')]),
  revokeAllDevices: none,
  browseFolders: z.tuple([z.string().max(4096)]),
  addRoot: z.union([z.tuple([z.string().min(1).max(4096)]), z.tuple([z.string().min(1).max(4096), z.string().max(200)])]),
  auditLog: none,
  logs: none,
  signOut: none,
  saveSnapshot: z.tuple([z.strictObject({
    id: Id,
    positionSec: z.number().finite().min(0),
    png: z.instanceof(Uint8Array).refine((b) => b.length > 8 && b.length <= 64 * 1024 * 1024, 'not a picture of a sensible size'),
  })]),
} satisfies Record<ApiOperation, z.ZodType<unknown[]>>;

/** The first problem with the arguments, in words ("query.limit: too big"), or null when valid. */
export function checkArgs(op: ApiOperation, args: unknown): { ok: true; args: unknown[] } | { ok: false; message: string } {
  const r = ARGS[op].safeParse(args);
  if (r.success) return { ok: true, args: r.data as unknown[] };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `argument ${issue.path.map(String).join('.')}: ` : '';
  return { ok: false, message: `${op}: ${where}${issue?.message ?? 'invalid arguments'}` };
}
