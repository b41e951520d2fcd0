// EBML, the binary layout of Matroska and WebM (RFC 8794): element ids and sizes are variable-
// length integers whose first byte's leading zeros give their length. Pure functions over a buffer.

export interface Vint {
  value: number;
  length: number;
}

/** Length of the vint starting with byte `b` (1–8), 0 when `b` is 0 (invalid). */
export function vintLength(b: number): number {
  for (let n = 1; n <= 8; n++) if (b & (0x100 >> n)) return n;
  return 0;
}

/** An element id: the vint with its marker bit kept (Matroska writes ids that way, 0x1A45DFA3). */
export function readId(buf: Buffer, at: number): Vint | null {
  const length = vintLength(buf[at] ?? 0);
  if (!length || length > 4 || at + length > buf.length) return null;
  let value = 0;
  for (let k = 0; k < length; k++) value = value * 256 + buf[at + k]!;
  return { value, length };
}

/** A size (or a track number): the vint without its marker; all ones means unknown (−1). */
export function readSize(buf: Buffer, at: number): Vint | null {
  const length = vintLength(buf[at] ?? 0);
  if (!length || at + length > buf.length) return null;
  let value = buf[at]! & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let k = 1; k < length; k++) {
    const b = buf[at + k]!;
    value = value * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { value: allOnes ? -1 : value, length };
}

export interface ElementHeader {
  id: number;
  /** Bytes of the body, −1 when unknown (a live recording's Segment or Cluster). */
  size: number;
  /** Header length (id + size). */
  header: number;
}

export function readElementHeader(buf: Buffer, at: number): ElementHeader | null {
  const id = readId(buf, at);
  if (!id) return null;
  const size = readSize(buf, at + id.length);
  if (!size) return null;
  return { id: id.value, size: size.value, header: id.length + size.length };
}

/** An unsigned integer element's body. */
export function readUint(body: Buffer): number {
  let v = 0;
  for (const b of body) v = v * 256 + b;
  return v;
}

/** The children of an element whose body is in memory: [id, body]. */
export function* elements(body: Buffer): Generator<[number, Buffer]> {
  for (let at = 0; at < body.length;) {
    const h = readElementHeader(body, at);
    if (!h) return;
    const end = h.size < 0 ? body.length : at + h.header + h.size;
    yield [h.id, body.subarray(at + h.header, Math.min(end, body.length))];
    at = end;
  }
}
