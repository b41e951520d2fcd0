// A clip as a download (the LAN share's export): ffmpeg writes it to a pipe as fragmented MP4
// (or Matroska, for codecs MP4 cannot hold), read by the response as it is made. An exact clip
// takes a conversion slot at background priority, never the last free one; a fast clip a copy
// slot. Neither replaces playback nor is replaced by it (session-kinds.ts). A client that goes
// away ends its ffmpeg at once.
import type { Readable } from 'node:stream';
import type { ClipRequest } from '../../contract/api.js';
import { clipArgs } from './clip-args.js';
import type { PlannedClip } from './clip-plan.js';
import type { ContainedFile } from './contained-file.js';
import { firstMeaningfulLine, spawnMedia, type MediaProcess } from './ffmpeg.js';
import { inputUrls } from './input-args.js';
import { MediaError } from './media-error.js';
import { SESSION_KINDS } from './session-kinds.js';
import type { SessionSlots } from './session-slots.js';

const SPARE_WAIT_MS = 3000;

export interface ClipDownload {
  body: Readable;
  contentType: string;
  ext: string;
}

export class ClipStreams {
  private readonly running = new Set<MediaProcess>();

  constructor(private readonly slots: SessionSlots) {}

  /** Starts the clip of `opened` (closed here); resolves once its first bytes exist. */
  async open(planned: PlannedClip, opened: ContainedFile, req: ClipRequest, opts: { local: boolean; signal?: AbortSignal }): Promise<ClipDownload> {
    const rules = SESSION_KINDS.clip;
    let release: () => void;
    try {
      release = await this.acquire(req.exact, rules.spareWhenConverted, opts);
    } catch (err) {
      await opened.close();
      throw err;
    }
    const container = req.exact ? 'mp4' : planned.plan.container;
    let proc: MediaProcess;
    try {
      proc = await spawnMedia('ffmpeg', clipArgs({
        parts: [{ url: inputUrls([opened])[0]!, probe: planned.probe, from: req.from, to: req.to, keyframe: planned.plan.realFrom }],
        exact: req.exact, container, out: 'pipe:1', ...(req.crop && req.exact ? { crop: req.crop } : {}),
      }), { priority: req.exact ? 'background' : 'interactive', inputs: [opened], ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (err) {
      release();
      throw err;
    } finally {
      await opened.close();
    }
    this.running.add(proc);
    void proc.exited.then(() => { this.running.delete(proc); release(); });
    const body = proc.child.stdout!;
    // The reader went away: the conversion ends now, not when the pipe fills.
    body.once('close', () => proc.stop());
    const started = await new Promise<boolean>((resolve) => {
      body.once('readable', () => resolve(true));
      void proc.exited.then(() => resolve(false));
    });
    if (!started) {
      const why = firstMeaningfulLine(proc.stderr().split('\n').filter((l) => !/^\w+=/.test(l)).join('\n'));
      throw new MediaError('unplayable', why ? `ffmpeg could not make this clip: ${why}` : 'ffmpeg made nothing of this clip');
    }
    return { body, contentType: container === 'mp4' ? 'video/mp4' : 'video/x-matroska', ext: container };
  }

  /**
   * A slot: a conversion only a spare one, but a slot being let go right now (the viewer's own
   * player, paused for the export) is waited for, up to SPARE_WAIT_MS, and taken as it is let go.
   */
  private acquire(exact: boolean, spare: boolean, opts: { local: boolean; signal?: AbortSignal }): Promise<() => void> {
    const asSpare = exact && spare;
    return this.slots.acquire({
      pool: exact ? 'transcode' : 'remux', local: opts.local, spare: asSpare, ...(asSpare ? { spareWaitMs: SPARE_WAIT_MS } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** Ends every download (shutdown). */
  async stopAll(): Promise<void> {
    const all = [...this.running];
    for (const p of all) p.stop();
    await Promise.all(all.map((p) => p.exited));
  }
}
