// The player specs' common start: `reelvault serve` on a library of fixtures (plus whatever a
// spec makes in it), one paired Chromium page, every file's id by its path, and each session
// request the page makes.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { queryInPage } from './page-api.js';
import { makeLibrary, startServe, type Served } from './serve.js';

export interface PlayerPage {
  served: Served;
  browser: Browser;
  page: Page;
  library: string;
  /** File ids by path below the library. */
  ids: Map<string, string>;
  /** Every playback session URL (/media/transcode/, fast streams left out) the page asked for, in order. */
  sessionRequests: string[];
  /** Open the player on a file, optionally at a time (the #/play/<id>?t= route). */
  open(rel: string, t?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PlayerPageOptions {
  /** Make more files in the library before the share starts. */
  prepare?(library: string): void;
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}

export async function playerPage(files: Record<string, string>, opts: PlayerPageOptions = {}): Promise<PlayerPage> {
  const library = makeLibrary(files);
  opts.prepare?.(library);
  const served = await startServe(library, [], opts.env ?? {});
  const browser = await launchChromium();
  const page = await browser.newPage(opts.viewport ? { viewport: opts.viewport } : {});
  const sessionRequests: string[] = [];
  page.on('request', (r) => { if (isSessionRequest(r.url())) sessionRequests.push(r.url()); });
  await served.pair(page);
  const ids = new Map<string, string>();
  for (const e of await queryInPage(page, { limit: 1000, sort: 'name', facets: false })) ids.set(e.relPath, e.id);
  return {
    served, browser, page, library, ids, sessionRequests,
    async open(rel, t) {
      const url = `${served.base}/#/play/${ids.get(rel)}${t !== undefined ? `?t=${t}` : ''}`;
      // The same address again is no navigation at all: through the grid, so the player opens afresh.
      if (page.url() === url) await page.goto(`${served.base}/#/`);
      await page.goto(url);
    },
    async close() {
      await browser.close();
      await served.stop();
      fs.rmSync(library, { recursive: true, force: true });
    },
  };
}

/**
 * A playback session's request. A fast stream (`speed=`: the pictures a paused player decodes
 * ahead of a step back, or fast and reverse play) uses the same route but is not a session.
 */
export function isSessionRequest(url: string): boolean {
  return url.includes('/media/transcode/') && !new URL(url).searchParams.has('speed');
}
