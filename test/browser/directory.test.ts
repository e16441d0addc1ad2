// The directory's journeys. 1: Karim, newly arrived in Andria, finds the family doctor office in Arabic on an
// old phone, sees what to bring and taps the number. 2: a wrong phone number, reported by the public,
// corrected by the organization's editor and published by the Prefettura's directory team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goto, launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { FinderPage, ServicePage, EditServicePage } from './pages/finder-pages.js';
import { navigation } from './helpers/browser.js';

const ANDRIA = '110001';
let ponte: RunningPonte;
let browser: Browser;

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
});

describe('journey 1: finding help in Arabic', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    // A phone whose language is Arabic (bypassCSP: for axe, as in helpers/browser.ts).
    context = await browser.newContext({ baseURL: ponte.baseUrl, bypassCSP: true, locale: 'ar-MA', timezoneId: 'Europe/Rome' });
    page = await context.newPage();
    // An old phone: a small screen.
    await page.setViewportSize({ width: 360, height: 740 });
  });
  afterAll(() => context?.close());

  it('answers in Arabic, right to left, and finds the family doctor office in Andria from "طبيب"', async () => {
    expect((await goto(page, '/')).status()).toBe(200);
    const finder = new FinderPage(page);
    expect(await finder.lang()).toBe('ar');
    expect(await finder.dir()).toBe('rtl');
    await expectAccessible(page, 'finder (ar)');
    expect((await finder.search('طبيب', { municipality: ANDRIA, language: 'ar' })).status()).toBe(200);
    await expectAccessible(page, 'finder results (ar)');
    await expect.poll(() => finder.resultLinks.count()).toBeGreaterThan(0);
    expect(await finder.resultLinks.first().textContent()).toContain('اختيار طبيب الأسرة');
    await screenshot(page, 'finder-results-ar');

    expect((await finder.openResult(0)).status()).toBe(200);
    const service = new ServicePage(page);
    expect(await service.name.textContent()).toContain('اختيار طبيب الأسرة');
    expect(await service.documents.count()).toBeGreaterThanOrEqual(3);
    expect(await service.languages.textContent()).toContain('العربية');
    expect(await service.phoneLinks.first().getAttribute('href')).toMatch(/^tel:0883\d{6}$/);
    await expectAccessible(page, 'service page (ar)');
    await screenshot(page, 'service-ar');
  });

  it('prints the service page without the header, the footer or the forms', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.it-header-wrapper').isVisible()).toBe(false);
    expect(await page.locator('#main h1').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('finds the same office from "medico di base" in Italian', async () => {
    // Switching to Italian with the header's language switch.
    await navigation(page, () => page.locator('.ponte-languages a[hreflang="it"]').click());
    expect(await page.locator('html').getAttribute('lang')).toBe('it');
    await goto(page, '/');
    const finder = new FinderPage(page);
    await finder.search('medico di base', { municipality: ANDRIA });
    expect(await finder.resultLinks.first().textContent()).toBe('Scelta del medico di base e tessera sanitaria - Andria');
    await expectAccessible(page, 'finder results (it)');
  });
});

describe('journey 2: a wrong phone number', () => {
  it('goes from the public report to the editor, to the directory team, and back to the public page', async () => {
    const visitor = await newContext(browser, ponte.baseUrl);
    const page = await visitor.newPage();
    await goto(page, `/services?q=${encodeURIComponent('medico di base')}&municipality=${ANDRIA}`);
    const finder = new FinderPage(page);
    await finder.openResult(0);
    const servicePath = new URL(page.url()).pathname;
    const service = new ServicePage(page);
    const oldNumber = (await service.phoneLinks.first().textContent())!.trim();
    expect((await service.reportMistake('phone', 'Il numero squilla a vuoto da giorni.')).status()).toBe(200);
    expect(await page.locator('.alert-success').textContent()).toContain('segnalazione');
    await expectAccessible(page, 'service page after a report');
    await visitor.close();

    // The ASL's editor sees the report and corrects the number.
    const editorContext = await newContext(browser, ponte.baseUrl);
    const editor = await editorContext.newPage();
    await signInDemo(editor, ponte, 'redazione@asl.example');
    await goto(editor, '/directory/manage/reports');
    expect(await editor.locator('#main').textContent()).toContain('Il numero squilla a vuoto da giorni.');
    await expectAccessible(editor, 'reports inbox');
    const serviceId = servicePath.split('/').pop()!;
    await goto(editor, `/directory/manage/services/${serviceId}`);
    await expectAccessible(editor, 'edit service');
    const edit = new EditServicePage(editor);
    await edit.phone(0).fill('0883 299777');
    expect((await edit.save()).status()).toBe(200);
    // Saved, and waiting for the directory team.
    expect(await editor.locator('.alert-success').count()).toBeGreaterThan(0);
    await editorContext.close();

    // Until the directory team approves, the public page keeps the number it had.
    const check = await browser.newPage();
    await check.goto(`${ponte.baseUrl}${servicePath}`);
    expect(await new ServicePage(check).phoneLinks.first().textContent()).toContain(oldNumber);

    const publisherContext = await newContext(browser, ponte.baseUrl);
    const publisher = await publisherContext.newPage();
    await signInDemo(publisher, ponte, 'mappa@prefettura.example');
    await goto(publisher, `/directory/manage/review/${serviceId}`);
    await expectAccessible(publisher, 'review');
    await navigation(publisher, () => publisher.locator(`form[action="/directory/manage/review/${serviceId}/approve"] button`).click());
    await goto(publisher, `/directory/manage/services/${serviceId}/history`);
    const history = (await publisher.locator('#main').textContent())!;
    expect(history).toContain('Teresa Lopopolo');
    expect(history).toContain('0883 299777');
    await expectAccessible(publisher, 'history');
    await publisherContext.close();

    await check.reload();
    expect(await new ServicePage(check).phoneLinks.first().textContent()).toContain('0883 299777');
    await check.close();
  });
});
