// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for the code-server workbench.
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import * as fs from 'node:fs';

export const chromiumPath = process.env.CGROUP_LENS_CHROMIUM ?? '/usr/bin/chromium';

/** Playwright gives every launch a fresh temporary profile of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}; run scripts/setup-machine.sh (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return context.newPage();
}

/** Resolves once the workbench has rendered (about 3-5 s after navigation). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}
