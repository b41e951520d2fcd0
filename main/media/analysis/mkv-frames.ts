// Video frame sizes, times and keyframes of a Matroska or WebM file. Matroska has no table of
// frame sizes, so the reader walks the clusters and reads only each block's header (track,
// time, keyframe flag), seeking over the frame data. Matroska spec: RFC 9559.
import type { ByteSource } from './byte-source.js';
import { elements, readElementHeader, readSize, readUint, type ElementHeader } from './ebml.js';
import { IndexError, type VideoFrames } from './video-frames.js';

const ID = {
  EBML: 0x1a45dfa3, Segment: 0x18538067, Info: 0x1549a966, TimestampScale: 0x2ad7b1, Tracks: 0x1654ae6b,
  TrackEntry: 0xae, TrackNumber: 0xd7, TrackType: 0x83, CodecID: 0x86, Video: 0xe0, PixelWidth: 0xb0, PixelHeight: 0xba,
  Cluster: 0x1f43b675, Timestamp: 0xe7, SimpleBlock: 0xa3, BlockGroup: 0xa0, Block: 0xa1, ReferenceBlock: 0xfb,
} as const;

/** Level-1 elements: one of these ends a Cluster of unknown size (a recording cut off live). */
const TOP_LEVEL = new Set([ID.Cluster, ID.Info, ID.Tracks, 0x1c53bb6b, 0x1254c367, 0x1941a469, 0x1043a770, 0x114d9b74]);

export interface MkvVideoTrack {
  number: number;
  codec: string;
  width: number;
  height: number;
}

/** The first video track of a `Tracks` body (pure). */
export function videoTrackOf(tracks: Buffer): MkvVideoTrack | null {
  for (const [id, entry] of elements(tracks)) {
    if (id !== ID.TrackEntry) continue;
    const t: MkvVideoTrack & { type: number } = { number: 0, codec: '', width: 0, height: 0, type: 0 };
    for (const [cid, body] of elements(entry)) {
      if (cid === ID.TrackNumber) t.number = readUint(body);
      else if (cid === ID.TrackType) t.type = readUint(body);
      else if (cid === ID.CodecID) t.codec = body.toString('latin1').replace(/\0+$/, '');
      else if (cid === ID.Video) {
        for (const [vid, v] of elements(body)) {
          if (vid === ID.PixelWidth) t.width = readUint(v);
          else if (vid === ID.PixelHeight) t.height = readUint(v);
        }
      }
    }
    if (t.type === 1) return { number: t.number, codec: t.codec, width: t.width, height: t.height };
  }
  return null;
}

export interface BlockHeader {
  track: number;
  /** Time relative to the cluster's, in the segment's timestamp units. */
  relative: number;
  /** Bytes of the frame (the block's body less its own header). */
  size: number;
  /** SimpleBlock's keyframe flag (a Block inside a BlockGroup has none: its ReferenceBlock says). */
  key: boolean;
}

/** The header at the start of a (Simple)Block's body of `bodySize` bytes (pure). */
export function parseBlockHeader(buf: Buffer, bodySize: number): BlockHeader | null {
  const track = readSize(buf, 0);
  if (!track || buf.length < track.length + 3) return null;
  return {
    track: track.value,
    relative: buf.readInt16BE(track.length),
    size: bodySize - track.length - 3,
    key: (buf.readUInt8(track.length + 2) & 0x80) !== 0,
  };
}

async function headerAt(src: ByteSource, at: number): Promise<ElementHeader | null> {
  return readElementHeader(await src.read(at, 12), 0);
}

export async function mkvFrames(src: ByteSource): Promise<VideoFrames> {
  const ebml = await headerAt(src, 0);
  if (!ebml || ebml.id !== ID.EBML) throw new IndexError('not a Matroska file');
  const segAt = ebml.header + ebml.size;
  const seg = await headerAt(src, segAt);
  if (!seg || seg.id !== ID.Segment) throw new IndexError('this Matroska file has no segment');
  const segEnd = seg.size < 0 ? src.size : Math.min(src.size, segAt + seg.header + seg.size);
  let scale = 1_000_000;
  let track: MkvVideoTrack | null = null;
  const frames: VideoFrames = { container: 'matroska', codec: '', width: 0, height: 0, times: [], sizes: [], keys: [] };

  const addBlock = async (at: number, size: number, clusterTs: number, group: boolean): Promise<void> => {
    const b = parseBlockHeader(await src.read(at, Math.min(size, 16)), size);
    if (!b || !track || b.track !== track.number) return;
    frames.times.push(((clusterTs + b.relative) * scale) / 1e9);
    frames.sizes.push(b.size);
    frames.keys.push(group ? true : b.key); // a group's flag is settled by its ReferenceBlock
  };

  for (let at = segAt + seg.header; at < segEnd;) {
    const h = await headerAt(src, at);
    if (!h) break;
    const body = at + h.header;
    if (h.id === ID.Info || h.id === ID.Tracks) {
      const buf = await src.read(body, h.size);
      if (h.id === ID.Info) {
        for (const [id, v] of elements(buf)) if (id === ID.TimestampScale) scale = readUint(v);
      } else {
        track = videoTrackOf(buf);
        if (!track) throw new IndexError('no video track in this Matroska file');
        Object.assign(frames, { codec: track.codec, width: track.width, height: track.height });
      }
    } else if (h.id === ID.Cluster) {
      const end = h.size < 0 ? segEnd : body + h.size;
      let ts = 0;
      let next = body;
      while (next < end) {
        const c = await headerAt(src, next);
        if (!c || (h.size < 0 && TOP_LEVEL.has(c.id as never))) break;
        const cBody = next + c.header;
        if (c.id === ID.Timestamp) ts = readUint(await src.read(cBody, c.size));
        else if (c.id === ID.SimpleBlock) await addBlock(cBody, c.size, ts, false);
        else if (c.id === ID.BlockGroup) {
          const before = frames.keys.length;
          for (let g = cBody; g < cBody + c.size;) {
            const gh = await headerAt(src, g);
            if (!gh) break;
            if (gh.id === ID.Block) await addBlock(g + gh.header, gh.size, ts, true);
            else if (gh.id === ID.ReferenceBlock && frames.keys.length > before) frames.keys[frames.keys.length - 1] = false;
            g += gh.header + gh.size;
          }
        }
        next = cBody + c.size;
      }
      at = next;
      continue;
    }
    if (h.size < 0) break;
    at = body + h.size;
  }
  if (!track) throw new IndexError('this Matroska file has no track list');
  return frames;
}
