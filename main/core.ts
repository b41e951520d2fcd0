// The app's parts, wired: library, probing, thumbnails, sprites, sessions and the media handler.
// Plain Node: the Electron entry, `reelvault serve` and the tests all build it the same way.
import { Library } from './library/library.js';
import { ProbeService } from './media/probe-service.js';
import { SessionManager, type SessionLimits } from './media/sessions.js';
import type { TranscodeSettings } from './media/session-args.js';
import { DEFAULT_TRANSCODE } from './media/session-args.js';
import { SpriteService } from './media/sprites.js';
import { ThumbnailService } from './media/thumbnails.js';
import { createMediaHandler, type Handler } from './serve/handler.js';
import type { FileServeStats } from './serve/file-response.js';

export interface CoreOptions {
  dataDir: string;
  /** Whether the handler serves the desktop user (the app) or remote viewers only. */
  local: boolean;
  limits?: Partial<SessionLimits>;
  transcode?: () => TranscodeSettings;
  cacheCapBytes?: number;
}

export interface Core {
  library: Library;
  probes: ProbeService;
  thumbs: ThumbnailService;
  sprites: SpriteService;
  sessions: SessionManager;
  handler: Handler;
  stats: FileServeStats;
  /** Stop background work, end every session (killing its ffmpeg) and save the index. */
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const library = await Library.open(opts.dataDir);
  const probes = new ProbeService(library, opts.dataDir);
  const thumbs = new ThumbnailService(library, opts.dataDir, opts.cacheCapBytes !== undefined ? { capBytes: opts.cacheCapBytes } : {});
  const sprites = new SpriteService(library, thumbs.cache);
  const sessions = new SessionManager(opts.limits ?? {}, opts.transcode ?? (() => DEFAULT_TRANSCODE));
  const stats: FileServeStats = { bytesRead: 0, open: 0 };
  const handler = createMediaHandler({ library, probes, thumbs, sprites, sessions, local: opts.local, stats });
  return {
    library, probes, thumbs, sprites, sessions, handler, stats,
    async close() {
      probes.stop();
      thumbs.stop();
      sprites.stop();
      await sessions.stopAll();
      await library.close();
    },
  };
}
