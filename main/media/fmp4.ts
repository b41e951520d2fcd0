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
  /** When each track's first sample is shown (tfdt + its composition offset), in seconds. */
  firstPtsSeconds: Map<number, number>;
}

/** The composition time offset of a trun's first sample, in its track's units (0 when absent). */
function firstCompositionOffset(dv: DataView, b: Uint8Array, trun: Box): number {
  const version = b[trun.body]!;
  const flags = dv.getUint32(trun.body) & 0xffffff;
  if (!(flags & 0x800) || dv.getUint32(trun.body + 4) === 0) return 0;
  let at = trun.body + 8;
  if (flags & 0x1) at += 4; // data offset
  if (flags & 0x4) at += 4; // first sample flags
  if (flags & 0x100) at += 4; // duration
  if (flags & 0x200) at += 4; // size
  if (flags & 0x400) at += 4; // flags
  return version === 1 ? dv.getInt32(at) : dv.getUint32(at);
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
      const firstPtsSeconds = new Map<number, number>();
      let trackId = 0;
      walk(b, moof, (x) => {
        if (x.type === 'tfhd') trackId = dv.getUint32(x.body + 4);
        const scale = timescales.get(trackId) ?? 1;
        if (x.type === 'tfdt') {
          const v1 = b[x.body] === 1;
          const t = v1 ? Number(dv.getBigUint64(x.body + 4)) : dv.getUint32(x.body + 4);
          startSeconds.set(trackId, t / scale);
        }
        // The first trun of a traf holds its first sample (tfdt comes before it).
        if (x.type === 'trun' && !firstPtsSeconds.has(trackId)) firstPtsSeconds.set(trackId, (startSeconds.get(trackId) ?? 0) + firstCompositionOffset(dv, b, x) / scale);
      });
      return { firstFragmentEnd: box.end, timescales, startSeconds, firstPtsSeconds };
    }
    at = box.end;
  }
  return null;
}

/**
 * The first fragment's facts, read from a stream as it arrives (the stream is not consumed: its
 * bytes go on to whoever else reads it). Null when the stream ends first, or when `limit` bytes
 * came without one (a full buffer pauses the pipe, so no more would come).
 */
export function firstFragmentOf(stream: NodeJS.ReadableStream, limit: number): Promise<FragmentInfo | null> {
  const head: Buffer[] = [];
  let bytes = 0;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      head.push(chunk);
      bytes += chunk.length;
      let parsed: FragmentInfo | null;
      try {
        parsed = parseFirstFragment(head.length === 1 ? chunk : Buffer.concat(head));
      } catch {
        parsed = null; // malformed so far: the producer's exit will say why
      }
      if (parsed) { done(); resolve(parsed); } else if (bytes >= limit) { done(); resolve(null); }
    };
    const onEnd = (): void => { done(); resolve(null); };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      head.length = 0;
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
  });
}
