// Paths of the generated media fixtures, for tests.
import path from 'node:path';
import { inject } from 'vitest';
import { FIXTURES, type FixtureCase } from '../media/fixtures.js';

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
