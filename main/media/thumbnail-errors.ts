// A thumbnail's errors: the one error type (a MediaError), and a failure remembered beside the
// thumbnail it stands for (`<thumb>.err`), so a file that gives no picture is not tried again
// until it changes.
import fs from 'node:fs/promises';
import { MediaError } from './media-error.js';

export type ThumbErrorCode = 'not-found' | 'gone' | 'cancelled' | 'no-picture' | 'failed' | 'refused' | 'not-answering';

export class ThumbError extends MediaError {
  constructor(message: string, code: ThumbErrorCode) {
    super(code, message);
  }
}

/** A write that failed for want of space: ffmpeg's words for it, or a file system error's code. */
export function isDiskFull(reason: unknown): boolean {
  if (typeof reason === 'string') return /No space left on device/i.test(reason);
  return (reason as NodeJS.ErrnoException | null)?.code === 'ENOSPC';
}

/** A thumbnail or sprite that could not be saved for want of space: the disk is to blame, not the file. */
export function diskFullError(what: 'thumbnail' | 'sprite'): ThumbError {
  return new ThumbError(`the disk is full, so the ${what} could not be saved`, 'failed');
}

/** A containment refusal (or a vanished file) as the thumbnail's error. */
export function openFailure(err: unknown): ThumbError {
  if (err instanceof MediaError && (err.code === 'refused' || err.code === 'not-answering')) return new ThumbError(err.message, err.code);
  return new ThumbError('file no longer exists', 'gone');
}

/** The queue's cancellation (or anything else thrown) as the thumbnail's error. */
export function asThumbError(err: unknown): ThumbError {
  if (err instanceof ThumbError) return err;
  if (err instanceof MediaError) return new ThumbError(err.message, err.code === 'cancelled' ? 'cancelled' : 'failed');
  return new ThumbError(err instanceof Error ? err.message : String(err), 'failed');
}

/** Wait for a thumbnail a background batch is making, unless `signal` gives up first. */
export function abortable(p: Promise<string>, signal?: AbortSignal): Promise<string> {
  if (!signal) return p;
  return new Promise<string>((resolve, reject) => {
    const onAbort = (): void => reject(new ThumbError('cancelled', 'cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A remembered failure (`<thumb>.err`): its words, marked when the file is never to be opened. */
export const REFUSED_MARK = 'refused:';

export async function readFailure(file: string): Promise<ThumbError | null> {
  let text: string;
  try {
    text = await fs.readFile(`${file}.err`, 'utf8');
  } catch {
    return null;
  }
  return text.startsWith(REFUSED_MARK) ? new ThumbError(text.slice(REFUSED_MARK.length), 'refused') : new ThumbError(text, 'no-picture');
}

/** ffmpeg's reason, in words a user reads under a tile. */
export function describeFailure(stderrLine: string): string {
  if (!stderrLine) return 'no picture could be decoded from this file';
  if (/matches no streams|does not contain any stream|Output file .* does not contain/i.test(stderrLine)) return 'this file has no picture (audio only)';
  if (/Invalid data found|moov atom not found|could not find codec parameters/i.test(stderrLine)) return 'the file is damaged or not a video';
  return `no picture could be decoded: ${stderrLine}`;
}
