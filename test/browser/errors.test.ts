// Errors as people meet them: a wrong password, a page that does not exist. Also: the axe helper itself
// fails on a serious violation, and the pages load under the app's real CSP without violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { goto, launchBrowser, newContext } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { LoginPage } from './pages/login-page.js';
import { Layout } from './pages/layout.js';

let ponte: RunningPonte;
let browser: Browser;

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

describe('errors', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser, ponte.baseUrl);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('a wrong password shows the message next to the form and keeps the e-mail typed', async () => {
    const login = new LoginPage(page);
    await login.goto();
    await expectAccessible(page, 'login');
    const response = await login.signIn('funzionario@prefettura.example', 'not the password at all');
    expect(response.status()).toBe(401);
    expect(new URL(page.url()).pathname).toBe(LoginPage.path);

    expect(await login.errors.isVisible()).toBe(true);
    expect(await login.errors.getAttribute('role')).toBe('alert');
    expect(await login.errors.innerText()).toContain('Indirizzo e-mail o password non corretti.');
    // Next to the form: the summary comes right before it, in the same column.
    expect(await page.locator('#error-summary + form[action="/login"]').count()).toBe(1);
    const summaryBox = (await login.errors.boundingBox())!;
    const formBox = (await login.form.boundingBox())!;
    expect(formBox.y).toBeGreaterThanOrEqual(summaryBox.y + summaryBox.height);
    expect(formBox.y - (summaryBox.y + summaryBox.height)).toBeLessThan(80);
    expect(Math.abs(formBox.x - summaryBox.x)).toBeLessThan(2);

    expect(await login.email.inputValue()).toBe('funzionario@prefettura.example');
    expect(await login.password.inputValue()).toBe('');
    expect(await page.content()).not.toContain('not the password at all');
    await expectAccessible(page, 'login, wrong password');
  });

  it('a page that does not exist answers 404 with a translated page', async () => {
    const layout = new Layout(page);
    const response = await layout.open('/pagina-che-non-esiste');
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toContain('text/html');
    expect(await layout.lang()).toBe('it');
    expect(await layout.heading.innerText()).toBe('Pagina non trovata');
    expect(await page.title()).toBe('Pagina non trovata · Ponte');
    expect(await page.locator('main').innerText()).toContain('La pagina che cerchi non esiste o non è disponibile.');
    expect(await page.locator('main a[href="/"]').innerText()).toBe('Torna alla pagina iniziale');
    await expectAccessible(page, '404');
  });

  it('expectAccessible fails, naming the rule and the element, on a serious violation', async () => {
    const layout = new Layout(page);
    await layout.open('/login');
    // Break the page on purpose: the e-mail field loses its label (axe rule "label", critical).
    await page.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { remove(): void } | null } };
      g.document.querySelector('label[for="email"]')?.remove();
    });
    const failure = await expectAccessible(page, 'broken on purpose').then(
      () => null,
      (err: Error) => err,
    );
    checkedPages.pop();
    expect(failure?.message).toContain('serious or critical');
    expect(failure?.message).toContain('label');
    expect(failure?.message).toContain('#email');
  });
});

describe('the Content-Security-Policy', () => {
  it('lets the pages load without violations (a context that keeps the CSP)', async () => {
    const strict = await newContext(browser, ponte.baseUrl, { enforceCsp: true });
    try {
      const page = await strict.newPage();
      const problems: string[] = [];
      page.on('console', (m: ConsoleMessage) => {
        const text = m.text();
        if (m.type() !== 'error' && !/Content[- ]Security[- ]Policy/i.test(text)) return;
        // Known and harmless: Bootstrap Italia's CSS embeds Video.js's icon font as a data: URL, which
        // font-src 'self' refuses. Ponte shows no video player, so nothing is missing from the pages.
        if (text.includes("Loading the font 'data:application/font-woff") && text.includes("font-src 'self'")) return;
        // The browser reports the 404 status of the page that does not exist, which is the point of that page.
        if (/status of 404/.test(text) && m.location().url.includes('/pagina-che-non-esiste')) return;
        problems.push(`${page.url()}: ${text.slice(0, 300)}`);
      });
      page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
      const failedRequests: string[] = [];
      page.on('requestfailed', (r) => {
        if (r.url().startsWith('data:application/font-woff')) return; // the Video.js font above
        // Cancelled because the test moved on to the next page (the favicon, typically): not a failure.
        if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
        failedRequests.push(`${r.url().slice(0, 200)} ${r.failure()?.errorText ?? ''}`);
      });
      for (const path of ['/login', '/pagina-che-non-esiste', '/accessibility', '/privacy']) {
        const response = await goto(page, path);
        expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
      }
      await new Layout(page).switchLanguage('ar');
      expect(problems).toEqual([]);
      expect(failedRequests).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
