// One running playback session: its ffmpeg, its body, and how it ends (a reader that goes away
// ends it at once; an ffmpeg that fails mid-stream ends the body with an error).
import type { Readable } from 'node:stream';
import type { PlaybackPlan } from '../../contract/api.js';
import { firstMeaningfulLine, type MediaProcess } from './ffmpeg.js';
import type { Progress, ProgressParser } from './progress.js';
import type { Session } from './sessions.js';
import type { SessionKind } from './session-kinds.js';
import { logger } from '../util/log.js';

const log = logger('sessions');

export class SessionImpl implements Session {
  readonly ended: Promise<void>;

  constructor(
    readonly id: number,
    readonly kind: SessionKind,
    readonly mode: PlaybackPlan['mode'],
    readonly startTime: number,
    readonly timestampOffset: number,
    private readonly proc: MediaProcess,
    readonly body: Readable,
    private readonly parser: ProgressParser,
    private readonly ac: AbortController,
    onEnd: () => void,
  ) {
    // A reader that goes away (destroys the body) ends the session at once.
    body.once('close', () => this.abort());
    this.ended = proc.exited.then((exit) => {
      onEnd();
      if (!this.ac.signal.aborted && exit.code !== 0) {
        log.warn(`session ${id} ended early (exit ${exit.code ?? exit.signal}): ${firstMeaningfulLine(proc.stderr())}`);
        body.destroy(new Error('conversion stopped'));
      }
    });
  }

  progress(): Progress | null {
    return this.parser.latest;
  }

  abort(): void {
    if (this.ac.signal.aborted) return;
    this.ac.abort();
    this.proc.stop();
    // Nobody reads the pipe any more: drop it so the child's exit is not held up by unread bytes.
    this.proc.child.stdout?.destroy();
    if (!this.body.destroyed) this.body.destroy();
  }
}
