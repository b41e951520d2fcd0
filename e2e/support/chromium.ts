// Debian's Chromium through playwright-core (Playwright's own browser download cannot work on
// these machines). Tests skip with one line where it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);
export const noChromiumReason = `Chromium not found at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required', '--mute-audio',
    ],
  });
}

/** Screenshots for people to look at after a run: out/e2e-artifacts/ (CI keeps the folder). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('out', 'e2e-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
