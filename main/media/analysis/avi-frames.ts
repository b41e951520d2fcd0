// Video frame sizes, times and keyframes of an AVI file from its own index: OpenDML's `indx`
// super index and its `ix##` chunks when the file has them (files over 1 GiB need them), else the
// legacy `idx1` at the end. Reads the header list and the index chunks, never `movi`.
import type { ByteSource } from './byte-source.js';
import { parseIdx1, parseStandardIndex, parseSuperIndex, type IndexEntries } from './avi-index.js';
import { IndexError, type VideoFrames } from './video-frames.js';

interface Chunk {
  id: string;
  /** LIST's list type (`hdrl`, `strl`, `movi`), else ''. */
  list: string;
  start: number;
  size: number;
}

/** Chunks of a RIFF body in memory (offsets within `body`). */
export function* chunks(body: Buffer, from = 0): Generator<Chunk> {
  for (let at = from; at + 8 <= body.length;) {
    const id = body.toString('latin1', at, at + 4);
    const size = body.readUInt32LE(at + 4);
    const isList = id === 'LIST' || id === 'RIFF';
    yield { id, list: isList ? body.toString('latin1', at + 8, at + 12) : '', start: at + 8, size };
    at += 8 + size + (size & 1);
  }
}

export interface AviVideoStream {
  stream: number;
  codec: string;
  width: number;
  height: number;
  /** Seconds per frame and the first frame's slot (strh dwScale / dwRate, dwStart). */
  frameSec: number;
  startSec: number;
  /** The OpenDML super index, when there is one. */
  superIndex: { offset: number; size: number }[] | null;
  /** An `indx` that lists the chunks itself. */
  inlineIndex: IndexEntries | null;
}

/** The first video stream described by the `hdrl` list's body (pure). */
export function videoStreamOf(hdrl: Buffer): AviVideoStream | null {
  let stream = -1;
  for (const c of chunks(hdrl, 4)) {
    if (c.id !== 'LIST' || c.list !== 'strl') continue;
    stream++;
    const strl = hdrl.subarray(c.start + 4, c.start + c.size);
    let strh: Buffer | null = null, strf: Buffer | null = null, indx: Buffer | null = null;
    for (const s of chunks(strl)) {
      const body = strl.subarray(s.start, s.start + s.size);
      if (s.id === 'strh') strh = body;
      else if (s.id === 'strf') strf = body;
      else if (s.id === 'indx') indx = body;
    }
    if (!strh || strh.toString('latin1', 0, 4) !== 'vids') continue;
    const scale = strh.readUInt32LE(20) || 1;
    const rate = strh.readUInt32LE(24) || 25;
    return {
      stream,
      codec: strf && strf.length >= 20 ? strf.toString('latin1', 16, 20) : strh.toString('latin1', 4, 8),
      width: strf && strf.length >= 12 ? strf.readInt32LE(4) : 0,
      height: strf && strf.length >= 12 ? Math.abs(strf.readInt32LE(8)) : 0,
      frameSec: scale / rate,
      startSec: (strh.readUInt32LE(28) * scale) / rate,
      superIndex: indx ? parseSuperIndex(indx) : null,
      inlineIndex: indx && !parseSuperIndex(indx) ? parseStandardIndex(indx) : null,
    };
  }
  return null;
}

export function framesOfEntries(v: AviVideoStream, entries: IndexEntries): VideoFrames {
  const n = entries.sizes.length;
  const times = new Array<number>(n);
  for (let k = 0; k < n; k++) times[k] = v.startSec + k * v.frameSec;
  return { container: 'avi', codec: v.codec, width: v.width, height: v.height, times, sizes: entries.sizes, keys: entries.keys };
}

export async function aviFrames(src: ByteSource): Promise<VideoFrames> {
  const head = await src.read(0, 12);
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF') throw new IndexError('not an AVI file');
  let video: AviVideoStream | null = null;
  let idx1: IndexEntries | null = null;
  // Top-level chunks of the first RIFF ('AVI '), read header by header.
  const riffEnd = Math.min(src.size, 8 + head.readUInt32LE(4));
  for (let at = 12; at + 8 <= riffEnd;) {
    const h = await src.read(at, 12);
    if (h.length < 8) break;
    const id = h.toString('latin1', 0, 4);
    const size = h.readUInt32LE(4);
    if (id === 'LIST' && h.toString('latin1', 8, 12) === 'hdrl') {
      video = videoStreamOf(await src.read(at + 8, size));
      if (!video) throw new IndexError('no video stream in this AVI file');
      if (video.superIndex || video.inlineIndex) break; // OpenDML: idx1 is not needed
    } else if (id === 'idx1' && video) {
      idx1 = parseIdx1(await src.read(at + 8, size), video.stream);
    }
    at += 8 + size + (size & 1);
  }
  if (!video) throw new IndexError('this AVI file has no header list');
  if (video.inlineIndex) return framesOfEntries(video, video.inlineIndex);
  if (video.superIndex) {
    const entries: IndexEntries = { sizes: [], keys: [] };
    // Each entry points at a whole `ix##` chunk, header included.
    for (const ix of video.superIndex) parseStandardIndex((await src.read(ix.offset, ix.size)).subarray(8), entries);
    return framesOfEntries(video, entries);
  }
  if (!idx1) throw new IndexError('this AVI file has no index (idx1)');
  return framesOfEntries(video, idx1);
}
