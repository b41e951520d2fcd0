// A session body that holds at most `max` complete fragments nobody has read: past that,
// ffmpeg's stdout is paused, so its pipe fills and ffmpeg waits. Back-pressure counted in
// fragments, not bytes: a prepared start then costs about a second of work at any bitrate
// (an 8 MB buffer would be about 10 s of 1080p conversion per hovered tile).
import { Readable } from 'node:stream';
import { FragmentCounter } from '../../contract/mp4-boxes.js';

export interface GatedBody {
  body: Readable;
  /** Whether `max` fragments wait unread (the reader is holding the stream, not reading it). */
  full(): boolean;
}

export function gateFragments(source: Readable, max: number): GatedBody {
  const counter = new FragmentCounter();
  /** Stream offsets where fragments end that the reader has not read past yet. */
  const ends: number[] = [];
  let pushed = 0;
  const unread = (): number => {
    const read = pushed - body.readableLength;
    while (ends.length && ends[0]! <= read) ends.shift();
    return ends.length;
  };
  const body = new Readable({
    highWaterMark: 1,
    read() {
      if (unread() < max) source.resume();
    },
  });
  source.on('data', (chunk: Buffer) => {
    pushed += chunk.length;
    try {
      ends.push(...counter.push(chunk));
    } catch {
      /* malformed: ffmpeg's exit will say why; pass the bytes on */
    }
    body.push(chunk);
    if (unread() >= max) source.pause();
  });
  source.once('end', () => body.push(null));
  source.once('error', (err) => body.destroy(err));
  return { body, full: () => unread() >= max };
}
