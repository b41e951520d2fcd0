// A small logger: lines go to stderr at or above the level set by REELVAULT_LOG
// (debug | info | warn | error; default warn).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: number = ORDER[(process.env.REELVAULT_LOG as LogLevel) ?? 'warn'] ?? ORDER.warn;

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level];
}

/** Where lines also go (log-file.ts: the data folder's log, from info up), whatever stderr's level. */
type Sink = (line: string) => void;
let sink: { write: Sink; threshold: number } | null = null;

export function setLogSink(write: Sink | null, level: LogLevel = 'info'): void {
  sink = write ? { write, threshold: ORDER[level] } : null;
}

function write(level: LogLevel, scope: string, message: string): void {
  const toStderr = ORDER[level] >= threshold;
  const toSink = sink !== null && ORDER[level] >= sink.threshold;
  if (!toStderr && !toSink) return;
  const line = `${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}\n`;
  if (toStderr) process.stderr.write(line);
  if (toSink) sink!.write(line);
}

export function logger(scope: string) {
  return {
    debug: (m: string) => write('debug', scope, m),
    info: (m: string) => write('info', scope, m),
    warn: (m: string) => write('warn', scope, m),
    error: (m: string) => write('error', scope, m),
  };
}
