// Journeys 7 and 8. A managing body's month: the cooperative running a CAS in Trinitapoli uploads its presence
// register made from the template, is shown the two lines to fix (a departure before an arrival, an unknown
// guest code), fixes them, sees the presence-days the payment is based on and the reminder of its fire-safety
// certificate, and cannot open another body's centre. An inspection: two inspectors visit the centre, fill
// the checklist on a tablet, record a finding with a photo and a 30-day corrective action; the managing body
// answers with the translated rules; the follow-up closes the finding; the dashboard shows it. axe-core on
// every page, in Italian and in Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { goto, launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { NotificationsPage } from './pages/referrals-pages.js';
import { CentrePage, DashboardPage, FindingPage, OccupancyPage, RegisterPage, VisitPage, VisitsPage } from './pages/reception-pages.js';
import { rows } from '../../src/kernel/db/client.js';
import { addDays, romeDate } from '../../src/modules/desk/rome-dates.js';

const APPRODO = 'operatore@approdo.example';
const INSPECTOR = 'ispezioni@prefettura.example';
const INSPECTOR_2 = 'ispettrice@prefettura.example';
const OFFICIAL = 'funzionario@prefettura.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let ponte: RunningPonte;
let browser: Browser;
const ids = { tri: '', andria: '', inspectors: [] as string[] };
const today = romeDate();

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
  const db = ponte.app.kernel.db;
  for (const c of await rows<{ id: string; code: string }>(db, sql`SELECT id, code FROM reception_centres`)) {
    if (c.code === 'CAS-TRI-01') ids.tri = c.id;
    if (c.code === 'CAS-AND-01') ids.andria = c.id;
  }
  ids.inspectors = (await rows<{ id: string }>(db, sql`SELECT id FROM users WHERE email IN (${INSPECTOR}, ${INSPECTOR_2}) ORDER BY email`)).map((r) => r.id);
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

describe("journey 7: a managing body's month", () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it('uploads the register from the template, fixes the two lines it is shown, and sees the presence-days', async () => {
    context = await newContext(browser, ponte.baseUrl);
    const page: Page = await context.newPage();
    await signInDemo(page, ponte, APPRODO);

    // The reminder is waiting.
    const notifications = new NotificationsPage(page);
    expect((await notifications.openNavigation(NotificationsPage.path)).status()).toBe(200);
    expect(await page.locator('main').innerText()).toContain('Scadenza tra 20 giorni: certificato di prevenzione incendi di CAS Casa del Sole');
    await expectAccessible(page, 'notifications: the fire-safety reminder');

    const register = new RegisterPage(page);
    expect((await register.open(RegisterPage.path)).status()).toBe(200);
    await expectAccessible(page, 'register');
    const template = (await register.downloadTemplate('csv')).toString('utf8').replace(/^\ufeff/, '');
    const header = template.split('\r\n')[0]!;
    expect(header).toBe('centre_code,event,date,guest_code,departure_reason,present');
    // The month: two arrivals, a departure dated before its guest arrived, a departure of a code that is not there.
    const lines = (departureDate: string, leaver: string) =>
      [
        header,
        `CAS-TRI-01,arrival,${addDays(today, -6)},TRI-1001,,`,
        `CAS-TRI-01,arrival,${addDays(today, -6)},TRI-1002,,`,
        `CAS-TRI-01,departure,${departureDate},TRI-1001,transfer,`,
        `CAS-TRI-01,departure,${addDays(today, -2)},${leaver},end_of_reception,`,
        `CAS-TRI-01,count,${today},,,21`,
      ].join('\r\n');
    expect((await register.upload('registro.csv', Buffer.from(lines(addDays(today, -8), 'TRI-9999')))).status()).toBe(422);
    expect(await register.problems()).toEqual(['4:departureBeforeArrival', '5:unknownGuest']);
    expect(await page.locator('#register-problems').innerText()).toContain('Non è stato salvato nulla');
    await expectAccessible(page, 'register: two lines to fix');
    await screenshot(page, 'reception-register-problems-it');

    expect((await register.upload('registro.csv', Buffer.from(lines(addDays(today, -3), 'TRI-0003')))).status()).toBe(200);
    expect(await register.outcome.innerText()).toContain('Registro salvato: 5 righe (2 arrivi, 2 uscite, 1 conteggi)');
    await expectAccessible(page, 'register: saved');

    const occupancy = new OccupancyPage(page);
    expect((await occupancy.open(OccupancyPage.path)).status()).toBe(200);
    const [expected] = await rows<{ n: number }>(
      ponte.app.kernel.db,
      sql`SELECT COALESCE(sum(GREATEST(0, LEAST(COALESCE(departed_on, date_trunc('month', ${today}::date) + interval '1 month')::date, (date_trunc('month', ${today}::date) + interval '1 month')::date)
        - GREATEST(arrived_on, date_trunc('month', ${today}::date)::date))), 0)::int AS n FROM reception_stays WHERE centre_id = ${ids.tri}`,
    );
    expect(await occupancy.presenceDays('CAS-TRI-01')).toBe(String(expected!.n));
    expect(await page.locator('main').innerText()).not.toContain('CAS-AND-01');
    await expectAccessible(page, 'occupancy and presence-days');
    await screenshot(page, 'reception-occupancy-it');

    // Its own centre, with the certificate expiring; and in Arabic.
    const centre = new CentrePage(page);
    expect((await centre.open(`/reception/centres/${ids.tri}`)).status()).toBe(200);
    expect(await centre.documentRow('fire_safety').locator('[data-state]').getAttribute('data-state')).toBe('expiring');
    await expectAccessible(page, 'centre page');
    expect((await centre.switchLanguage('ar')).status()).toBe(200);
    expect(await centre.dir()).toBe('rtl');
    expect(await centre.documentRow('fire_safety').innerText()).toContain('قريب الانتهاء');
    await expectAccessible(page, 'centre page (ar)');
    await screenshot(page, 'reception-centre-ar');
    expect((await register.open(RegisterPage.path)).status()).toBe(200);
    await expectAccessible(page, 'register (ar)');
    expect((await centre.switchLanguage('it')).status()).toBe(200);

    // Another body's centre, by its address: not found, as if it did not exist.
    const refusedBefore = (await rows<{ n: number }>(ponte.app.kernel.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'reception.access.refused'`))[0]!.n;
    expect((await goto(page, `/reception/centres/${ids.andria}`)).status()).toBe(404);
    await expectAccessible(page, "another body's centre: not found");
    const refusedAfter = (await rows<{ n: number }>(ponte.app.kernel.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'reception.access.refused'`))[0]!.n;
    expect(refusedAfter).toBe(refusedBefore + 1);
  });
});

describe('journey 8: an inspection', () => {
  const contexts: BrowserContext[] = [];
  afterAll(async () => Promise.all(contexts.map((c) => c.close())));
  let visitId = '';
  let findingId = '';

  it('two inspectors visit the centre, fill the checklist on a tablet, and record a finding with a photo and a 30-day action', async () => {
    const context = await newContext(browser, ponte.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 820, height: 1180 });
    await signInDemo(page, ponte, INSPECTOR);
    const visits = new VisitsPage(page);
    expect((await visits.openNavigation(VisitsPage.path)).status()).toBe(200);
    await expectAccessible(page, 'visits');
    expect((await visits.plan(ids.tri, 'unannounced', today, ids.inspectors)).status()).toBe(200);
    visitId = new URL(page.url()).pathname.split('/').pop()!;
    const visit = new VisitPage(page);
    expect(await page.locator('main').innerText()).toContain('Chiara Vurro');
    await expectAccessible(page, 'visit: the checklist');
    expect(
      (
        await visit.fillChecklist({
          counted: 20,
          exceptions: { house_rules_translated: { result: 'non_compliant', note: 'Regolamento esposto solo in italiano.' } },
          complete: true,
        })
      ).status(),
    ).toBe(200);
    expect(await visit.flash.innerText()).toBe('Visita conclusa e salvata.');
    expect(
      (
        await visit.recordFinding({
          item: 'house_rules_translated',
          severity: 'medium',
          description: 'Regolamento interno non tradotto nelle lingue degli ospiti',
          action: 'Esporre il regolamento tradotto in inglese, francese, arabo e tigrino',
          days: 30,
          photo: PNG,
        })
      ).status(),
    ).toBe(200);
    expect(await visit.findingRows().count()).toBe(1);
    findingId = (await visit.findingRows().first().getAttribute('data-finding'))!;
    expect(await visit.findingRows().first().innerText()).toContain(new Intl.DateTimeFormat('it', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${addDays(today, 30)}T12:00:00Z`)));
    await expectAccessible(page, 'visit: finding recorded');
    await screenshot(page, 'reception-visit-tablet-it');
  });

  it('the managing body answers with the translated rules', async () => {
    const context = await newContext(browser, ponte.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    await signInDemo(page, ponte, APPRODO);
    const finding = new FindingPage(page);
    expect((await finding.open(`/reception/findings/${findingId}`)).status()).toBe(200);
    expect(await finding.status.getAttribute('data-status')).toBe('open');
    await expectAccessible(page, 'finding, to answer');
    expect((await finding.answer('Regolamento tradotto in quattro lingue ed esposto nella sala comune.', PDF)).status()).toBe(200);
    expect(await finding.status.getAttribute('data-status')).toBe('answered');
    expect(await page.locator(`main a[href^="/reception/files/"]`).count()).toBe(2);
    await expectAccessible(page, 'finding, answered');
    expect((await finding.switchLanguage('ar')).status()).toBe(200);
    await expectAccessible(page, 'finding, answered (ar)');
    await screenshot(page, 'reception-finding-ar');
  });

  it('the follow-up closes the finding, and the dashboard shows it', async () => {
    const context = await newContext(browser, ponte.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    await signInDemo(page, ponte, INSPECTOR);
    const visit = new VisitPage(page);
    expect((await visit.open(`/reception/visits/${visitId}`)).status()).toBe(200);
    expect((await visit.planFollowUp()).status()).toBe(200);
    await expectAccessible(page, 'follow-up visit');
    expect((await visit.closeFinding(findingId)).status()).toBe(200);
    expect(await visit.flash.innerText()).toBe('Rilievo chiuso.');
    await expectAccessible(page, 'follow-up: finding closed');

    const official = await newContext(browser, ponte.baseUrl);
    contexts.push(official);
    const officialPage = await official.newPage();
    await signInDemo(officialPage, ponte, OFFICIAL);
    const dashboard = new DashboardPage(officialPage);
    expect((await dashboard.openNavigation(DashboardPage.path)).status()).toBe(200);
    const row = dashboard.row('CAS-TRI-01');
    expect(await row.locator('[data-open]').getAttribute('data-open')).toBe('0');
    expect(await row.locator('td').nth(5).innerText()).toBe('0');
    expect(await row.locator('td').nth(6).innerText()).toContain('differenza 1');
    await expectAccessible(officialPage, 'dashboard');
    await screenshot(officialPage, 'reception-dashboard-it');
    expect((await dashboard.switchLanguage('ar')).status()).toBe(200);
    await expectAccessible(officialPage, 'dashboard (ar)');
    await screenshot(officialPage, 'reception-dashboard-ar');
  });
});
