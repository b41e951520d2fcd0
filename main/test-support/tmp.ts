// Real temporary folders for tests, removed after each test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) {
    // Tests may have removed permissions; give them back so the folder can go.
    try { fs.chmodSync(dir, 0o755); } catch { /* gone already */ }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const madeForFile: string[] = [];

afterAll(() => {
  // (A child process still closing may write one last file: retried rather than failed.)
  for (const dir of madeForFile.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** A folder kept for the whole test file (a harness set up in beforeAll). */
export function fileTmpDir(prefix = 'rv-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeForFile.push(dir);
  return dir;
}

export function tmpDir(prefix = 'rv-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Create files under `root`: a string is the content, null makes a folder. */
export function writeTree(root: string, files: Record<string, string | Buffer | null>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (content === null) {
      fs.mkdirSync(p, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
  }
}

/** Every path under `dir` with its size and mtime: to prove a folder was not written to. */
export function fingerprint(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs} ${st.mode}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}
