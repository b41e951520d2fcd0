// Scrub sprites: one ffmpeg pass per file decodes keyframes only, keeps about one every few
// seconds, and tiles them into one JPEG with an index of their times. Hovering a tile or the
// seek bar then costs no ffmpeg at all.
import { longLivedController } from '../util/abort.js';
import fs from 'node:fs/promises';
import type { LibraryEntry } from '../../contract/api.js';
import type { Library } from '../library/library.js';
import { openContained } from './contained-file.js';
import { firstMeaningfulLine, spawnMedia } from './ffmpeg.js';
import { inputArgs, inputUrls } from './input-args.js';
import { MediaError } from './media-error.js';
import { MediaQueue } from './media-queue.js';
import { NOT_ON_WHITELIST } from './probe.js';
import { NOT_A_VIDEO } from '../library/naming.mjs';
import type { ImageCache } from './thumb-cache.js';
import { lowresFor, normalizeSpec } from './thumbnail-args.js';
import { diskFullError, isDiskFull } from './thumbnail-errors.js';

export const SPRITE_COLS = 10;
export const SPRITE_TILE = { width: 160, height: 90 };
const MAX_FRAMES = 100;

export interface SpriteIndex {
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** Source time (s) of each tile, in order; tile k is at column k % cols, row ⌊k / cols⌋. */
  times: number[];
}

export interface Sprite {
  file: string;
  index: SpriteIndex;
}

/** Seconds between sprite frames: every 2 s for short files, so that at most 100 fit. */
export function spriteInterval(durationSec: number | null | undefined): number {
  if (!durationSec || durationSec <= 0) return 5;
  return Math.max(2, Math.ceil(durationSec / MAX_FRAMES));
}

export function spriteArgs(url: string, durationSec: number | null | undefined, lowres: number, out: string): string[] {
  const interval = spriteInterval(durationSec);
  const rows = durationSec ? Math.max(1, Math.min(MAX_FRAMES / SPRITE_COLS, Math.ceil(durationSec / interval / SPRITE_COLS))) : MAX_FRAMES / SPRITE_COLS;
  const { width: w, height: h } = SPRITE_TILE;
  const vf = [
    `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval})'`,
    `scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bilinear`,
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
    'showinfo', // logs each kept frame's pts_time: the index
    `tile=${SPRITE_COLS}x${rows}`,
  ].join(',');
  return [
    '-v', 'info', '-skip_frame', 'nokey', '-threads', '1', ...(lowres ? ['-lowres', String(lowres)] : []),
    ...inputArgs(url),
    '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', vf, '-vsync', '0', '-frames:v', '1', '-q:v', '5', '-f', 'image2', '-update', '1', '-y', out,
  ];
}

/** The times showinfo logged, in order. */
export function parseShowinfoTimes(stderr: string): number[] {
  return [...stderr.matchAll(/Parsed_showinfo.*? n:\s*\d+ .*?pts_time:\s*(-?[\d.]+)/g)].map((m) => Number(m[1]));
}

export class SpriteService {
  /** One signal for every job this service runs (so many listeners are expected). */
  private readonly ac = longLivedController();
  private readonly queue: MediaQueue;

  /** `queue`: the media queue shared with probes and thumbnails (the app's); else one of its own. */
  constructor(private readonly library: Library, private readonly cache: ImageCache, queue?: MediaQueue) {
    this.queue = queue ?? new MediaQueue();
  }

  private files(e: LibraryEntry): { image: string; index: string } {
    const image = this.cache.pathFor(e.id, ['sprite', e.size, e.mtimeMs, SPRITE_TILE.width], 'jpg');
    return { image, index: image.replace(/\.jpg$/, '.json') };
  }

  /** The sprite of a file, made now if needed (for the file that is open). */
  async get(id: string): Promise<Sprite> {
    const e = this.library.get(id);
    if (!e) throw new MediaError('not-found', 'no such file in the library');
    if (e.status !== 'ok') throw new MediaError('no-picture', e.reason ?? 'file cannot be read');
    const f = this.files(e);
    if (await this.cache.has(f.image)) {
      try {
        return { file: f.image, index: JSON.parse(await fs.readFile(f.index, 'utf8')) as SpriteIndex };
      } catch {
        /* index lost: make both again */
      }
    }
    // A visible job: made before background work, once however many ask.
    return this.queue.visible({ key: f.image, id, kind: 'sprite' }, () => this.make(e, f));
  }

  private async make(e: LibraryEntry, f: { image: string; index: string }): Promise<Sprite> {
    if (this.ac.signal.aborted) throw new MediaError('cancelled', 'sprites are stopped');
    const tmp = await this.cache.tempFor(f.image);
    try {
      const duration = e.media?.durationSec ?? null;
      const lowres = lowresFor(e.media?.videoCodec, e.media?.width, normalizeSpec({ width: SPRITE_TILE.width * 2 }));
      const opened = await openContained(e.root, this.library.pathOf(e));
      let p;
      try {
        p = await spawnMedia('ffmpeg', spriteArgs(inputUrls([opened])[0]!, duration, lowres, tmp), { signal: this.ac.signal, priority: 'background', stdout: 'ignore', inputs: [opened] });
      } finally {
        await opened.close();
      }
      const exit = await p.exited;
      const times = parseShowinfoTimes(p.stderr());
      if (exit.code !== 0 && NOT_ON_WHITELIST.test(p.stderr())) throw new MediaError('refused', NOT_A_VIDEO);
      // A full disk is the disk's fault, not the file's: said as the thumbnails say it.
      if (exit.code !== 0 && isDiskFull(p.stderr())) throw diskFullError('sprite');
      if (exit.code !== 0 || times.length === 0) {
        throw new MediaError('no-picture', exit.code === 0 ? 'no picture could be decoded from this file' : `no sprite: ${firstMeaningfulLine(p.stderr().split('\n').filter((l) => !/showinfo/.test(l)).join('\n'))}`);
      }
      const rows = Math.ceil(Math.min(times.length, MAX_FRAMES) / SPRITE_COLS);
      const index: SpriteIndex = { cols: SPRITE_COLS, rows, tileWidth: SPRITE_TILE.width, tileHeight: SPRITE_TILE.height, times: times.slice(0, MAX_FRAMES) };
      try {
        await this.cache.writeText(f.index, JSON.stringify(index));
        await this.cache.commit(tmp, f.image);
      } catch (err) {
        if (isDiskFull(err)) throw diskFullError('sprite');
        throw err;
      }
      return { file: f.image, index };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** End every sprite being made (quit). Sprites are made on demand, for the file that is open. */
  stop(): void {
    this.ac.abort();
  }
}
