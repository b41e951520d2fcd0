// Paths of the generated media fixtures, for tests.
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { FIXTURES, type FixtureCase } from './fixture-cases.js';

export function fixturesDir(): string {
  return inject('fixturesDir');
}

export function fixture(file: string): string {
  return path.join(fixturesDir(), file);
}

export function fixtureCase(file: string): FixtureCase {
  const c = FIXTURES.find((f) => f.file === file);
  if (!c) throw new Error(`no fixture ${file}`);
  return c;
}

/** Copy fixtures into `root`: `files` maps a path in the library to a fixture file. */
export function copyFixtures(root: string, files: Record<string, string>): string {
  for (const [rel, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.copyFileSync(fixture(src), path.join(root, rel));
  }
  return root;
}
