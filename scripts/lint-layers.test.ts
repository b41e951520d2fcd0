// The layers of ../shared/ARCHITECTURE.md are kept by lint (eslint.config.js). Each ban is tried
// here on a line that crosses it, and the same line where it is allowed, so a ban that stops
// biting (a renamed folder, a changed pattern) fails this test.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// Without type information: the files below do not exist, and the import bans need none.
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

const ELECTRON = "import { app } from 'electron';";
const RAW_IPC = "import { ipcMain, ipcRenderer } from 'electron';";

describe('lint keeps the layers', () => {
  it.each([
    // [file, import, banned?]
    ['main/media/x.ts', "import { createDesktop } from '../app/desktop.js';", true],
    ['main/media/x.ts', "import { startShare } from '../share/server.js';", true],
    ['main/media/x.ts', "import { createCore } from '../service/core.js';", true],
    ['main/media/x.ts', "import { Library } from '../library/library.js';", false],
    ['main/library/x.ts', "import { spawnMedia } from '../media/ffmpeg.js';", true],
    ['main/util/x.ts', "import { Library } from '../library/library.js';", true],
    ['main/serve/x.ts', "import { createLiveApi } from '../api/live.js';", true],
    ['main/serve/x.ts', "import { spawnMedia } from '../media/ffmpeg.js';", false],
    ['main/api/x.ts', "import { createDesktop } from '../app/desktop.js';", true],
    ['main/api/x.ts', "import { LibraryRunner } from '../service/library-runner.js';", false],
    ['main/share/x.ts', "import { setupIpc } from '../electron/setup.js';", true],
    ['main/share/x.ts', "import { serveCommand } from '../cli/serve-command.js';", true],
    ['main/cli/x.ts', "import { lockDown } from '../electron/window.js';", true],
    ['main/cli/x.ts', "import { createDesktop } from '../app/desktop.js';", true],
    ['main/cli/x.ts', "import { startShare } from '../share/server.js';", false],
    ['main/app/x.ts', "import { serveCommand } from '../cli/serve-command.js';", true],
    ['main/app/x.ts', "import { startShare } from '../share/server.js';", false],
    ['main/media/x.ts', ELECTRON, true],
    ['main/share/x.ts', ELECTRON, true],
    ['main/cli/x.ts', ELECTRON, true],
    ['main/electron/window.ts', ELECTRON, false],
    ['main/electron/ipc.ts', RAW_IPC, true],
    ['main/index.ts', RAW_IPC, true],
    ['main/electron/setup.ts', RAW_IPC, false],
    ['preload/ipc-transport.ts', RAW_IPC, true],
    ['preload/index.ts', RAW_IPC, false],
    ['renderer/src/x.ts', "import { Library } from '../../main/library/library.js';", true],
    ['renderer/src/x.ts', "import { createIpcTransport } from '../../preload/ipc-transport.js';", true],
    ['renderer/src/x.ts', "import fs from 'node:fs';", true],
    ['renderer/src/x.ts', "import type { ReelvaultApi } from '../../contract/api.js';", false],
    ['contract/x.ts', "import { Library } from '../main/library/library.js';", true],
    ['contract/x.ts', "import fs from 'node:fs';", true],
  ])('%s: %s banned: %s', async (file, code, want) => {
    expect(await banned(file, code)).toBe(want);
  });
});
