// Server-sent events over fetch, so the same code runs in a browser and in Node's tests (Node
// 20 has no EventSource), and so reconnects resume with Last-Event-ID after any kind of drop:
// an error, the server going away, or silence longer than a few heartbeats (a dead Wi-Fi link).

export interface StreamEvent {
  id: number | null;
  name: string;
  data: string;
}

/** Parses an SSE byte stream (text already decoded) into events; keeps the partial tail. */
export class SseParser {
  private buf = '';
  private name = '';
  private data: string[] = [];
  private id: number | null = null;
  retryMs: number | null = null;

  push(text: string, emit: (e: StreamEvent) => void): void {
    this.buf += text;
    let nl: number;
    while ((nl = this.buf.search(/\r\n|\r|\n/)) >= 0) {
      // A CR at the very end may be half of a CRLF split across chunks: wait for the next one.
      if (this.buf[nl] === '\r' && nl === this.buf.length - 1) break;
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + (this.buf.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (this.data.length) emit({ id: this.id, name: this.name || 'message', data: this.data.join('\n') });
        this.name = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.name = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id' && /^\d+$/.test(value)) this.id = Number(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
  }

  /** The last id seen (sent back as Last-Event-ID on reconnect). */
  get lastId(): number | null {
    return this.id;
  }
}

export interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  headers?: () => Record<string, string>;
  onEvent: (e: StreamEvent) => void;
  /** Connected, reconnecting, or refused (auth): for a status line. */
  onState?: (state: 'open' | 'reconnecting' | 'unauthorized') => void;
  /** No bytes (not even a heartbeat) for this long means the link is dead: reconnect. */
  silenceMs?: number;
  /** Longest wait between reconnects. */
  maxBackoffMs?: number;
}

/** Opens the stream and keeps it open until `close()`. */
export function openEventStream(opts: EventStreamOptions): { close(): void } {
  let closed = false;
  let lastId: number | null = null;
  let ac: AbortController | null = null;
  let failures = 0;
  let retryMs = 2000;
  const silenceMs = opts.silenceMs ?? 45_000;
  const maxBackoff = opts.maxBackoffMs ?? 15_000;

  const run = async (): Promise<void> => {
    while (!closed) {
      ac = new AbortController();
      let watchdog: ReturnType<typeof setTimeout> | null = null;
      const arm = (): void => {
        if (watchdog) clearTimeout(watchdog);
        const current = ac;
        watchdog = setTimeout(() => current?.abort(), silenceMs);
      };
      try {
        arm();
        const res = await opts.fetch(opts.url, {
          headers: { Accept: 'text/event-stream', ...(opts.headers?.() ?? {}), ...(lastId !== null ? { 'Last-Event-ID': String(lastId) } : {}) },
          signal: ac.signal,
        });
        if (res.status === 401) {
          opts.onState?.('unauthorized');
          await res.body?.cancel().catch(() => undefined);
          // Pairing is needed; look again now and then (the user may pair in another tab).
          await sleep(Math.min(maxBackoff * 2, 30_000));
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        opts.onState?.('open');
        failures = 0;
        const parser = new SseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          arm();
          parser.push(value, (e) => {
            if (e.id !== null) lastId = e.id;
            if (!closed) opts.onEvent(e);
          });
          if (parser.retryMs !== null) retryMs = parser.retryMs;
        }
      } catch {
        /* dropped, refused or silent: reconnect below */
      } finally {
        if (watchdog) clearTimeout(watchdog);
      }
      if (closed) break;
      opts.onState?.('reconnecting');
      failures++;
      await sleep(Math.min(maxBackoff, retryMs * 2 ** Math.min(failures - 1, 4)) * (0.75 + Math.random() * 0.5));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      ac?.abort();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
