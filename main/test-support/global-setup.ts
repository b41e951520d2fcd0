// Runs once before all tests: makes the media fixtures (tiny lavfi clips) in a temp folder keyed
// by their definitions, so reruns reuse them and a changed case is made anew.
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { fixturesKey, makeFixtures } from '../media/fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const dir = path.join(os.tmpdir(), `reelvault-fixtures-${fixturesKey()}`);
  await makeFixtures(dir);
  project.provide('fixturesDir', dir);
}
