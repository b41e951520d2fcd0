// The app's parts, wired: library, probing, thumbnails, sprites, sessions and the media handler.
// Plain Node: the Electron entry, `reelvault serve` and the tests all build it the same way.
import { Library } from '../library/library.js';
import { MediaQueue } from '../media/media-queue.js';
import { ProbeService } from '../media/probe-service.js';
import { ActivityService } from '../media/analysis/activity-service.js';
import { ActivityStore } from '../media/analysis/activity-store.js';
import { SessionManager, type SessionLimits } from '../media/sessions.js';
import { ClipStreams } from '../media/clip-stream.js';
import { DEFAULT_TRANSCODE, type TranscodeSettings } from '../media/session-args.js';
import { SpriteService } from '../media/sprites.js';
import { ThumbnailService } from '../media/thumbnails.js';
import { ViewerRegistry } from '../media/viewers.js';
import { RemoteSources } from '../remote/remote-sources.js';
import { BookmarkStore } from '../library/bookmark-store.js';
import { createMediaHandler, type Handler, type MediaParts } from '../serve/handler.js';
import type { FileServeStats } from '../serve/file-response.js';

export interface CoreOptions {
  dataDir: string;
  /** Whether the handler serves the desktop user (the app) or remote viewers only. */
  local: boolean;
  limits?: Partial<SessionLimits>;
  transcode?: () => TranscodeSettings;
  cacheCapBytes?: number;
}

export interface Core extends MediaParts {
  /** The data folder: index, caches, pairing, positions (never a library folder). */
  dataDir: string;
  remotes: RemoteSources;
  /** The one queue of probes, thumbnails and sprites: `prioritize` and `cancel` go to it. */
  queue: MediaQueue;
  /** Activity analysis (issue 31): its own database beside the index, its work at the queue's lowest priority. */
  activity: ActivityService;
  /** The media handler for this core's own user (the app's window, or everyone in `serve`). */
  handler: Handler;
  /** The media handler for LAN viewers: never the slot kept for the person at the desktop. */
  remoteHandler: Handler;
  stats: FileServeStats;
  /** Bookmarks, in their own file in the data folder. */
  bookmarks: BookmarkStore;
  /** Stop background work, end every session (killing its ffmpeg) and save the index. */
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const library = await Library.open(opts.dataDir);
  // One media queue: what a viewer looks at goes first, whichever kind of work it is.
  const queue = new MediaQueue();
  const probes = new ProbeService(library, opts.dataDir, { queue });
  const thumbs = new ThumbnailService(library, opts.dataDir, { queue, ...(opts.cacheCapBytes !== undefined ? { capBytes: opts.cacheCapBytes } : {}) });
  const sprites = new SpriteService(library, thumbs.cache, queue);
  const hardwareDecode = (): boolean => (opts.transcode?.() ?? DEFAULT_TRANSCODE).hardwareDecode;
  const activity = new ActivityService(library, ActivityStore.open(opts.dataDir), queue, { hardwareDecode });
  const sessions = new SessionManager(opts.limits ?? {}, opts.transcode ?? (() => DEFAULT_TRANSCODE));
  const clips = new ClipStreams(sessions.slots);
  const viewers = await ViewerRegistry.open(opts.dataDir);
  // Other Reelvaults' recordings (none until one is paired and start() is called).
  const remotes = new RemoteSources(library, opts.dataDir, thumbs.cache);
  const stats: FileServeStats = { bytesRead: 0, open: 0 };
  const bookmarks = BookmarkStore.open(opts.dataDir);
  const parts = { library, probes, thumbs, sprites, sessions, clips, viewers, stats, remotes };
  const handler = createMediaHandler({ ...parts, local: opts.local });
  const remoteHandler = opts.local ? createMediaHandler({ ...parts, local: false }) : handler;
  return {
    dataDir: opts.dataDir, queue, activity, library, probes, thumbs, sprites, sessions, clips, viewers, handler, remoteHandler, stats, remotes, bookmarks,
    async close() {
      await remotes.close();
      probes.stop();
      thumbs.stop();
      sprites.stop();
      activity.stop();
      await Promise.all([sessions.stopAll(), clips.stopAll()]);
      await Promise.all([library.close(), viewers.positions.save()]);
      activity.store.close();
      bookmarks.close();
    },
  };
}
