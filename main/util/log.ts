// A small logger: lines go to stderr at or above the level set by REELVAULT_LOG
// (debug | info | warn | error; default warn), and the last few hundred are kept in memory so an
// error report can show what led up to it.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const KEEP = 500;

const recent: string[] = [];
let threshold: number = ORDER[(process.env.REELVAULT_LOG as LogLevel) ?? 'warn'] ?? ORDER.warn;

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level];
}

export function recentLog(): readonly string[] {
  return recent;
}

function write(level: LogLevel, scope: string, message: string): void {
  const line = `${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}`;
  recent.push(line);
  if (recent.length > KEEP) recent.splice(0, recent.length - KEEP);
  if (ORDER[level] >= threshold) process.stderr.write(`${line}\n`);
}

export function logger(scope: string) {
  return {
    debug: (m: string) => write('debug', scope, m),
    info: (m: string) => write('info', scope, m),
    warn: (m: string) => write('warn', scope, m),
    error: (m: string) => write('error', scope, m),
  };
}
