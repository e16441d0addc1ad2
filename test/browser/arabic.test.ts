// Arabic, right to left: the header's language switch, <html lang="ar" dir="rtl">, the choice kept across
// pages (a cookie), axe-core on every page in Arabic, the signed-in screens and the error pages included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadCatalog } from '../../src/kernel/i18n/i18n.js';
import { goto, launchBrowser, navigation, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { Layout } from './pages/layout.js';
import { LoginPage } from './pages/login-page.js';
import { AdminUsersPage } from './pages/admin-users-page.js';
import { InvitePage } from './pages/invite-page.js';

const ADMIN = 'admin@prefettura.example';
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

// TODO(locales/ar): the Arabic catalog was still being written when these tests were. While locales/ar lacks
// these keys, the pages fall back to Italian texts (with lang="ar" dir="rtl"): only the language, the direction
// and axe are checked, and the test of the texts is skipped (reported as skipped, with a warning). It runs by
// itself once the keys are there.
const TEXT_KEYS = ['auth.login.title', 'errors.notFound.title', 'portal.accessibility.title', 'nav.dashboard', 'layout.languages'];
const arabicCatalog = (() => {
  try {
    return loadCatalog('ar');
  } catch {
    return new Map<string, string>(); // no locales/ar folder at all
  }
})();
const missingArabic = TEXT_KEYS.filter((k) => !arabicCatalog.has(k));
if (missingArabic.length > 0) {
  console.warn(`TODO(locales/ar): Arabic texts not checked, locales/ar lacks ${missingArabic.join(', ')}`);
}

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

async function expectArabicPage(layout: Layout) {
  expect(await layout.lang()).toBe('ar');
  expect(await layout.dir()).toBe('rtl');
  // The direction the browser actually lays the body out in, not only the attribute.
  const direction = await layout.page.evaluate(() => {
    const g = globalThis as unknown as { getComputedStyle(el: unknown): { direction: string }; document: { body: unknown } };
    return g.getComputedStyle(g.document.body).direction;
  });
  expect(direction).toBe('rtl');
}

describe('Arabic', () => {
  let context: BrowserContext;
  let page: Page;
  let layout: Layout;

  beforeAll(async () => {
    context = await newContext(browser, ponte.baseUrl);
    page = await context.newPage();
    layout = new Layout(page);
  });
  afterAll(() => context?.close());

  it('the header link العربية switches the page to lang="ar" dir="rtl", and the choice persists across pages', async () => {
    const login = new LoginPage(page);
    expect((await login.goto()).status()).toBe(200);
    expect(await layout.lang()).toBe('it');
    expect(await layout.dir()).toBe('ltr');
    await expectAccessible(page, 'login');

    const link = layout.languageLink('ar');
    expect(await link.innerText()).toBe('العربية');
    expect(await link.getAttribute('lang')).toBe('ar');
    expect((await layout.switchLanguage('ar')).status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(LoginPage.path);
    await expectArabicPage(layout);
    expect(await layout.languageSwitch.locator('[aria-current="true"]').innerText()).toBe('العربية');
    await expectAccessible(page, 'login');
    await screenshot(page, 'login-ar');

    // The choice is kept: a link followed, a page typed in, a new tab of the same browser.
    expect((await navigation(page, () => page.locator('footer a[href="/accessibility"]').click())).status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/accessibility');
    await expectArabicPage(layout);
    await expectAccessible(page, 'accessibility statement');

    expect((await goto(page, LoginPage.path)).status()).toBe(200);
    await expectArabicPage(layout);

    const tab = await context.newPage();
    expect((await goto(tab, '/privacy')).status()).toBe(200);
    await expectArabicPage(new Layout(tab));
    await expectAccessible(tab, 'privacy, new tab');
    await tab.close();
  });

  it('the 404 page is in Arabic', async () => {
    const response = await layout.open('/questa-pagina-non-esiste');
    expect(response.status()).toBe(404);
    await expectArabicPage(layout);
    expect(await layout.heading.count()).toBe(1);
    await expectAccessible(page, '404');
  });

  it('an operator works in Arabic: second factor, dashboard, users, the invitation form and its errors', async () => {
    await signInDemo(page, ponte, ADMIN); // axe on the login and second-factor pages, in Arabic
    await expectArabicPage(layout);
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard-ar');

    // Right to left for real: the first item of the main navigation is the rightmost one.
    const links = layout.mainNavigation.locator('a.nav-link');
    expect(await links.count()).toBeGreaterThan(1);
    const first = (await links.nth(0).boundingBox())!;
    const second = (await links.nth(1).boundingBox())!;
    expect(first.x).toBeGreaterThan(second.x);

    expect((await layout.openNavigation(AdminUsersPage.path)).status()).toBe(200);
    await expectArabicPage(layout);
    await expectAccessible(page, 'users');

    const users = new AdminUsersPage(page);
    expect((await users.openInvite()).status()).toBe(200);
    await expectArabicPage(layout);
    await expectAccessible(page, 'invite form');

    const invite = new InvitePage(page);
    expect((await invite.submit()).status()).toBe(422);
    await expectArabicPage(layout);
    expect(await invite.errors.isVisible()).toBe(true);
    expect(await invite.errors.locator('li').count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'invite form with errors');
    await screenshot(page, 'invite-errors-ar');

    const notFound = await layout.open('/admin/nessuna-pagina');
    expect(notFound.status()).toBe(404);
    await expectArabicPage(layout);
    await expectAccessible(page, '404 signed in');

    expect((await layout.signOut()).status()).toBe(200);
    await expectArabicPage(layout);
    await expectAccessible(page, 'signed out');
  });

  it('the link Italiano switches back to lang="it" dir="ltr"', async () => {
    expect((await layout.switchLanguage('it')).status()).toBe(200);
    expect(await layout.lang()).toBe('it');
    expect(await layout.dir()).toBe('ltr');
    expect(await layout.heading.innerText()).toBe('Accesso operatori');
    await expectAccessible(page, 'login, back in Italian');
  });

  // TODO(locales/ar): skipped while locales/ar lacks the keys (see TEXT_KEYS above).
  it.skipIf(missingArabic.length > 0)('the texts are Arabic: headings, navigation, the language switch', async () => {
    const tr = ponte.app.i18n.translator('ar');
    const reader = await newContext(browser, ponte.baseUrl);
    try {
      const p = await reader.newPage();
      const l = new Layout(p);
      await l.open('/accessibility');
      await l.switchLanguage('ar');
      expect(await l.heading.innerText()).toBe(tr.t('portal.accessibility.title'));
      expect(await l.heading.innerText()).toMatch(ARABIC_SCRIPT);
      expect(await l.languageSwitch.getAttribute('aria-label')).toBe(tr.t('layout.languages'));

      await l.open(LoginPage.path);
      const loginTitle = await l.heading.innerText();
      expect(loginTitle).toBe(tr.t('auth.login.title'));
      expect(loginTitle).toMatch(ARABIC_SCRIPT);
      expect(await p.title()).toMatch(ARABIC_SCRIPT);

      expect((await l.open('/nessuna-pagina')).status()).toBe(404);
      const notFoundTitle = await l.heading.innerText();
      expect(notFoundTitle).toBe(tr.t('errors.notFound.title'));
      expect(notFoundTitle).toMatch(ARABIC_SCRIPT);

      await signInDemo(p, ponte, ADMIN);
      expect((await l.navigationItems())[0]).toBe(tr.t('nav.dashboard'));
      expect((await l.navigationItems())[0]).toMatch(ARABIC_SCRIPT);
    } finally {
      await reader.close();
    }
  });
});
