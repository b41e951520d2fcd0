// Request bodies are read only up to a cap, and refused by their declared length before a byte
// is read: an unauthenticated POST of 400 MB must not become 400 MB of the server's memory.
import { jsonError } from './handler.js';

/**
 * The 413 for a body past `limit`; the connection closes, so the rest is never read. Its code is
 * the contract's `bad-request`, as the API's callers expect of any refused call.
 */
export function bodyTooLarge(limit: number): Response {
  return jsonError(413, 'bad-request', `the body is larger than ${limit} bytes`, { Connection: 'close' });
}

/** A declared Content-Length past `limit` (a body sent in chunks is counted as it is read). */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  return !/^\d{1,15}$/.test(contentLength.trim()) || Number(contentLength) > limit;
}

/** The body as text, or null once it passes `limit` bytes (reading stops there). */
export async function readCapped(request: Request, limit: number): Promise<string | null> {
  if (declaredTooLarge(request.headers.get('content-length'), limit)) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
