// Debian's Chromium (apt-get install -y chromium) driven by playwright-core: no browser is downloaded.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), '.tmp', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A browser context: one person's browser (its own cookies). The browser asks for Italian, as an operator's
 * would; Chromium's default (en-US) would make the app negotiate English.
 *
 * bypassCSP: the app's Content-Security-Policy is `script-src 'self'`, which blocks the inline <script> that
 * page.addScriptTag({ content }) uses to inject axe-core (see axe.ts). The tests need axe on every page, so
 * their contexts bypass the CSP; `enforceCsp: true` gives a context that keeps it, for the test that checks
 * that pages load without CSP violations.
 */
export async function newContext(browser: Browser, baseURL: string, options: { enforceCsp?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    bypassCSP: !options.enforceCsp,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/**
 * Does something that navigates (a click on a link, a form submission) and waits for the new page: returns
 * the final response (after redirects), whose status the tests check (401, 403, 404...).
 */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const response = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
  );
  const loaded = page.waitForEvent('load');
  // All three together: if the action fails, the two waits do not end as unhandled rejections.
  const [final] = await Promise.all([response, loaded, action()]);
  return final;
}

export async function goto(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  return response;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
