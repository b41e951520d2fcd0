// Just enough ISO BMFF parsing to know when a fragmented MP4 stream has its first complete
// fragment (moov, then moof + mdat) and what its track fragments' decode times (tfdt) are.
// Pure: fed the bytes received so far.

export interface FragmentInfo {
  /** Bytes up to and including the first mdat that follows a moof. */
  firstFragmentEnd: number;
  /** Timescale of each track id, from moov/trak/mdia/mdhd. */
  timescales: Map<number, number>;
  /** tfdt of each track in the first moof, in seconds. */
  startSeconds: Map<number, number>;
}

interface Box {
  type: string;
  start: number;
  /** Offset of the payload. */
  body: number;
  end: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'moof', 'traf']);

function readBox(b: Uint8Array, at: number, limit: number): Box | null {
  if (at + 8 > limit) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let size = dv.getUint32(at);
  const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
  let body = at + 8;
  if (size === 1) {
    if (at + 16 > limit) return null;
    size = Number(dv.getBigUint64(at + 8));
    body = at + 16;
  } else if (size === 0) {
    size = limit - at; // to the end: only legal for the last box
  }
  if (size < body - at) throw new Error(`malformed MP4 box ${type}`);
  return { type, start: at, body, end: at + size };
}

function children(b: Uint8Array, box: Box): Box[] {
  const out: Box[] = [];
  let at = box.body;
  while (at < box.end) {
    const c = readBox(b, at, box.end);
    if (!c) break;
    out.push(c);
    at = c.end;
  }
  return out;
}

function walk(b: Uint8Array, box: Box, visit: (box: Box, path: string[]) => void, path: string[] = []): void {
  visit(box, path);
  if (CONTAINERS.has(box.type)) for (const c of children(b, box)) walk(b, c, visit, [...path, box.type]);
}

/** The first fragment's extent and start times, or null while it is still incomplete. */
export function parseFirstFragment(b: Uint8Array): FragmentInfo | null {
  const timescales = new Map<number, number>();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 0;
  let moof: Box | null = null;
  while (at < b.length) {
    const box = readBox(b, at, b.length);
    if (!box || box.end > b.length) return null; // box not complete yet
    if (box.type === 'moov') {
      let trackId = 0;
      walk(b, box, (x) => {
        if (x.type === 'tkhd') trackId = dv.getUint32(x.body + (b[x.body] === 1 ? 20 : 12));
        if (x.type === 'mdhd') timescales.set(trackId, dv.getUint32(x.body + (b[x.body] === 1 ? 20 : 12)));
      });
    } else if (box.type === 'moof') {
      moof = box;
    } else if (box.type === 'mdat' && moof) {
      const startSeconds = new Map<number, number>();
      let trackId = 0;
      walk(b, moof, (x) => {
        if (x.type === 'tfhd') trackId = dv.getUint32(x.body + 4);
        if (x.type === 'tfdt') {
          const v1 = b[x.body] === 1;
          const t = v1 ? Number(dv.getBigUint64(x.body + 4)) : dv.getUint32(x.body + 4);
          startSeconds.set(trackId, t / (timescales.get(trackId) ?? 1));
        }
      });
      return { firstFragmentEnd: box.end, timescales, startSeconds };
    }
    at = box.end;
  }
  return null;
}
