/**
 * Debian's Chromium driven by playwright-core for the web app's end-to-end tests. Playwright's own
 * browser download does not work here, so the system browser is used with the flags this machine
 * needs (no sandbox as root, no background network traffic, which the closed network refuses).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots go: `test-artifacts/e2e/` at the repository root (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));

const BUILD_SCRIPT = fileURLToPath(
  new URL('../../../../apps/web/scripts/build-if-stale.mjs', import.meta.url),
);

/**
 * Whether the browser tests can run. In CI a missing Chromium is a failure (the CI script installs
 * it); on a developer machine the tests are skipped with a loud note saying how to get it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\``;
  if (process.env.CI === 'true') throw new Error(`${message} (required in CI)`);
  console.warn(`\n*** SKIPPING the web end-to-end tests. ${message} to run them. ***\n`);
  return false;
}

/** Builds the web app unless it is up to date (`npm test` has done it already; a lone vitest run may not). */
export function ensureWebAppBuilt(): void {
  const result = spawnSync(process.execPath, [BUILD_SCRIPT], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the web app failed:\n${result.stdout}${result.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  // Playwright gives each launch a fresh temporary profile (--user-data-dir) and removes it on close.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** A fresh context (its own storage, like another browser profile) with one page on `url`. */
export async function openPage(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  // Anything the page logs as an error shows up in the test output, to explain a failure.
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
}
