// Lint: TypeScript's recommended rules, React hooks rules for the renderer, and the process
// boundaries of ../shared/ARCHITECTURE.md as import bans, so a wrong import fails CI.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const CORE = ['main/library/**', 'main/media/**', 'main/serve/**', 'main/share/**', 'main/cli/**', 'main/settings/**', 'main/util/**'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript (with checkJs for .mjs) already knows every global; ESLint's list does not.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: CORE,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core runs in plain Node (tests, CLI, serve): wire Electron in main/index.ts or main/electron/.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/main/**', 'node:*', 'electron'], message: 'The renderer knows only the contract in preload/api.ts.' }] }],
    },
  },
);
