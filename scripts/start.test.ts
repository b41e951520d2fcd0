// The set-up `npm start` and `npm test` do first (the start itself, without Electron, is
// e2e/start.spec.ts: it serves and prints a link).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../main/test-support/tmp.js';
import { buildToolsAdvice, depsStale, missingBuildTools } from './ensure-deps.mjs';

describe('installing what is missing', () => {
  it('installs when node_modules is absent or older than the lockfile, and not otherwise', () => {
    const root = tmpDir();
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
    expect(depsStale(root)).toBe(true);
    fs.mkdirSync(path.join(root, 'node_modules'));
    const marker = path.join(root, 'node_modules', '.package-lock.json');
    fs.writeFileSync(marker, '{}');
    const now = Date.now() / 1000;
    fs.utimesSync(marker, now, now);
    fs.utimesSync(path.join(root, 'package-lock.json'), now - 60, now - 60);
    expect(depsStale(root)).toBe(false);
    fs.utimesSync(path.join(root, 'package-lock.json'), now + 60, now + 60); // the lockfile changed since (a pull)
    expect(depsStale(root)).toBe(true);
  });

  it('finds this repository installed', () => {
    expect(depsStale(path.resolve('.'))).toBe(false);
  });
});

describe('what a build from source needs', () => {
  it.each([
    [[], 'python3, make, g++'],
    [['python3', 'make'], 'g++'],
  ])('names the missing tools in one line (on PATH: %j)', (present, named) => {
    const advice = buildToolsAdvice(missingBuildTools((t) => present.includes(t)));
    expect(advice).toContain(`install ${named} `);
    expect(advice.split('\n')).toHaveLength(1);
  });
});
