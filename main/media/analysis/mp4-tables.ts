// The sample tables of an MP4/MOV track and the run boxes of a fragment, each a pure function of
// its box's body (the bytes after the 8- or 16-byte box header). ISO/IEC 14496-12 §8.6–8.8.

/** More samples than this is a damaged table (46 days at 25 fps), not a recording. */
export const MAX_SAMPLES = 100_000_000;

function tooMany(n: number, what: string): void {
  if (n > MAX_SAMPLES) throw new RangeError(`${what} claims ${n} samples`);
}

/** `stts`: decoding durations, run-length coded. One duration per sample, at most `limit`. */
export function parseStts(body: Buffer, limit = MAX_SAMPLES): number[] {
  const n = body.readUInt32BE(4);
  let total = 0;
  for (let k = 0; k < n; k++) total += body.readUInt32BE(8 + k * 8);
  const out = new Array<number>(Math.min(total, limit));
  for (let k = 0, at = 0; k < n && at < out.length; k++) out.fill(body.readUInt32BE(12 + k * 8), at, (at += body.readUInt32BE(8 + k * 8)));
  return out;
}

/** `ctts`: composition offsets (signed in version 1, and in practice in version 0 too). */
export function parseCtts(body: Buffer, limit = MAX_SAMPLES): number[] {
  const n = body.readUInt32BE(4);
  const out: number[] = [];
  for (let k = 0; k < n && out.length < limit; k++) {
    const count = Math.min(body.readUInt32BE(8 + k * 8), limit - out.length);
    const offset = body.readInt32BE(12 + k * 8);
    for (let j = 0; j < count; j++) out.push(offset);
  }
  return out;
}

/** `stss`: the 1-based numbers of the sync samples (keyframes). */
export function parseStss(body: Buffer): Set<number> {
  const n = body.readUInt32BE(4);
  const out = new Set<number>();
  for (let k = 0; k < n; k++) out.add(body.readUInt32BE(8 + k * 4));
  return out;
}

/** `stsz`: one size per sample, or one size for all. */
export function parseStsz(body: Buffer): number[] {
  const fixed = body.readUInt32BE(4);
  const n = body.readUInt32BE(8);
  tooMany(n, 'stsz');
  if (fixed) return new Array<number>(n).fill(fixed);
  if (12 + n * 4 > body.length) throw new RangeError('stsz is cut short');
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = body.readUInt32BE(12 + k * 4);
  return out;
}

/** `stz2`: compact sizes of 4, 8 or 16 bits. */
export function parseStz2(body: Buffer): number[] {
  const bits = body.readUInt8(7);
  const n = body.readUInt32BE(8);
  tooMany(n, 'stz2');
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    if (bits === 16) out[k] = body.readUInt16BE(12 + k * 2);
    else if (bits === 8) out[k] = body.readUInt8(12 + k);
    else {
      const b = body.readUInt8(12 + (k >> 1));
      out[k] = k % 2 === 0 ? b >> 4 : b & 15;
    }
  }
  return out;
}

/** `elst`: where the first edit starts in the media (−1 for an empty edit, none: 0). */
export function parseElstMediaTime(body: Buffer): number {
  const version = body.readUInt8(0);
  const n = body.readUInt32BE(4);
  for (let k = 0, at = 8; k < n; k++) {
    const mediaTime = version === 1 ? Number(body.readBigInt64BE(at + 8)) : body.readInt32BE(at + 4);
    at += version === 1 ? 20 : 12;
    if (mediaTime >= 0) return mediaTime;
  }
  return 0;
}

/** A sample is a keyframe unless its flags say `sample_is_non_sync_sample` (§8.8.3.1). */
export const isSyncFlags = (flags: number): boolean => (flags & 0x0001_0000) === 0;

export interface FragmentDefaults {
  duration: number;
  size: number;
  flags: number;
}

/** `trex` (in `mvex`): per-track defaults for fragments. */
export function parseTrex(body: Buffer): { trackId: number } & FragmentDefaults {
  return { trackId: body.readUInt32BE(4), duration: body.readUInt32BE(12), size: body.readUInt32BE(16), flags: body.readUInt32BE(20) };
}

/** `tfhd`: the track a fragment belongs to and the defaults it overrides. */
export function parseTfhd(body: Buffer, trex: FragmentDefaults): { trackId: number } & FragmentDefaults {
  const flags = body.readUInt32BE(0) & 0xffffff;
  let at = 8;
  const trackId = body.readUInt32BE(4);
  if (flags & 0x01) at += 8; // base_data_offset
  if (flags & 0x02) at += 4; // sample_description_index
  const d = { ...trex };
  if (flags & 0x08) { d.duration = body.readUInt32BE(at); at += 4; }
  if (flags & 0x10) { d.size = body.readUInt32BE(at); at += 4; }
  if (flags & 0x20) d.flags = body.readUInt32BE(at);
  return { ...d, trackId };
}

/** `tfdt`: the decoding time of the fragment's first sample. */
export function parseTfdt(body: Buffer): number {
  return body.readUInt8(0) === 1 ? Number(body.readBigUInt64BE(4)) : body.readUInt32BE(4);
}

export interface RunSample {
  duration: number;
  size: number;
  sync: boolean;
  /** Composition offset. */
  cto: number;
}

/** `trun`: the samples of one run, their missing fields taken from the defaults. */
export function parseTrun(body: Buffer, d: FragmentDefaults): RunSample[] {
  const flags = body.readUInt32BE(0) & 0xffffff;
  const n = body.readUInt32BE(4);
  let at = 8;
  if (flags & 0x001) at += 4; // data_offset
  let first: number | null = null;
  if (flags & 0x004) { first = body.readUInt32BE(at); at += 4; }
  const out: RunSample[] = [];
  for (let k = 0; k < n; k++) {
    let duration = d.duration, size = d.size, sf = k === 0 && first !== null ? first : d.flags, cto = 0;
    if (flags & 0x100) { duration = body.readUInt32BE(at); at += 4; }
    if (flags & 0x200) { size = body.readUInt32BE(at); at += 4; }
    if (flags & 0x400) { sf = body.readUInt32BE(at); at += 4; }
    if (flags & 0x800) { cto = body.readInt32BE(at); at += 4; }
    out.push({ duration, size, sync: isSyncFlags(sf), cto });
  }
  return out;
}
