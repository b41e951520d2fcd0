// The indexes of an AVI file, each a pure function of its chunk's body: the legacy `idx1` and
// OpenDML's super index (`indx`) and standard indexes (`ix##`). OpenDML AVI File Format
// Extensions 1.02 §2; Microsoft's AVIOLDINDEX.

/** AVIIF_KEYFRAME in an `idx1` entry's flags. */
const AVIIF_KEYFRAME = 0x10;

export interface IndexEntry {
  size: number;
  key: boolean;
}

/** `idx1`: the video entries of stream `stream` (chunk ids `00dc`, `00db`), in file order. */
export function parseIdx1(body: Buffer, stream: number): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (let at = 0; at + 16 <= body.length; at += 16) {
    const id = body.toString('latin1', at, at + 4);
    if (streamOfChunkId(id) !== stream || !isVideoChunk(id)) continue;
    out.push({ size: body.readUInt32LE(at + 12), key: (body.readUInt32LE(at + 4) & AVIIF_KEYFRAME) !== 0 });
  }
  return out;
}

/** `00dc` → 0: the stream a chunk id names; −1 for anything else (`rec `, `ix00`…). */
export function streamOfChunkId(id: string): number {
  const n = Number.parseInt(id.slice(0, 2), 10);
  return /^\d\d/.test(id) ? n : -1;
}

/** Video chunks are `##dc` (compressed) or `##db` (uncompressed); `##pc` is a palette change. */
const isVideoChunk = (id: string): boolean => id.endsWith('dc') || id.endsWith('db');

export interface SuperIndexEntry {
  offset: number;
  size: number;
}

/** `indx` with bIndexType AVI_INDEX_OF_INDEXES: where each standard index chunk lies. Null when it is not one. */
export function parseSuperIndex(body: Buffer): SuperIndexEntry[] | null {
  if (body.length < 24 || body.readUInt8(3) !== 0 /* AVI_INDEX_OF_INDEXES */) return null;
  const n = body.readUInt32LE(4);
  const out: SuperIndexEntry[] = [];
  for (let k = 0, at = 24; k < n && at + 16 <= body.length; k++, at += 16) {
    out.push({ offset: Number(body.readBigUInt64LE(at)), size: body.readUInt32LE(at + 8) });
  }
  return out;
}

/** A standard index (`ix##`, or an `indx` of chunks): bit 31 of a size marks a frame that is not a keyframe. */
export function parseStandardIndex(body: Buffer): IndexEntry[] {
  if (body.length < 24 || body.readUInt8(3) !== 1 /* AVI_INDEX_OF_CHUNKS */) return [];
  const perEntry = body.readUInt16LE(0) * 4;
  const n = body.readUInt32LE(4);
  const out: IndexEntry[] = [];
  for (let k = 0, at = 24; k < n && at + 8 <= body.length; k++, at += perEntry) {
    const raw = body.readUInt32LE(at + 4);
    out.push({ size: raw & 0x7fffffff, key: (raw & 0x80000000) === 0 });
  }
  return out;
}
