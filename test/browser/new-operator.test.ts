// Journey "a new operator": the administrator invites a CPI operator, who accepts the invitation by e-mail,
// chooses a password, is made to enrol the second factor, and sees only what the role allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot } from './helpers/browser.js';
import { checkedPages, expectAccessible } from './helpers/axe.js';
import { linkInLatestMail, startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo, totpCode } from './helpers/sign-in.js';
import { Layout } from './pages/layout.js';
import { LoginPage } from './pages/login-page.js';
import { EnrolPage } from './pages/enrol-page.js';
import { AdminUsersPage } from './pages/admin-users-page.js';
import { InvitePage } from './pages/invite-page.js';
import { SetPasswordPage } from './pages/set-password-page.js';

const ADMIN = 'admin@prefettura.example';
const NEWCOMER = {
  email: 'r.lorusso@cpi-andria.example',
  displayName: 'Rosa Lorusso',
  organization: "Centro per l'Impiego di Andria",
  role: 'labour_officer',
  roleLabel: 'Operatore per il lavoro',
  password: 'un ponte sul fiume Ofanto, 2026',
};

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

describe('a new operator', () => {
  let adminContext: BrowserContext;
  let newcomerContext: BrowserContext;

  afterAll(async () => {
    await adminContext?.close();
    await newcomerContext?.close();
  });

  it('is invited by the administrator, who then signs out', async () => {
    adminContext = await newContext(browser, ponte.baseUrl);
    const page = await adminContext.newPage();
    const login = new LoginPage(page);
    await login.goto();
    expect(await login.lang()).toBe('it');
    await screenshot(page, 'login-it');

    await signInDemo(page, ponte, ADMIN);
    const layout = new Layout(page);
    await expect.poll(() => layout.heading.innerText()).toBe('Benvenuto, Giulia Ferrante');
    await expectAccessible(page, 'admin dashboard');
    // Other areas (the map of services...) may follow, depending on the administrator's permissions.
    const adminNavigation = await layout.navigationItems();
    expect(adminNavigation[0]).toBe('Area operatori');
    expect(adminNavigation).toEqual(expect.arrayContaining(['Utenti', 'Enti', 'Registro delle attività']));

    const users = new AdminUsersPage(page);
    expect((await users.openNavigation(AdminUsersPage.path)).status()).toBe(200);
    expect(await users.heading.innerText()).toBe('Utenti');
    expect(await users.row(ADMIN).count()).toBe(1);
    await expectAccessible(page, 'users');

    expect((await users.openInvite()).status()).toBe(200);
    const invite = new InvitePage(page);
    expect(await invite.heading.innerText()).toBe('Invita un utente');
    await expectAccessible(page, 'invite form');
    await invite.fill({ ...NEWCOMER, roles: [NEWCOMER.role] });
    expect(await invite.roleLabel(NEWCOMER.role).innerText()).toBe(NEWCOMER.roleLabel);
    const invited = await invite.submit();
    expect(invited.status()).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await layout.flash.innerText()).toBe('Invito inviato per e-mail.');
    expect(await layout.heading.innerText()).toBe(NEWCOMER.displayName);
    await expectAccessible(page, 'invited user');

    await users.goto();
    await expect.poll(() => users.row(NEWCOMER.email).innerText()).toContain('Invitato');
    expect(await users.row(NEWCOMER.email).innerText()).toContain(NEWCOMER.organization);

    expect((await layout.signOut()).status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(LoginPage.path);
    expect(await layout.flash.innerText()).toBe('Sei uscito da Ponte.');
    expect(await layout.signedInAs.count()).toBe(0);
    await expectAccessible(page, 'signed out');
  });

  let newcomer: Page;

  it('accepts the invitation from the e-mail and chooses a password', async () => {
    const path = await linkInLatestMail(ponte, NEWCOMER.email, '/invitation/');
    newcomerContext = await newContext(browser, ponte.baseUrl);
    newcomer = await newcomerContext.newPage();
    const setPassword = new SetPasswordPage(newcomer);
    expect((await setPassword.open(path)).status()).toBe(200);
    expect(await setPassword.heading.innerText()).toBe('Benvenuto in Ponte: scegli la tua password');
    expect(await setPassword.hint.innerText()).toContain('Almeno 12 caratteri');
    await expectAccessible(newcomer, 'invitation');

    expect((await setPassword.choose(NEWCOMER.password)).status()).toBe(200);
    expect(new URL(newcomer.url()).pathname).toBe(LoginPage.path);
    expect(await setPassword.flash.innerText()).toBe('Account attivato. Ora puoi accedere.');
    await expectAccessible(newcomer, 'after invitation');

    // The link works once.
    const again = await setPassword.open(path);
    expect(again.status()).toBe(400);
    expect(await setPassword.heading.innerText()).toBe('Collegamento non valido');
    await expectAccessible(newcomer, 'used invitation link');
  });

  it('signs in, is made to enrol the second factor, and lands on the dashboard', async () => {
    const login = new LoginPage(newcomer);
    await login.goto();
    expect((await login.signIn(NEWCOMER.email, NEWCOMER.password)).status()).toBe(200);
    expect(new URL(newcomer.url()).pathname).toBe(EnrolPage.path);

    const enrol = new EnrolPage(newcomer);
    expect(await enrol.heading.innerText()).toBe('Attiva la verifica in due passaggi');
    await expect.poll(() => enrol.qrCode.locator('svg').count()).toBe(1);
    expect(await enrol.qrCode.getAttribute('aria-label')).toBe("Codice QR per l'app di autenticazione");
    const secret = await enrol.secret();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(newcomer, 'enrolment');
    await screenshot(newcomer, 'enrol-it');

    const response = await enrol.submitCode(await totpCode(secret));
    expect(response.status()).toBe(200);
    expect(new URL(newcomer.url()).pathname).toBe('/dashboard');
    const layout = new Layout(newcomer);
    expect(await layout.flash.innerText()).toBe('Verifica in due passaggi attivata.');
    expect(await layout.heading.innerText()).toBe(`Benvenuto, ${NEWCOMER.displayName}`);
    expect(await newcomer.locator('main').innerText()).toContain(`Ente: ${NEWCOMER.organization}`);
    expect(await newcomer.locator('main').innerText()).toContain(`Ruoli: ${NEWCOMER.roleLabel}`);
    await expectAccessible(newcomer, 'newcomer dashboard');
    await screenshot(newcomer, 'dashboard-it');
  });

  it('sees in the navigation only what the role allows, and is refused the administration', async () => {
    const layout = new Layout(newcomer);
    const items = await layout.navigationItems();
    expect(items[0]).toBe('Area operatori');
    expect(items).not.toContain('Utenti');
    expect(items).not.toContain('Enti');
    expect(items).not.toContain('Registro delle attività');
    expect(await layout.mainNavigation.locator('a[href^="/admin/"]').count()).toBe(0);

    const refused = await layout.open(AdminUsersPage.path);
    expect(refused.status()).toBe(403);
    expect(await layout.heading.innerText()).toBe('Accesso non consentito');
    expect(await newcomer.locator('main').innerText()).toContain('Il tuo ruolo non ti permette di aprire questa pagina');
    expect(await layout.lang()).toBe('it');
    // Still signed in: the refusal is not a sign-out.
    expect(await layout.signedInAs.innerText()).toContain(NEWCOMER.displayName);
    await expectAccessible(newcomer, '403');
  });
});
