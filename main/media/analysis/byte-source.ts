// Positioned reads of a file for the index readers: they read headers and index tables at known
// offsets and never the payload, so a one-hour recording costs a handful of reads, not its size.
import type { FileHandle } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Buffer>;
  /** How many reads reached the file (tests check the readers stay small). */
  readonly reads: number;
}

/** The smallest read that reaches the disk: headers that lie close together share one. */
const WINDOW = 16 * 1024;
/** No index is this large (a day of 25 fps MP4 has a 20 MB `moov`): a size field is damaged. */
export const MAX_READ = 256 * 1024 * 1024;

/** Reads through one cached window, so neighbouring small headers cost one system call. */
export function fileSource(handle: FileHandle, size: number): ByteSource {
  let win: { at: number; buf: Buffer } | null = null;
  let reads = 0;
  return {
    size,
    get reads() { return reads; },
    async read(offset, length) {
      if (length > MAX_READ) throw new RangeError(`a read of ${length} bytes`);
      const end = Math.min(size, offset + length);
      if (offset >= end) return Buffer.alloc(0);
      if (win && offset >= win.at && end <= win.at + win.buf.length) return win.buf.subarray(offset - win.at, end - win.at);
      const want = Math.min(size - offset, Math.max(length, WINDOW));
      const buf = Buffer.allocUnsafe(want);
      reads++;
      const { bytesRead } = await handle.read(buf, 0, want, offset);
      win = { at: offset, buf: buf.subarray(0, bytesRead) };
      return win.buf.subarray(0, Math.min(bytesRead, end - offset));
    },
  };
}

/** A whole file already in memory (table tests). */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    reads: 0,
    read: (offset, length) => Promise.resolve(buf.subarray(Math.max(0, offset), Math.min(buf.length, offset + length))),
  };
}
