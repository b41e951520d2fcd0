import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { logger } from './log.js';
import { LOG_FILE, logToFile, redact } from './log-file.js';

describe('the log file', () => {
  let stop: (() => void) | null = null;
  afterEach(() => { stop?.(); stop = null; });

  it('rotates at its size, keeping three old files', () => {
    const dir = tmpDir();
    stop = logToFile(dir, { maxBytes: 2000, keep: 3 });
    const log = logger('test');
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`, `${LOG_FILE}.3`]);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
    expect(fs.readFileSync(path.join(dir, LOG_FILE), 'utf8')).toMatch(/line 199/);
  });

  it('never holds a token, a pairing code, a credential or a cookie', () => {
    const dir = tmpDir();
    stop = logToFile(dir);
    logger('share').warn('GET /videos?token=s3cr3t-token-value&x=1 from 10.0.0.2 Authorization: Bearer abc.def-ghi');
    logger('share').info('pairing link http://192.168.1.5:8080/pair?code=Qm9vbGVhbkNvZGVYWVo and {"credential":"cred-123","code":"zz"} Cookie: rv_device=xyz');
    const text = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8');
    for (const secret of ['s3cr3t-token-value', 'abc.def-ghi', 'Qm9vbGVhbkNvZGVYWVo', 'cred-123', '"zz"', 'xyz']) expect(text).not.toContain(secret);
    expect(text).toMatch(/token=\[redacted\]&x=1/);
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
