// The one error of the media engine: a closed set of codes, each with the HTTP status the media
// handler and the legacy routes answer with. Callers branch on the code, never on the message.

export const MEDIA_ERROR_STATUS = {
  'not-found': 404,
  /** The file was listed but is no longer there. */
  gone: 404,
  /** Never served: it resolves outside its library folder, or only a playlist demuxer reads it. */
  refused: 403,
  /** A disk or network share stopped answering. */
  'not-answering': 504,
  busy: 503,
  'out-of-range': 400,
  /** 409: Chromium knows no 499 (nginx's "client closed"); nobody reads the answer anyway. */
  cancelled: 409,
  unplayable: 422,
  'no-picture': 422,
  failed: 500,
} as const;

export type MediaErrorCode = keyof typeof MEDIA_ERROR_STATUS;

export class MediaError extends Error {
  constructor(readonly code: MediaErrorCode, message: string, readonly retryAfterSec?: number) {
    super(message);
  }

  get status(): number {
    return MEDIA_ERROR_STATUS[this.code];
  }
}
