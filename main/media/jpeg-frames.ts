// Pictures out of ffmpeg: JPEGs one after another on stdout (image2pipe), and their times in
// the `showinfo` lines on stderr, one per picture, in the same order. Pure, tested by table.

/**
 * Splits concatenated JPEGs. Markers are read by their lengths up to the scan; inside the scan a
 * 0xFF byte is always followed by 0x00 (stuffing) or a restart marker, so the first other marker
 * there is the end (EOI). Never trusts a bare FFD9 in a table.
 */
export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private inScan = false;

  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      const end = this.scan();
      if (end < 0) break;
      out.push(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
      this.pos = 0;
      this.inScan = false;
    }
    return out;
  }

  /** The end of the first complete JPEG in the buffer, or -1 until it is all there. */
  private scan(): number {
    const b = this.buf;
    if (this.pos === 0) {
      if (b.length < 2) return -1;
      if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error('not a JPEG stream');
      this.pos = 2;
    }
    while (!this.inScan) {
      if (b.length < this.pos + 4) return -1;
      if (b[this.pos] !== 0xff) throw new Error('bad JPEG marker');
      const marker = b[this.pos + 1]!;
      if (marker === 0xff) { this.pos++; continue; } // fill byte
      if (marker === 0xd9) return this.pos + 2;
      const len = b.readUInt16BE(this.pos + 2);
      if (b.length < this.pos + 2 + len) return -1;
      this.pos += 2 + len;
      if (marker === 0xda) this.inScan = true;
    }
    for (let i = this.pos; i + 1 < b.length; i++) {
      if (b[i] !== 0xff) continue;
      const m = b[i + 1]!;
      if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) continue;
      if (m === 0xd9) return i + 2;
      // Another marker after a scan (a progressive JPEG's next table): read on by lengths.
      this.pos = i;
      this.inScan = false;
      return this.scan();
    }
    this.pos = Math.max(this.pos, b.length - 1);
    return -1;
  }
}

/** Picture times (pts_time, s) from showinfo lines, as they arrive in stderr's chunks. */
export class ShowinfoTimes {
  private rest = '';

  push(text: string): number[] {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    const out: number[] = [];
    for (const l of lines) {
      const m = /Parsed_showinfo.*\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.e+-]+)/.exec(l);
      if (m) out.push(Number(m[1]));
    }
    return out;
  }
}
