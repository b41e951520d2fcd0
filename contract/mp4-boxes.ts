// Where the fragments of a fragmented MP4 stream end, counted as its bytes arrive: the share
// holds a prepared session to two unread fragments, and the renderer reads a prepared stream
// up to two fragments and no further. Pure; top-level boxes only (a fragment ends with its mdat).

export class FragmentCounter {
  /** Stream bytes seen so far. */
  private offset = 0;
  /** Where the box being passed over ends (Infinity: a last box "to the end of the stream"). */
  private boxEnd = 0;
  private boxType = '';
  private readonly header = new Uint8Array(16);
  private headerLen = 0;

  /** Feeds bytes; answers the stream offsets at which a fragment ended within them. */
  push(chunk: Uint8Array): number[] {
    const ends: number[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.offset < this.boxEnd) {
        const skip = Math.min(chunk.length - at, this.boxEnd - this.offset);
        at += skip;
        this.offset += skip;
        if (this.offset === this.boxEnd && this.boxType === 'mdat') ends.push(this.offset);
        continue;
      }
      // A box header: 8 bytes, or 16 with a 64-bit size.
      this.header[this.headerLen++] = chunk[at++]!;
      this.offset++;
      if (this.headerLen < 8) continue;
      const dv = new DataView(this.header.buffer);
      const size32 = dv.getUint32(0);
      if (size32 === 1 && this.headerLen < 16) continue;
      const size = size32 === 1 ? Number(dv.getBigUint64(8)) : size32 === 0 ? Infinity : size32;
      if (size < this.headerLen) throw new Error('malformed MP4 box');
      this.boxType = String.fromCharCode(...this.header.subarray(4, 8));
      this.boxEnd = this.offset - this.headerLen + size;
      this.headerLen = 0;
      if (this.offset === this.boxEnd && this.boxType === 'mdat') ends.push(this.offset);
    }
    return ends;
  }
}
