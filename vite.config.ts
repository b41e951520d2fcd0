// Vite builds the renderer (renderer/ → out/renderer) and, with `--mode preload`, the sandboxed
// preload as one CommonJS file (out/preload/index.cjs: a sandboxed preload may require only
// electron). Vitest runs the unit and integration tests beside the code and the e2e tests.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const preload = defineConfig({
  build: {
    outDir: 'out/preload',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    lib: { entry: path.resolve('preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});

/**
 * `npm run dev`: the renderer with hot reload, against a running headless share
 * (REELVAULT_DEV_SHARE, default http://127.0.0.1:8080). Its routes are proxied with Host and
 * Origin rewritten to the share's own, so the share sees same-origin requests: its CORS list
 * stays empty and its checks (foreign hosts, cross-site pages) stay on.
 */
export const DEV_SHARE = process.env.REELVAULT_DEV_SHARE ?? 'http://127.0.0.1:8080';
const toShare = {
  target: DEV_SHARE,
  changeOrigin: true,
  configure: (proxy: { on(ev: 'proxyReq', fn: (req: { getHeader(n: string): unknown; setHeader(n: string, v: string): void }) => void): void }) => {
    proxy.on('proxyReq', (req) => { if (req.getHeader('origin')) req.setHeader('origin', new URL(DEV_SHARE).origin); });
  },
};

export default defineConfig(({ mode }) => (mode === 'preload' ? preload : {
  root: 'renderer',
  // Relative asset URLs: the same build loads from reelvault://app/ and from the LAN share's /.
  base: './',
  plugins: [react()],
  server: { proxy: { '/api': toShare, '/media': toShare, '/pair': toShare, '/videos': toShare } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    // Integration tests run real ffmpeg, workers and servers: keep them from starving each other on 2 cores.
    pool: 'forks',
    globalSetup: ['main/test-support/global-setup.ts'],
    setupFiles: ['main/test-support/no-orphans.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is a fixed deadline in disguise: on 2 shared cores a page or a
    // server under load takes longer than that to reach a state it does reach. A poll still ends the
    // moment its condition holds, so only a failing test waits this long.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['main/**/*.test.ts', 'contract/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'] },
      },
      {
        // Real Chromium against the built app (`npm test` builds it first); one file at a time,
        // since each runs a browser and a server with its ffmpeg.
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.spec.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
}));
