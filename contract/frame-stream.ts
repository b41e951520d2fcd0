// The fast stream's wire format (a media URL with `speed=N`): pictures, each with its time on the
// file's timeline, one after another on one response. Both sides use this module: the share
// writes frames, the player reads them. A JPEG per picture rather than fragmented MP4: the
// player shows each at a time it chooses (64×, reverse, one frame back), which a <video> cannot.
//
//   frame = "RVF1" | u32 BE byte length of the picture | f64 BE seconds on the file's timeline | JPEG

export const FRAME_STREAM_TYPE = 'application/x-reelvault-frames';
const MAGIC = 0x52564631; // "RVF1"
export const FRAME_HEADER_BYTES = 16;
/** No picture the share sends is larger (a 4K JPEG at the quality used is far smaller). */
export const FRAME_MAX_BYTES = 16 * 1024 * 1024;

export interface StreamFrame {
  /** Seconds on the file's timeline (0 = its first frame), as the player's position. */
  time: number;
  jpeg: Uint8Array;
}

export function frameHeader(time: number, length: number): Uint8Array {
  const b = new Uint8Array(FRAME_HEADER_BYTES);
  const d = new DataView(b.buffer);
  d.setUint32(0, MAGIC);
  d.setUint32(4, length);
  d.setFloat64(8, time);
  return b;
}

/** Reads frames from chunks as they arrive; throws on anything that is not this format. */
export class FrameReader {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): StreamFrame[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    const out: StreamFrame[] = [];
    let at = 0;
    while (joined.length - at >= FRAME_HEADER_BYTES) {
      const d = new DataView(joined.buffer, joined.byteOffset + at, FRAME_HEADER_BYTES);
      if (d.getUint32(0) !== MAGIC) throw new Error('not a frame stream');
      const len = d.getUint32(4);
      if (len > FRAME_MAX_BYTES) throw new Error('frame too large');
      if (joined.length - at - FRAME_HEADER_BYTES < len) break;
      const time = d.getFloat64(8);
      out.push({ time, jpeg: joined.slice(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + len) });
      at += FRAME_HEADER_BYTES + len;
    }
    this.buf = joined.slice(at);
    return out;
  }
}
