// Journey 5: a possible victim. During a contact at the Prefettura's desk, Kwame tells the operator he works
// in the fields fourteen hours a day and his passport is held by the man who drives the van. The operator
// flags him as a possible victim of exploitation, names the team (herself and the Comune di Barletta's
// social worker): the case disappears for her colleague at the same desk, and the referral reaches the
// anti-trafficking programme with what Kwame agreed to share. The social worker, in Arabic, records the
// first review meeting. axe-core on every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { goto, launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { DeskHomePage, PersonPage } from './pages/desk-pages.js';
import { ReferralListPage, ReferralPage } from './pages/referrals-pages.js';
import { CaseListPage, CasePage, FlagPage } from './pages/case-pages.js';
import { navigation } from './helpers/browser.js';
import { rows } from '../../src/kernel/db/client.js';
import { hashPassword } from '../../src/kernel/auth/passwords.js';
import { usersRepo } from '../../src/kernel/auth/users.repo.js';
import { totpPlace } from '../../src/kernel/auth/sign-in.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../seeds/demo.js';
import { recordConsent, recordPerson } from '../../src/modules/desk/record-person.js';
import { logContact } from '../../src/modules/desk/contacts-and-needs.js';

const DESK = 'sportello@prefettura.example';
const COLLEAGUE = 'accoglienza2@prefettura.example';
const SOCIAL = 'servizisociali@comune.barletta.example';
const ANTI_TRAFFICKING = 'emersione@antitratta.example';
const REASON = 'Lavora 14 ore al giorno nei campi; il passaporto è trattenuto da chi guida il furgone.';

let ponte: RunningPonte;
let browser: Browser;
const contexts: BrowserContext[] = [];
let personId = '';
let caseId = '';
let socialId = '';

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
  const { kernel } = ponte.app;
  const [desk] = await rows<{ id: string; organization_id: string }>(kernel.db, sql`SELECT id, organization_id FROM users WHERE email = ${DESK}`);
  socialId = (await rows<{ id: string }>(kernel.db, sql`SELECT id FROM users WHERE email = ${SOCIAL}`))[0]!.id;
  const user = { id: desk!.id, organizationId: desk!.organization_id };
  const actor = { userId: desk!.id, organizationId: desk!.organization_id, ip: null };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await kernel.db.transaction(async (tx) => {
    // The desk's other operator, and Kwame as the desk recorded him: consent to orientation and referral,
    // contact details not to be shared; today's contact, in English.
    const colleague = await usersRepo.create(tx, { email: COLLEAGUE, displayName: 'Nicola Lorusso', organizationId: desk!.organization_id, roles: ['desk_operator'], locale: 'it', status: 'active', passwordHash });
    await usersRepo.update(tx, colleague.id, { totpSecretEnc: kernel.crypto.seal(DEMO_TOTP_SECRET, totpPlace(colleague.id)) });
    personId = await recordPerson(tx, kernel.crypto, user, actor, {
      givenName: 'Kwame',
      familyName: 'Mensah',
      birthDate: '1998-06-21',
      nationality: 'GH',
      languages: ['en'],
      phone: '+39 352 600 1122',
      municipalityCode: '110010',
    });
    await recordConsent(tx, actor, desk!.id, personId, { purposes: ['orientation', 'referral'], organizationIds: [], sharesContact: false, givenHow: 'signed_form' });
    await logContact(tx, kernel.crypto, user, actor, personId, { channel: 'walk_in', languageCode: 'en', mediatorPresent: false });
  });
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

async function pageFor(email: string, locale?: string): Promise<Page> {
  const context = locale
    ? await browser.newContext({ baseURL: ponte.baseUrl, bypassCSP: true, locale, timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } })
    : await newContext(browser, ponte.baseUrl);
  contexts.push(context);
  const page = await context.newPage();
  await signInDemo(page, ponte, email);
  return page;
}

describe('a possible victim (journey 5)', () => {
  it('the desk flags Kwame from his record, names the team, and the case becomes restricted with a referral to the programme', async () => {
    const page = await pageFor(DESK);
    const person = new PersonPage(page);
    expect((await person.open(`/desk/people/${personId}`)).status()).toBe(200);
    await expectAccessible(page, 'person');

    expect((await navigation(page, () => page.locator(`main a[href="/desk/people/${personId}/flag"]`).click())).status()).toBe(200);
    const flag = new FlagPage(page);
    await expectAccessible(page, 'flag');
    expect(await flag.referral.innerText()).toContain('Programma antitratta: emersione e presa in carico');
    expect(await flag.referral.innerText()).toContain('Condivide solo nome, lingue e comune');

    // Forgetting the confirmation: the form again, with the reason kept and the message.
    await flag.addToTeam(socialId);
    expect((await flag.flag({ reason: REASON, confirm: false })).status()).toBe(400);
    await expectAccessible(page, 'flag with errors');
    expect(await flag.errors.innerText()).toContain('Conferma per rendere riservato il caso.');
    expect(await flag.form.locator('#reason').inputValue()).toBe(REASON);
    expect(await flag.form.locator(`#members-${socialId}`).isChecked()).toBe(true);

    expect((await flag.flag({ confirm: true })).status()).toBe(200);
    const kase = new CasePage(page);
    caseId = kase.id;
    await expectAccessible(page, 'case (restricted)');
    expect(await kase.flash.innerText()).toContain('la segnalazione al programma antitratta è partita');
    expect(await kase.restrictedNotice.innerText()).toContain(REASON);
    expect(await kase.teamNames()).toEqual(expect.arrayContaining(['Sara Lomuscio', 'Angela Dimiccoli']));
    expect(await kase.antiTrafficking.innerText()).toContain('Programma antitratta: emersione e presa in carico');
    expect(await kase.meetingNotes()).toEqual([]);
    await screenshot(page, 'case-restricted');
  });

  it('the case and Kwame disappear for the other operator of the same desk', async () => {
    const page = await pageFor(COLLEAGUE);
    const home = new DeskHomePage(page);
    expect((await home.open(DeskHomePage.path)).status()).toBe(200);
    expect((await home.search('Kwame Mensah')).status()).toBe(200);
    expect(await home.results().count()).toBe(0);
    await expectAccessible(page, 'desk search, restricted person not found');
    expect((await goto(page, `/desk/people/${personId}`)).status()).toBe(404);
    await expectAccessible(page, 'person not found');
    expect((await goto(page, `/desk/cases/${caseId}`)).status()).toBe(404);
    expect((await goto(page, `/desk/people/${personId}/flag`)).status()).toBe(404);
  });

  it('the anti-trafficking programme receives the referral with the name, not the phone', async () => {
    const page = await pageFor(ANTI_TRAFFICKING);
    const inbox = new ReferralListPage(page);
    expect((await inbox.open(ReferralListPage.path)).status()).toBe(200);
    await expectAccessible(page, 'anti-trafficking inbox');
    const [referral] = await rows<{ id: string }>(ponte.app.kernel.db, sql`SELECT id FROM referrals WHERE subject_id = ${personId}`);
    expect((await inbox.openReferral(referral!.id)).status()).toBe(200);
    await expectAccessible(page, 'referral received by the programme');
    const shared = await new ReferralPage(page).sharedData();
    expect(Object.values(shared)).toContain('Kwame Mensah');
    expect(JSON.stringify(shared).replace(/\D/g, '')).not.toContain('3526001122');
    expect(await page.locator('main').innerText()).toContain(REASON);
  });

  it('the social worker on the team, in Arabic, finds the case among hers and records the first review meeting', async () => {
    const page = await pageFor(SOCIAL, 'ar-MA');
    const list = new CaseListPage(page);
    expect((await list.open(CaseListPage.path)).status()).toBe(200);
    expect(await list.lang()).toBe('ar');
    expect(await list.dir()).toBe('rtl');
    await expectAccessible(page, 'my cases (ar)');
    expect((await list.openCase(caseId)).status()).toBe(200);
    const kase = new CasePage(page);
    await expectAccessible(page, 'case (ar)');
    expect(await kase.heading.innerText()).toContain('ملف Kwame Mensah');
    expect((await kase.recordMeeting('Incontro con la mediatrice: Kwame accetta il colloquio con il programma.')).status()).toBe(200);
    expect(await kase.flash.innerText()).toBe('سُجّل الاجتماع.');
    expect(await kase.meetingNotes()).toContain('Incontro con la mediatrice: Kwame accetta il colloquio con il programma.');
    await expectAccessible(page, 'case after a meeting (ar)');
    await screenshot(page, 'case-ar');
  });
});
