// Runs once before all tests: makes the media fixtures (tiny lavfi clips) in a temp folder keyed
// by their definitions, so reruns reuse them and a changed case is made anew.
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { FIXTURES, fixturesKey, makeFixtures, TIMELINE_FIXTURES } from './fixture-cases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const all = [...FIXTURES, ...TIMELINE_FIXTURES];
  const dir = path.join(os.tmpdir(), `reelvault-fixtures-${fixturesKey(all)}`);
  await makeFixtures(dir, all);
  project.provide('fixturesDir', dir);
}
