// Journey 3, the referral's side: the Prefettura's desk has referred Amina to the CPIA's Italian course. The
// CPIA's operator sees the referral in the inbox, accepts it, later completes it with "enrolled"; the desk
// sees the loop close — in French, then in Arabic. axe-core on every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { NotificationsPage, ReferralListPage, ReferralPage } from './pages/referrals-pages.js';
import { rows } from '../../src/kernel/db/client.js';
import { deliverPendingMails, sendReferral } from '../../src/modules/referrals/index.js';

const DESK = 'sportello@prefettura.example';
const CPIA = 'accoglienza@cpia.example';
const COURSE = 'Corso di lingua italiana (livelli A1 e A2) - Andria';

let ponte: RunningPonte;
let browser: Browser;
let referralId: string;

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
  // The desk's side of the journey (the desk module's screens are tested with the desk): the referral sent.
  const db = ponte.app.kernel.db;
  const [desk] = await rows<{ id: string; organization_id: string }>(db, sql`SELECT id, organization_id FROM users WHERE email = ${DESK}`);
  const [course] = await rows<{ id: string }>(db, sql`SELECT service_id AS id FROM dir_published_services WHERE name = ${COURSE}`);
  ({ id: referralId } = await db.transaction((tx) =>
    sendReferral(tx, ponte.app.kernel, { userId: desk!.id, organizationId: desk!.organization_id, ip: null }, {
      toServiceId: course!.id,
      subject: { module: 'desk', id: crypto.randomUUID() },
      needCode: 'language',
      shared: { displayName: 'Amina El Fassi', phone: '+39 333 987 6543', languages: ['fr'], municipalityCode: '110001', summary: 'Corso serale: ha due figli piccoli.' },
      note: 'Parla francese; legge poco l’italiano.',
    }),
  ));
  await deliverPendingMails(ponte.app.kernel);
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
  if (checkedPages.length) console.log(`axe passed on:\n  ${checkedPages.join('\n  ')}`);
});

describe('journey 3: the referral to the CPIA', () => {
  let cpiaContext: BrowserContext;
  let deskContext: BrowserContext;
  afterAll(async () => {
    await cpiaContext?.close();
    await deskContext?.close();
  });

  it('the CPIA operator finds it in the inbox, accepts it, and later completes it with "enrolled"', async () => {
    cpiaContext = await newContext(browser, ponte.baseUrl);
    const page: Page = await cpiaContext.newPage();
    await signInDemo(page, ponte, CPIA);
    const inbox = new ReferralListPage(page);
    const navigation = await inbox.navigationItems();
    expect(navigation).toContain('Segnalazioni');
    expect(navigation.find((n) => n.startsWith('Notifiche'))).toMatch(/^Notifiche \(\d+ nuov[ae]\)$/);

    expect((await inbox.openNavigation(ReferralListPage.path)).status()).toBe(200);
    expect(await inbox.heading.innerText()).toBe('Segnalazioni ricevute');
    const row = inbox.row(referralId);
    expect(await row.innerText()).toContain(COURSE);
    expect(await row.innerText()).toContain('Prefettura di Barletta-Andria-Trani');
    expect(await row.innerText()).toContain('Inviata');
    // The list shows no personal data: the name is on the referral's page only.
    expect(await page.locator('main').innerText()).not.toContain('Amina');
    await expectAccessible(page, 'inbox');

    expect((await inbox.openReferral(referralId)).status()).toBe(200);
    const referral = new ReferralPage(page);
    expect(await referral.heading.innerText()).toBe(`Segnalazione a ${COURSE}`);
    expect(await referral.sharedData()).toEqual({
      Nome: 'Amina El Fassi',
      Telefono: '+39 333 987 6543',
      'Lingue parlate': 'francese',
      Comune: 'Andria',
      'Di cosa ha bisogno': 'Corso serale: ha due figli piccoli.',
    });
    expect(await referral.actions()).toEqual(['accept', 'decline']);
    await expectAccessible(page, 'referral, waiting');
    await screenshot(page, 'referral-received-it');

    // A decline without its reason: the message next to the field, nothing changed.
    expect((await referral.submitEmpty('decline')).status()).toBe(422);
    expect(await page.locator('#declineReason-error').innerText()).toBe('Scegli una delle opzioni proposte.');
    expect(await referral.status.innerText()).toBe('Inviata');
    await expectAccessible(page, 'referral, decline with an error');

    expect((await referral.accept('Test di ingresso martedì alle 16:00.')).status()).toBe(200);
    expect(await referral.flash.innerText()).toBe("Segnalazione accettata. Chi l'ha inviata ne è stato informato.");
    expect(await referral.status.innerText()).toBe('Accettata');
    expect(await referral.actions()).toEqual(['start', 'complete', 'close']);
    await expectAccessible(page, 'referral, accepted');

    expect((await referral.complete('enrolled')).status()).toBe(200);
    expect(await referral.status.innerText()).toBe('Completata');
    expect(await referral.actions()).toEqual([]);
    expect(await referral.historyRows().count()).toBe(3);
    expect(await referral.historyRows().last().innerText()).toContain('Iscritta o iscritto');
    await expectAccessible(page, 'referral, completed');

    const notifications = new NotificationsPage(page);
    expect((await notifications.openNavigation(NotificationsPage.path)).status()).toBe(200);
    expect(await notifications.linksTo(`/referrals/${referralId}`).count()).toBe(1);
    await expectAccessible(page, 'notifications');
    expect((await notifications.markAllRead()).status()).toBe(200);
    expect((await notifications.navigationItems()).find((n) => n.startsWith('Notifiche'))).toBe('Notifiche');
    await expectAccessible(page, 'notifications, all read');
  });

  it('the desk sees the loop close, in French and in Arabic', async () => {
    deskContext = await newContext(browser, ponte.baseUrl);
    const page: Page = await deskContext.newPage();
    await signInDemo(page, ponte, DESK);
    const list = new ReferralListPage(page);
    expect((await list.switchLanguage('fr')).status()).toBe(200);
    expect(await list.lang()).toBe('fr');

    expect((await list.openNavigation(ReferralListPage.path)).status()).toBe(200);
    expect(await list.heading.innerText()).toBe('Orientations reçues');
    expect((await list.openTab(ReferralListPage.sentPath)).status()).toBe(200);
    expect(await list.heading.innerText()).toBe('Orientations envoyées');
    // "Open" is the default filter; a completed referral is under "all".
    expect((await list.open(`${ReferralListPage.sentPath}?status=all`)).status()).toBe(200);
    const row = await list.row(referralId).innerText();
    expect(row).toContain('Cours de langue italienne (niveaux A1 et A2) - Andria');
    expect(row).toContain('Terminée');
    expect(row).toContain('Inscrite ou inscrit');
    await expectAccessible(page, 'sent referrals (fr)');

    expect((await list.openReferral(referralId)).status()).toBe(200);
    const referral = new ReferralPage(page);
    expect(await referral.heading.innerText()).toBe('Orientation vers Cours de langue italienne (niveaux A1 et A2) - Andria');
    expect(await referral.status.innerText()).toBe('Terminée');
    expect(await referral.historyRows().last().innerText()).toContain('Rosa Lamanna');
    await expectAccessible(page, 'referral, completed (fr)');
    await screenshot(page, 'referral-completed-fr');

    const notifications = new NotificationsPage(page);
    expect((await notifications.openNavigation(NotificationsPage.path)).status()).toBe(200);
    expect(await page.locator('main table').innerText()).toContain("a terminé l'orientation vers «\u00a0Corso di lingua italiana (livelli A1 e A2) - Andria\u00a0»");
    await expectAccessible(page, 'notifications (fr)');

    expect((await referral.open(`/referrals/${referralId}`)).status()).toBe(200);
    expect((await referral.switchLanguage('ar')).status()).toBe(200);
    expect(await referral.lang()).toBe('ar');
    expect(await referral.dir()).toBe('rtl');
    expect(await referral.heading.innerText()).toContain('إحالة إلى');
    expect(await referral.status.innerText()).toBe('مكتملة');
    await expectAccessible(page, 'referral, completed (ar)');
    await screenshot(page, 'referral-completed-ar');
  });
});
