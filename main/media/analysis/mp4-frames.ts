// Video frame sizes, times and keyframes of an MP4/MOV file from its `moov` sample tables and,
// for fragmented files, its `moof` run boxes. Reads `moov` and each `moof`, never `mdat`.
import type { ByteSource } from './byte-source.js';
import { child, childAt, childBoxes, topBoxes } from './mp4-boxes.js';
import {
  parseCtts, parseElstMediaTime, parseStss, parseStsz, parseStts, parseStz2, parseTfdt, parseTfhd, parseTrex, parseTrun, type FragmentDefaults,
} from './mp4-tables.js';
import { IndexError, type VideoFrames } from './video-frames.js';

interface VideoTrack {
  id: number;
  timescale: number;
  /** Media time where presentation starts (the edit list), in the track's timescale. */
  shift: number;
  codec: string;
  width: number;
  height: number;
  trex: FragmentDefaults;
}

function videoTrack(moov: Buffer): { track: VideoTrack; stbl: Buffer } | null {
  for (const b of childBoxes(moov)) {
    if (b.type !== 'trak') continue;
    const trak = moov.subarray(b.start, b.end);
    const hdlr = childAt(trak, 'mdia/hdlr');
    if (!hdlr || hdlr.toString('latin1', 8, 12) !== 'vide') continue;
    const mdhd = childAt(trak, 'mdia/mdhd');
    const tkhd = child(trak, 'tkhd');
    const stbl = childAt(trak, 'mdia/minf/stbl');
    if (!mdhd || !tkhd || !stbl) continue;
    const v1 = mdhd.readUInt8(0) === 1;
    const timescale = mdhd.readUInt32BE(v1 ? 20 : 12);
    const t1 = tkhd.readUInt8(0) === 1;
    const id = tkhd.readUInt32BE(t1 ? 20 : 12);
    const dims = tkhd.length - 8; // width and height close the box, 16.16 fixed point
    const elst = childAt(trak, 'edts/elst');
    const stsd = child(stbl, 'stsd');
    return {
      track: {
        id, timescale, shift: elst ? parseElstMediaTime(elst) : 0,
        codec: stsd && stsd.length >= 16 ? stsd.toString('latin1', 12, 16) : '',
        width: tkhd.readUInt32BE(dims) >>> 16, height: tkhd.readUInt32BE(dims + 4) >>> 16,
        trex: { duration: 0, size: 0, flags: 0 },
      },
      stbl,
    };
  }
  return null;
}

/** Frames of the sample tables (`stbl`), pure. */
export function framesOfStbl(stbl: Buffer, timescale: number, shift: number): Pick<VideoFrames, 'times' | 'sizes' | 'keys'> & { endDts: number } {
  const stsz = child(stbl, 'stsz');
  const stz2 = child(stbl, 'stz2');
  const sizes = stsz ? parseStsz(stsz) : stz2 ? parseStz2(stz2) : [];
  const stts = child(stbl, 'stts');
  const durations = stts ? parseStts(stts, sizes.length) : [];
  const cttsBox = child(stbl, 'ctts');
  const ctts = cttsBox ? parseCtts(cttsBox, sizes.length) : null;
  const stssBox = child(stbl, 'stss');
  // No `stss`: every sample is a sync sample (§8.6.2.1). Its numbers ascend: walked alongside.
  const sync = stssBox ? [...parseStss(stssBox)].sort((a, b) => a - b) : null;
  const n = sizes.length;
  const times = new Array<number>(n);
  const keys = new Array<boolean>(n);
  let dts = 0, s = 0;
  for (let k = 0; k < n; k++) {
    times[k] = (dts + (ctts ? ctts[k] ?? 0 : 0) - shift) / timescale;
    if (sync) {
      while (s < sync.length && sync[s]! < k + 1) s++;
      keys[k] = sync[s] === k + 1;
    } else {
      keys[k] = true;
    }
    dts += durations[k] ?? durations.at(-1) ?? 0;
  }
  return { times, sizes, keys, endDts: dts };
}

/** Adds the video samples of one `moof` body to `out`; `dts` carries on from the last fragment. */
export function addFragment(moof: Buffer, track: Pick<VideoTrack, 'id' | 'timescale' | 'shift' | 'trex'>, out: Pick<VideoFrames, 'times' | 'sizes' | 'keys'>, dts: number): number {
  for (const b of childBoxes(moof)) {
    if (b.type !== 'traf') continue;
    const traf = moof.subarray(b.start, b.end);
    const tfhd = child(traf, 'tfhd');
    if (!tfhd) continue;
    const d = parseTfhd(tfhd, track.trex);
    if (d.trackId !== track.id) continue;
    const tfdt = child(traf, 'tfdt');
    if (tfdt) dts = parseTfdt(tfdt);
    for (const r of childBoxes(traf)) {
      if (r.type !== 'trun') continue;
      for (const s of parseTrun(traf.subarray(r.start, r.end), d)) {
        out.times.push((dts + s.cto - track.shift) / track.timescale);
        out.sizes.push(s.size);
        out.keys.push(s.sync);
        dts += s.duration;
      }
    }
  }
  return dts;
}

export async function mp4Frames(src: ByteSource): Promise<VideoFrames> {
  let found: { track: VideoTrack; stbl: Buffer } | null = null;
  const moofs: { start: number; end: number }[] = [];
  for await (const b of topBoxes(src)) {
    if (b.type === 'moov') {
      const moov = await src.read(b.start, b.end - b.start);
      found = videoTrack(moov);
      if (!found) throw new IndexError('no video track in this MP4 file');
      for (const t of childBoxes(child(moov, 'mvex') ?? Buffer.alloc(0))) {
        if (t.type !== 'trex') continue;
        const trex = parseTrex(child(moov, 'mvex')!.subarray(t.start, t.end));
        if (trex.trackId === found.track.id) found.track.trex = { duration: trex.duration, size: trex.size, flags: trex.flags };
      }
    } else if (b.type === 'moof') {
      moofs.push(b);
    }
  }
  if (!found) throw new IndexError('this MP4 file has no index (moov)');
  const { track, stbl } = found;
  const { endDts, ...tables } = framesOfStbl(stbl, track.timescale, track.shift);
  const frames: VideoFrames = { container: 'mp4', codec: track.codec, width: track.width, height: track.height, ...tables };
  let dts = endDts;
  for (const m of moofs) dts = addFragment(await src.read(m.start, m.end - m.start), track, frames, dts);
  return frames;
}
