// Journey 6: mediation for a school meeting. A primary school in Barletta asks for a Bengali mediator for a
// parents' meeting next Tuesday at 16:00; the coordinator sees the two matching mediators and assigns one;
// both receive the invitation with a calendar file; after the meeting the mediator logs 1.5 hours and the
// school rates it. A request for Tigrinya that nobody covers is recorded as unmet and appears in the figures
// of the languages to recruit. axe-core on every page on the way, in Italian and in Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { MediationFiguresPage, MediationRequestPage, MediationRequestsPage, NewRequestPage, OwnMediationsPage } from './pages/mediators-pages.js';
import { Layout } from './pages/layout.js';
import { rows } from '../../src/kernel/db/client.js';

const SCHOOL = 'segreteria@icbarlettacentro.example';
const COORDINATOR = 'mediazione@prefettura.example';
const RAHIM = 'mediatore.bn@mondivicini.example';

let ponte: RunningPonte;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** Next Tuesday (at least two days away), YYYY-MM-DD. */
function nextTuesday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 2);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function signedIn(email: string): Promise<Page> {
  const context = await newContext(browser, ponte.baseUrl);
  contexts.push(context);
  const page = await context.newPage();
  await signInDemo(page, ponte, email);
  return page;
}

const requestIdOf = (page: Page) => /\/mediation\/requests\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)![1]!;

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

describe('journey 6: mediation for a school meeting', () => {
  let requestId: string;
  let school: Page;

  it('the school asks for a Bengali mediator for next Tuesday at 16:00, and for a Tigrinya one nobody covers', async () => {
    school = await signedIn(SCHOOL);
    const list = new MediationRequestsPage(school);
    expect((await list.openNavigation(MediationRequestsPage.path)).status()).toBe(200);
    await expectAccessible(school, 'mediation requests (school)');
    expect((await list.openNew()).status()).toBe(200);
    await expectAccessible(school, 'new mediation request');
    const form = new NewRequestPage(school);
    const meeting = {
      language: 'bn',
      date: nextTuesday(),
      time: '16:00',
      duration: '90',
      mode: 'in_person',
      municipality: '110002',
      place: 'Scuola primaria, via Roma 1',
      setting: 'school',
      purpose: 'Colloquio con i genitori sul percorso scolastico.',
      caseReference: 'Classe 2A',
    };
    // A date in the past: the message next to the field, and what was typed is still there.
    expect((await form.submit({ ...meeting, date: '2024-03-05' })).status()).toBe(422);
    expect(await form.fieldError('date').innerText()).toContain('già passate');
    expect(await school.locator('textarea[name="purpose"]').inputValue()).toBe(meeting.purpose);
    await expectAccessible(school, 'new mediation request, date in the past');

    expect((await form.submit(meeting)).status()).toBe(200);
    requestId = requestIdOf(school);
    const request = new MediationRequestPage(school);
    expect(await request.status.innerText()).toBe('Richiesta');
    await expectAccessible(school, 'mediation request, requested');

    expect((await list.open('/mediation/requests/new')).status()).toBe(200);
    expect((await form.submit({ ...meeting, language: 'ti', caseReference: undefined })).status()).toBe(200);
    expect(await request.status.innerText()).toBe('Non soddisfatta');
    expect(await request.unmetNotice.innerText()).toContain('lingue per cui reclutare');
    await expectAccessible(school, 'mediation request, unmet');
  });

  it('the coordinator sees the two Bengali mediators and assigns one; both receive the invitation with a calendar file', async () => {
    const page = await signedIn(COORDINATOR);
    const request = new MediationRequestPage(page);
    expect((await request.open(`/mediation/requests/${requestId}`)).status()).toBe(200);
    expect((await request.candidates()).sort()).toEqual(['Rahim Uddin', 'Shirin Akter']);
    await expectAccessible(page, 'mediation request, matching mediators');
    await screenshot(page, 'mediation-matching-it');
    expect((await request.assign('Rahim Uddin')).status()).toBe(200);
    expect(await request.flash.innerText()).toContain('Mediatore assegnato');
    expect(await request.status.innerText()).toBe('Assegnata');
    await expectAccessible(page, 'mediation request, assigned');

    for (const email of [SCHOOL, RAHIM]) {
      const [mail] = await rows<{ attachments: { content: string }[] | null }>(
        ponte.app.kernel.db,
        sql`SELECT attachments FROM mail_outbox WHERE to_address = ${email} ORDER BY id DESC LIMIT 1`,
      );
      expect(mail!.attachments![0]!.content, email).toContain(`UID:mediation-${requestId}@ponte`);
    }
    // The school downloads the same invitation from the page.
    expect((await school.reload())?.status()).toBe(200);
    const download = await school.request.get(`${ponte.baseUrl}/mediation/requests/${requestId}?format=ics`);
    expect(download.headers()['content-type']).toContain('text/calendar');
    expect(await download.text()).toContain('BEGIN:VCALENDAR');
  });

  it('after the meeting the mediator logs 1.5 hours, and the school confirms and rates it', async () => {
    // The meeting has taken place.
    await ponte.app.kernel.db.execute(sql`UPDATE med_requests SET starts_at = now() - interval '3 hours' WHERE id = ${requestId}`);
    const page = await signedIn(RAHIM);
    const own = new OwnMediationsPage(page);
    expect((await own.openNavigation(OwnMediationsPage.path)).status()).toBe(200);
    await expectAccessible(page, 'my mediations');
    expect((await own.openRequest(requestId)).status()).toBe(200);
    const request = new MediationRequestPage(page);
    expect((await request.report('1,5', 'held')).status()).toBe(200);
    expect(await request.status.innerText()).toBe('Svolta');
    await expectAccessible(page, 'mediation request, done (mediator)');

    const mine = new MediationRequestPage(school);
    expect((await mine.open(`/mediation/requests/${requestId}`)).status()).toBe(200);
    expect((await mine.confirm('5', 'Incontro molto utile per la famiglia.')).status()).toBe(200);
    expect(await mine.status.innerText()).toBe('Confermata');
    await expectAccessible(school, 'mediation request, confirmed');
    await screenshot(school, 'mediation-confirmed-it');
  });

  it('the figures show the hours in Bengali and Tigrinya among the languages to recruit for, in Italian and in Arabic', async () => {
    const page = await signedIn(COORDINATOR);
    const figures = new MediationFiguresPage(page);
    expect((await figures.openNavigation(MediationFiguresPage.path)).status()).toBe(200);
    expect(await figures.table('unmet').innerText()).toContain('Tigrino');
    expect(await figures.table('language').innerText()).toContain('Bengalese');
    expect(await page.locator('main').innerText()).not.toContain('Rahim');
    await expectAccessible(page, 'mediation figures');
    expect((await figures.switchLanguage('ar')).status()).toBe(200);
    expect(await figures.dir()).toBe('rtl');
    expect(await figures.heading.innerText()).toBe('بيانات الوساطة بين الثقافات');
    await expectAccessible(page, 'mediation figures (ar)');
    await screenshot(page, 'mediation-figures-ar');

    const request = new MediationRequestPage(page);
    expect((await request.open(`/mediation/requests/${requestId}`)).status()).toBe(200);
    expect(await request.status.innerText()).toBe('مؤكَّدة');
    await expectAccessible(page, 'mediation request, confirmed (ar)');
    await screenshot(page, 'mediation-request-ar');
  });

  it('the public page lists the languages covered, not the people, in Arabic too', async () => {
    const context = await newContext(browser, ponte.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    const layout = new Layout(page);
    expect((await layout.open('/mediation/languages')).status()).toBe(200);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Bengalese');
    expect(text).not.toContain('Tigrino');
    expect(text).not.toContain('Rahim');
    await expectAccessible(page, 'languages covered');
    expect((await layout.switchLanguage('ar')).status()).toBe(200);
    expect(await layout.dir()).toBe('rtl');
    await expectAccessible(page, 'languages covered (ar)');
    await screenshot(page, 'mediation-languages-ar');
  });
});
