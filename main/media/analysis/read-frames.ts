// The video frames of a file from its container's own index, whichever container it is.
import type { FileHandle } from 'node:fs/promises';
import { aviFrames } from './avi-frames.js';
import { fileSource, type ByteSource } from './byte-source.js';
import { mkvFrames } from './mkv-frames.js';
import { mp4Frames } from './mp4-frames.js';
import { IndexError, type Container, type VideoFrames } from './video-frames.js';

/** The container, from the first bytes (names lie; recorders write odd extensions). */
export function sniffContainer(head: Buffer): Container | null {
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'AVI ') return 'avi';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
  if (head.length >= 8 && /^(ftyp|moov|mdat|free|skip|wide|pnot|moof|styp)$/.test(head.toString('latin1', 4, 8))) return 'mp4';
  return null;
}

const READERS: Record<Container, (src: ByteSource) => Promise<VideoFrames>> = { avi: aviFrames, matroska: mkvFrames, mp4: mp4Frames };

export async function readFramesFrom(src: ByteSource): Promise<VideoFrames> {
  const kind = sniffContainer(await src.read(0, 12));
  if (!kind) throw new IndexError('no frame index in this kind of file (MP4, MOV, AVI and Matroska have one)');
  try {
    return await READERS[kind](src);
  } catch (err) {
    // A table that claims more entries than its box holds: the parsers read past the end.
    if (err instanceof RangeError) throw new IndexError(`the ${kind === 'mp4' ? 'MP4' : kind === 'avi' ? 'AVI' : 'Matroska'} index is damaged`);
    throw err;
  }
}

/** Frames of an open file (a ContainedFile's handle): a few positioned reads, nothing decoded. */
export function readVideoFrames(handle: FileHandle, size: number): Promise<VideoFrames> {
  return readFramesFrom(fileSource(handle, size));
}
