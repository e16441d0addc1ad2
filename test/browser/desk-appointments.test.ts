// A person asks the Prefettura's desk for an appointment from the public site, in Arabic: chooses the
// desk, makes a mistake and corrects it, sends, and sees a confirmation without their data. The desk's
// operator finds the request in the week's calendar and confirms it; the desk's figures page too. axe-core
// runs on every page, in Arabic (right to left) and in Italian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goto, launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { AppointmentDesksPage, AppointmentRequestPage, DeskCalendarPage } from './pages/appointment-pages.js';
import { Layout } from './pages/layout.js';
import { rows } from '../../src/kernel/db/client.js';
import { seedDemoAppointments } from '../../seeds/demo-appointments.js';
import { mondayOf, romeDate } from '../../src/modules/desk/rome-dates.js';

const DESK = 'sportello@prefettura.example';
const PERSON = 'ليلى منصور';
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

let ponte: RunningPonte;
let browser: Browser;
let prefettura: string;
/** The slot the person chose. */
let chosenSlot = '';

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
  const db = ponte.app.kernel.db;
  if ((await rows(db, sql`SELECT 1 FROM desk_slots LIMIT 1`)).length === 0) await db.transaction((tx) => seedDemoAppointments(ponte.app.kernel, tx));
  prefettura = (await rows<{ id: string }>(db, sql`SELECT id FROM organizations WHERE name = 'Prefettura di Barletta-Andria-Trani'`))[0]!.id;
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

async function expectRtl(layout: Layout) {
  expect(await layout.lang()).toBe('ar');
  expect(await layout.dir()).toBe('rtl');
}

describe('a person asks for an appointment in Arabic', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser, ponte.baseUrl);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('switches the public page to Arabic and chooses the Prefettura desk', async () => {
    const desks = new AppointmentDesksPage(page);
    expect((await goto(page, AppointmentDesksPage.path)).status()).toBe(200);
    await expectAccessible(page, 'desks');
    expect((await desks.switchLanguage('ar')).status()).toBe(200);
    await expectRtl(desks);
    expect(await desks.heading.innerText()).toMatch(ARABIC_SCRIPT);
    await expectAccessible(page, 'desks');
    expect((await desks.chooseDesk(prefettura)).status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/appointments/${prefettura}`);
    await expectRtl(desks);
    await expectAccessible(page, 'request form');
  });

  it('is told, next to the fields and in Arabic, what is missing, and keeps what they typed', async () => {
    const form = new AppointmentRequestPage(page);
    await form.fill({ name: PERSON, message: 'أحتاج إلى تجديد تصريح الإقامة' });
    const res = await form.send();
    expect(res.status()).toBe(400);
    await expectRtl(form);
    await expect(form.errorSummary.isVisible()).resolves.toBe(true);
    expect(await form.fieldError('slot').innerText()).toMatch(ARABIC_SCRIPT);
    expect(await form.fieldError('phone').innerText()).toMatch(ARABIC_SCRIPT);
    expect(await page.locator('#name').inputValue()).toBe(PERSON);
    await expectAccessible(page, 'request form with errors');
  });

  it('sends the request and sees a confirmation that shows nothing of it', async () => {
    const form = new AppointmentRequestPage(page);
    chosenSlot = (await form.slotChoices.first().getAttribute('value'))!;
    await form.fill({ slotIndex: 0, phone: '+39 345 678 9012', need: 'permits' });
    const res = await form.send();
    expect(res.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/appointments/sent');
    await expectRtl(form);
    expect(await form.heading.innerText()).toMatch(ARABIC_SCRIPT);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(PERSON);
    expect(text).not.toContain('678 9012');
    await expectAccessible(page, 'request sent');
    await screenshot(page, 'appointment-sent-ar');
  });
});

describe("the desk's operator", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser, ponte.baseUrl);
    page = await context.newPage();
    await signInDemo(page, ponte, DESK);
  });
  afterAll(() => context?.close());

  it("finds the request in the week's calendar, with Arabic as its language, and confirms it", async () => {
    const [slot] = await rows<{ starts_at: string | Date }>(ponte.app.kernel.db, sql`SELECT starts_at FROM desk_slots WHERE id = ${chosenSlot}`);
    const week = mondayOf(romeDate(new Date(slot!.starts_at)));
    const calendar = new DeskCalendarPage(page);
    expect((await goto(page, `/desk/appointments?week=${week}`)).status()).toBe(200);
    const request = page.locator('#main [data-request]', { hasText: PERSON });
    await expect(request.count()).resolves.toBe(1);
    expect(await request.innerText()).toContain('arabo');
    expect(await page.locator(`#main [data-slot="${chosenSlot}"]`).innerText()).toContain(PERSON);
    await expectAccessible(page, 'calendar');
    const id = (await request.getAttribute('data-request'))!;
    expect((await calendar.confirm(id)).status()).toBe(200);
    expect(await calendar.flash.innerText()).toBe('Appuntamento confermato.');
    await expect(calendar.request(id).locator('form[action$="/confirm"]').count()).resolves.toBe(0);
    await expectAccessible(page, 'calendar after confirming');
  });

  it("opens the desk's figures, in Italian and in Arabic", async () => {
    const layout = new Layout(page);
    expect((await layout.openNavigation('/desk/figures')).status()).toBe(200);
    await expect(page.locator('#main svg[role="img"]').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'figures');
    expect((await layout.switchLanguage('ar')).status()).toBe(200);
    await expectRtl(layout);
    await expectAccessible(page, 'figures');
    await screenshot(page, 'figures-ar');
  });
});
