// The indexes of an AVI file, each a pure function of its chunk's body: the legacy `idx1` and
// OpenDML's super index (`indx`) and standard indexes (`ix##`). OpenDML AVI File Format
// Extensions 1.02 §2; Microsoft's AVIOLDINDEX.

/** AVIIF_KEYFRAME in an `idx1` entry's flags. */
const AVIIF_KEYFRAME = 0x10;

/** Frames of an index, as parallel lists (an hour holds some 90,000: no object per frame). */
export interface IndexEntries {
  sizes: number[];
  keys: boolean[];
}

/** `idx1`: the video entries of stream `stream` (chunk ids `00dc`, `00db`), in file order. */
export function parseIdx1(body: Buffer, stream: number): IndexEntries {
  // Compared byte by byte: an hour holds some 200,000 entries of every stream.
  const d0 = 0x30 + Math.floor(stream / 10), d1 = 0x30 + (stream % 10);
  const out: IndexEntries = { sizes: [], keys: [] };
  for (let at = 0; at + 16 <= body.length; at += 16) {
    if (body[at] !== d0 || body[at + 1] !== d1 || body[at + 2] !== 0x64 /* d */) continue;
    const c = body[at + 3];
    if (c !== 0x63 /* c */ && c !== 0x62 /* b */) continue;
    out.sizes.push(body.readUInt32LE(at + 12));
    out.keys.push((body.readUInt32LE(at + 4) & AVIIF_KEYFRAME) !== 0);
  }
  return out;
}

/** `00dc` → 0: the stream a chunk id names; −1 for anything else (`rec `, `ix00`…). */
export function streamOfChunkId(id: string): number {
  const n = Number.parseInt(id.slice(0, 2), 10);
  return /^\d\d/.test(id) ? n : -1;
}

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
export function parseStandardIndex(body: Buffer, out: IndexEntries = { sizes: [], keys: [] }): IndexEntries {
  if (body.length < 24 || body.readUInt8(3) !== 1 /* AVI_INDEX_OF_CHUNKS */) return out;
  const perEntry = body.readUInt16LE(0) * 4;
  const n = body.readUInt32LE(4);
  for (let k = 0, at = 24; k < n && at + 8 <= body.length; k++, at += perEntry) {
    const raw = body.readUInt32LE(at + 4);
    out.sizes.push(raw & 0x7fffffff);
    out.keys.push((raw & 0x80000000) === 0);
  }
  return out;
}
