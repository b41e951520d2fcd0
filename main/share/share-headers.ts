// The headers every answer of the share carries, whoever gives it: the handler, or the server
// itself (a timeout, a refused method, too many connections).
import type { ServerResponse } from 'node:http';
import { writeWebResponse } from '../serve/node-adapter.js';

/** X-Reelvault-Share: another Reelvault that paired with this share knows it by this id. */
export function shareHeaders(shareId: string): Record<string, string> {
  return { 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'X-Reelvault-Share': shareId };
}

/** `response` with the share's headers set on it. */
export function withShareHeaders(response: Response, shareId: string, extra: Record<string, string> = {}): Response {
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries({ ...shareHeaders(shareId), ...extra })) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Answer on a node response, without the handler (which never sees the request). */
export function answerDirectly(res: ServerResponse, response: Response, shareId: string): void {
  void writeWebResponse(res, withShareHeaders(response, shareId), new AbortController().signal);
}
