// The log file in the data folder: what the app says from info up, for "Show logs" and for bug
// reports. Rotated at 5 MB, three old files kept. Secrets never reach it: tokens, pairing codes,
// credentials and cookies are cut from every line before it is written.
import fs from 'node:fs';
import path from 'node:path';
import { setLogSink } from './log.js';

export const LOG_FILE = 'reelvault.log';

export interface LogFileOptions {
  maxBytes?: number;
  keep?: number;
}

const SECRETS: Array<[RegExp, string]> = [
  [/([?&](?:token|code|credential)=)[^&\s"'<>]+/gi, '$1[redacted]'],
  [/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]'],
  [/((?:token|credential|code|cookie|password|secret)"?\s*[:=]\s*"?)[^"\s,;&]+/gi, '$1[redacted]'],
  [/(rv[_-][\w-]*=)[^;\s"]+/gi, '$1[redacted]'],
];

/** A log line with its secrets cut out. */
export function redact(line: string): string {
  let out = line;
  for (const [re, to] of SECRETS) out = out.replace(re, to);
  return out;
}

/** Sends the log to `dir/reelvault.log` from now on; returns a function that stops it. */
export function logToFile(dir: string, opts: LogFileOptions = {}): () => void {
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 3;
  const file = path.join(dir, LOG_FILE);
  fs.mkdirSync(dir, { recursive: true });
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  const rotate = (): void => {
    for (let i = keep; i >= 1; i--) {
      const from = i === 1 ? file : `${file}.${i - 1}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${file}.${i}`);
    }
    size = 0;
  };
  setLogSink((line) => {
    try {
      const safe = redact(line);
      if (size + safe.length > maxBytes) rotate();
      fs.appendFileSync(file, safe, { mode: 0o600 });
      size += Buffer.byteLength(safe);
    } catch {
      /* a full disk or a vanished data folder must not stop the app over its log */
    }
  });
  return () => setLogSink(null);
}
