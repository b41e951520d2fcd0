// A sub-folder of a layer (main/media/analysis/) keeps its parent's place in the layers
// (eslint.config.js): each ban is tried on a line that crosses it, and on one that is allowed.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
});

async function banned(file: string, code: string): Promise<boolean> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = r!.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(fatal.map((m) => m.message).join('; '));
  return r!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

describe('lint keeps the layers in sub-folders', () => {
  it.each([
    ['main/media/analysis/x.ts', "import { createCore } from '../../service/core.js';", true],
    ['main/media/analysis/x.ts', "import { startShare } from '../../share/server.js';", true],
    ['main/media/analysis/x.ts', "import '../../index.js';", true],
    ['main/media/analysis/x.ts', "import { app } from 'electron';", true],
    ['main/media/analysis/x.ts', "import { spawnMedia } from '../ffmpeg.js';", false],
    ['main/media/analysis/x.ts', "import { LIBRARY_DEMUXERS } from '../../library/naming.mjs';", false],
  ])('%s: %s banned: %s', async (file, code, want) => {
    expect(await banned(file, code)).toBe(want);
  });
});
