// Lint: TypeScript's recommended rules (with types, for floating promises), React hooks rules for
// the renderer, a line length, and the layers of ../shared/ARCHITECTURE.md as import bans, so a
// wrong import fails CI (scripts/lint-layers.test.ts proves each ban bites).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * main/'s folders, lowest layer first: each may import the folders before it, never one after
 * it. The core (util … serve) runs in plain Node; `electron/` and `index.ts` wire Electron.
 */
const LAYERS = ['util', 'settings', 'library', 'media', 'remote', 'serve', 'service', 'api', 'share', 'cli', 'app', 'electron'];
/** Folders that may not import others of the same height. */
/** Folders of one height that stay apart: the headless commands and the desktop's parts. */
const SIBLINGS_APART = { app: ['cli'] };

const ELECTRON = { name: 'electron', message: 'Only main/electron/ and main/index.ts use Electron: the rest runs in plain Node (tests, CLI, serve).' };
/** Raw IPC only where the typed wrapper is handed it (GitHub Desktop's rule): main/electron/setup.ts, preload/index.ts. */
const RAW_IPC = { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the typed IPC wrapper (main/electron/ipc.ts, preload/ipc-transport.ts).' };

/** @param {string} folder */
function layerRules(folder) {
  const above = new Set([...LAYERS.slice(LAYERS.indexOf(folder) + 1), ...(SIBLINGS_APART[/** @type {keyof typeof SIBLINGS_APART} */ (folder)] ?? [])]);
  const paths = folder === 'electron' ? [RAW_IPC] : [ELECTRON];
  /** @type {import('eslint').Linter.RuleEntry} */
  const rule = ['error', {
    paths,
    // `../../` too: a sub-folder (main/media/analysis/) keeps its parent's layer.
    patterns: [{ group: [...[...above].flatMap((f) => [`../${f}/*`, `../../${f}/*`]), '../index.js', '../../index.js'], message: `main/${folder}/ is below these in the layers (eslint.config.js): move the shared part down, or pass it in.` }],
  }];
  return {
    files: [`main/${folder}/**/*.{ts,mjs}`],
    // Tests drive the layers together (a share test runs the CLI): they may import any of them.
    // setup.ts hands Electron's objects to the rest of electron/ (its own rule, below).
    ignores: ['**/*.test.ts', ...(folder === 'electron' ? ['main/electron/setup.ts'] : [])],
    rules: { 'no-restricted-imports': rule },
  };
}

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      // TypeScript (with checkJs for .mjs) already knows every global; ESLint's list does not.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@stylistic/max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    // Promises must be awaited, returned or marked `void`: a dropped rejection is a silent bug.
    files: ['main/**/*.ts', 'contract/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  ...LAYERS.map(layerRules),
  {
    files: ['main/electron/setup.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../cli/*'], message: 'The desktop does not run the headless commands.' }] }] },
  },
  {
    files: ['main/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [RAW_IPC] }] },
  },
  {
    files: ['preload/**/*.ts'],
    ignores: ['preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [RAW_IPC] }] },
  },
  {
    files: ['contract/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../main/**', '../preload/**', '../renderer/**', 'node:*', 'electron'], message: 'The contract is types and pure helpers that main, the preload and the renderer share: it imports none of them.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/main/**', '**/preload/**', 'node:*', 'electron'], message: 'The renderer knows only the contract (contract/).' }] }],
    },
  },
);
