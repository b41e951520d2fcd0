// Walking ISO BMFF boxes: the top level of a file through positioned reads (skipping `mdat`
// without reading it), and the children of a box already in memory.
import type { ByteSource } from './byte-source.js';

export interface Box {
  type: string;
  /** Offset of the box's body (after its header) in the buffer or file. */
  start: number;
  /** Offset just past the box. */
  end: number;
}

/** The header at `at` of a region ending at `limit`: null when it is cut off or malformed. */
export function boxHeader(buf: Buffer, at: number, limit: number, base = 0): Box | null {
  if (at + 8 > buf.length) return null;
  let size = buf.readUInt32BE(at);
  const type = buf.toString('latin1', at + 4, at + 8);
  let header = 8;
  if (size === 1) {
    if (at + 16 > buf.length) return null;
    size = Number(buf.readBigUInt64BE(at + 8));
    header = 16;
  } else if (size === 0) {
    size = limit - (base + at); // to the end of the enclosing region
  }
  if (size < header) return null;
  return { type, start: base + at + header, end: base + at + size };
}

/** The children of a box whose body is `body` (their offsets are within `body`). */
export function* childBoxes(body: Buffer, from = 0): Generator<Box> {
  let at = from;
  while (at + 8 <= body.length) {
    const b = boxHeader(body, at, body.length);
    if (!b || b.end > body.length) return;
    yield b;
    at = b.end;
  }
}

/** The first child of `type`, as a body buffer. */
export function child(body: Buffer, type: string): Buffer | null {
  for (const b of childBoxes(body)) if (b.type === type) return body.subarray(b.start, b.end);
  return null;
}

/** The body at a path of child types, such as `mdia/minf/stbl`. */
export function childAt(body: Buffer, path: string): Buffer | null {
  let cur: Buffer | null = body;
  for (const t of path.split('/')) cur = cur ? child(cur, t) : null;
  return cur;
}

/** Top-level boxes of a file, by reading only their headers. */
export async function* topBoxes(src: ByteSource): AsyncGenerator<Box> {
  let at = 0;
  while (at + 8 <= src.size) {
    const head = await src.read(at, 16);
    const b = boxHeader(head, 0, src.size - at, at);
    if (!b || b.end <= at) return;
    yield b;
    at = b.end;
  }
}
