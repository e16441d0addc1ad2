// No text on any page bypasses the catalogs. With the pseudo-locale 'qps' every translated text comes out
// between ⟦ and ⟧; whatever a person can read on a page and is outside those marks must be a value from the
// database (a name, an e-mail, an organization...), a language's own name, or be free of letters.
// Every GET page of the route table is opened by an anonymous visitor and by every demo account, with
// real ids and tokens; then the pages that only show after a step (form errors, sign-in steps, errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageName, weekdayName } from '../../src/modules/directory/localized.js';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { routeRegistry, type RouteDef } from '../../src/kernel/http/route.js';
import { LOCALE_COOKIE } from '../../src/kernel/http/request-context.js';
import { PSEUDO_CLOSE, PSEUDO_LOCALE, PSEUDO_OPEN, SHIPPED_LOCALES } from '../../src/kernel/i18n/locales.js';
import { rows } from '../../src/kernel/db/client.js';
import { latestMailTo } from '../../src/kernel/mail/mailer.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds/demo.js';
import { DEMO_REFERRAL_TEXTS, seedDemoReferrals } from '../../seeds/demo-referrals.js';
import { DEMO_CASE_TEXTS, seedDemoCases } from '../../seeds/demo-cases.js';
import { DEMO_APPOINTMENT_TEXTS, seedDemoAppointments } from '../../seeds/demo-appointments.js';
import { DEMO_PEOPLE } from '../../seeds/demo-desk.js';
import { COUNTRY_CODES, countryName } from '../../src/modules/desk/countries.js';
import { hasLetters, untranslatedRest, visibleTexts } from './html-text.js';
import { importJobExamples } from '../helpers/import-jobs.js';

const NEW_PASSWORD = 'una frase lunga scelta per la prova';
/** Accounts the test adds, so that pages show their other states (invited, deactivated, no second factor). */
const EXTRA = {
  invited: { email: 'nuovo.sportello@comune-trani.example', displayName: 'Ilaria Sciscioli', org: 'Comune di Trani', role: 'desk_operator' },
  noSecondFactor: { email: 'statistiche@comune-andria.example', displayName: 'Michele Tota', org: 'Comune di Andria', role: 'analyst' },
  deactivated: { email: 'ex.formatore@cpia.example', displayName: 'Carla Mansi', org: "CPIA BAT - Centro Provinciale per l'Istruzione degli Adulti", role: 'trainer' },
} as const;

let t: TestApp;
let admin: TestClient;
const visitors: { who: string; client: TestClient }[] = [];
const ids = { inReview: '', admin: '', activeColleague: '', invited: '', deactivated: '', noSecondFactor: '', service: '' };
/** Demo people of the desk (one per desk), and a need of the first. */
const desk = { people: [] as string[], need: '', household: [] as string[] };
const tokens = { invitation: '', reset: '' };
const importJobs: string[] = [];
/** The demo referrals, one per state the referral page shows. */
const referralIds: string[] = [];
/** The demo cases (open, closed, restricted) and their people. */
const demoCases = { cases: [] as string[], people: [] as string[] };
/** The desks that take appointment requests (they have slots to come). */
const appointmentDesks: string[] = [];
/** The demo mediators (one active, one suspended) and mediation requests in every status the demo has. */
const mediation = { mediators: [] as string[], requests: [] as string[] };
/** Demo reception records: centres, visits, findings, files. */
const reception = { centres: [] as string[], visits: [] as string[], findings: [] as string[], files: [] as string[] };
/** Route patterns whose page was checked at least once. */
const covered = new Set<string>();

const inPseudoLocale = (client: TestClient) => {
  client.cookies.set(LOCALE_COOKIE, PSEUDO_LOCALE);
  return client;
};

async function userId(email: string): Promise<string> {
  const [row] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM users WHERE email = ${email}`);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** The token in the newest mail to this address (the link's last path segment). */
async function tokenMailedTo(email: string, path: string): Promise<string> {
  const mail = await latestMailTo(t.app.kernel.db, email);
  const text = mail?.textBody ?? '';
  const at = text.indexOf(path);
  if (at < 0) throw new Error(`no ${path} link mailed to ${email}`);
  let end = at + path.length;
  while (end < text.length && text[end] !== '\n' && text[end] !== ' ') end++;
  return text.slice(at + path.length, end);
}

async function invite(who: (typeof EXTRA)[keyof typeof EXTRA]): Promise<string> {
  const [org] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM organizations WHERE name = ${who.org}`);
  await admin.get('/admin/users/new');
  const res = await admin.post('/admin/users', { email: who.email, displayName: who.displayName, organizationId: org!.id, locale: 'it', roles: who.role });
  if (res.statusCode !== 303) throw new Error(`inviting ${who.email} failed: ${res.statusCode}`);
  return userId(who.email);
}

/** Values from the database that pages show as they are, plus the languages' own names. */
async function allowedValues(): Promise<string[]> {
  const db = t.app.kernel.db;
  const values = await rows<{ v: string | null }>(
    db,
    sql`SELECT display_name AS v FROM users UNION SELECT email FROM users
        UNION SELECT name FROM organizations UNION SELECT municipality_code FROM organizations
        UNION SELECT action FROM audit_events UNION SELECT entity_type FROM audit_events
        UNION SELECT entity_id FROM audit_events UNION SELECT ip FROM audit_events`,
  );
  // The directory's data: every text of the published documents, needs and municipalities.
  const directory = await rows<{ v: string | null }>(
    db,
    sql`SELECT jsonb_path_query(document, 'strict $.** ? (@.type() == "string")') #>> '{}' AS v FROM dir_published_services
        UNION SELECT name FROM dir_taxonomy_terms UNION SELECT name FROM municipalities UNION SELECT postal_code FROM municipalities
        UNION SELECT name FROM dir_services UNION SELECT description FROM dir_services UNION SELECT eligibility_description FROM dir_services
        UNION SELECT application_process FROM dir_services UNION SELECT fees_description FROM dir_services
        UNION SELECT review_note FROM dir_services UNION SELECT name FROM dir_organizations
        UNION SELECT jsonb_path_query(translations, 'strict $.** ? (@.type() == "string")') #>> '{}' FROM dir_services
        UNION SELECT unnest(file_names) FROM dir_import_jobs
        UNION SELECT jsonb_path_query(report, 'strict $.** ? (@.type() == "string")') #>> '{}' FROM dir_import_jobs`,
  );
  // Names that Intl gives in the reader's language (not catalog texts): languages spoken and weekdays.
  const codes = await rows<{ code: string }>(db, sql`SELECT DISTINCT code FROM dir_languages WHERE code IS NOT NULL`);
  const intlNames = [
    ...codes.map((c) => languageName(c.code, PSEUDO_LOCALE)),
    ...['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].map((d) => weekdayName(d, PSEUDO_LOCALE)),
  ];
  // Times in the audit log, formatted as the pseudo-locale's translator formats them.
  const tr = t.app.i18n.translator(PSEUDO_LOCALE);
  const times = await rows<{ at: string | Date }>(db, sql`SELECT DISTINCT occurred_at AS at FROM audit_events`);
  return [
    ...values.map((r) => r.v ?? ''),
    ...directory.map((r) => r.v ?? ''),
    ...intlNames,
    ...times.map((r) => tr.dateTime(new Date(r.at))),
    ...SHIPPED_LOCALES.map((l) => l.name),
    ...DEMO_REFERRAL_TEXTS,
    ...DEMO_CASE_TEXTS,
    ...DEMO_APPOINTMENT_TEXTS,
    ...(await deskValues()),
    ...(await mediationValues()),
    ...(await receptionValues()),
  ]
    .filter((v) => v.trim() !== '')
    .sort((a, b) => b.length - a.length);
}

/** The desk's demo people as pages show them: their (sealed) data, countries' names, dates in the pseudo-locale. */
async function deskValues(): Promise<string[]> {
  const tr = t.app.i18n.translator(PSEUDO_LOCALE);
  const people = DEMO_PEOPLE.flatMap(({ data, contacts, needs }) => [
    `${data.givenName} ${data.familyName}`,
    data.latinName ?? '',
    data.phone ?? '',
    data.email ?? '',
    data.documentNumber ?? '',
    data.birthDate ? tr.date(new Date(`${data.birthDate}T12:00:00Z`)) : '',
    ...contacts.map((c) => c.note ?? ''),
    ...needs.map((n) => n.note ?? ''),
  ]);
  const db = t.app.kernel.db;
  const times = await rows<{ at: Date | string }>(
    db,
    sql`SELECT occurred_at AS at FROM desk_contacts WHERE person_id IS NOT NULL UNION SELECT given_at FROM desk_consents
      UNION SELECT withdrawn_at FROM desk_consents WHERE withdrawn_at IS NOT NULL UNION SELECT sent_at FROM referrals
      UNION SELECT opened_at FROM desk_cases`,
  );
  const countries = await rows<{ code: string }>(db, sql`SELECT DISTINCT nationality AS code FROM desk_people WHERE nationality IS NOT NULL`);
  return [
    ...people,
    ...times.flatMap((r) => [tr.dateTime(new Date(r.at)), tr.date(new Date(r.at))]),
    ...countries.map((c) => countryName(c.code, PSEUDO_LOCALE)),
    // The citizenship select lists every country by its Intl name.
    ...COUNTRY_CODES.map((c) => countryName(c, PSEUDO_LOCALE)),
  ];
}

/** The mediators' roster and requests as pages show them: names, notes, and times in the pseudo-locale. */
async function mediationValues(): Promise<string[]> {
  const tr = t.app.i18n.translator(PSEUDO_LOCALE);
  const db = t.app.kernel.db;
  const texts = await rows<{ v: string | null }>(
    db,
    sql`SELECT full_name AS v FROM med_mediators UNION SELECT email FROM med_mediators UNION SELECT phone FROM med_mediators
      UNION SELECT qualifications FROM med_mediators UNION SELECT training FROM med_mediators UNION SELECT suspended_reason FROM med_mediators
      UNION SELECT dialects FROM med_languages UNION SELECT note FROM med_absences
      UNION SELECT purpose FROM med_requests UNION SELECT place FROM med_requests UNION SELECT dialect FROM med_requests
      UNION SELECT case_reference FROM med_requests UNION SELECT cancel_reason FROM med_requests UNION SELECT requester_comment FROM med_requests
      UNION SELECT reason FROM med_request_events`,
  );
  const times = await rows<{ at: Date | string }>(db, sql`SELECT starts_at AS at FROM med_requests WHERE starts_at IS NOT NULL UNION SELECT occurred_at FROM med_request_events`);
  return [...texts.map((r) => r.v ?? ''), ...times.map((r) => tr.dateTime(new Date(r.at)))];
}

/** The reception module's data as pages show it: centres, guests' codes, documents' names, inspectors' notes. */
async function receptionValues(): Promise<string[]> {
  const found = await rows<{ v: string | null }>(
    t.app.kernel.db,
    sql`SELECT name AS v FROM reception_centres UNION SELECT code FROM reception_centres UNION SELECT address FROM reception_centres
      UNION SELECT contact_email FROM reception_centres UNION SELECT guest_code FROM reception_stays UNION SELECT original_name FROM reception_files
      UNION SELECT description FROM reception_findings UNION SELECT action_required FROM reception_findings UNION SELECT response FROM reception_findings
      UNION SELECT note FROM reception_answers UNION SELECT return_reason FROM reception_documents`,
  );
  return found.map((r) => r.v ?? '');
}

/** The untranslated texts of a page, as readable lines; empty when the page is clean. */
async function problemsOf(res: LightMyRequestResponse, label: string): Promise<string[]> {
  if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) return [`${label}: not an HTML page (${res.statusCode})`];
  const problems: string[] = [];
  if (!res.body.includes(`<html lang="${PSEUDO_LOCALE}"`)) problems.push(`${label}: the page is not in the pseudo-locale`);
  const allowed = await allowedValues();
  for (const { text, where } of visibleTexts(res.body)) {
    const rest = untranslatedRest(text, allowed, PSEUDO_OPEN, PSEUDO_CLOSE);
    if (hasLetters(rest)) problems.push(`${label}: ${where}: ${JSON.stringify(text.trim())} (outside the catalogs: ${JSON.stringify(rest.trim())})`);
  }
  return problems;
}

/** Checks a response that must be a page with one of these statuses. */
async function checkPage(res: LightMyRequestResponse, label: string, statuses: number[], pattern?: string): Promise<string[]> {
  if (!statuses.includes(res.statusCode)) return [`${label}: status ${res.statusCode}, expected ${statuses.join(' or ')}`];
  if (pattern) covered.add(pattern);
  return problemsOf(res, label);
}

beforeAll(async () => {
  t = await createTestApp({ seed: true, config: { pseudoLocale: true } });
  admin = await signIn(t.app, 'admin@prefettura.example');

  // Pages in their other states: an invitation not yet accepted, a deactivated account, an operator
  // whose roles do not require a second factor and who has none.
  ids.invited = await invite(EXTRA.invited);
  tokens.invitation = await tokenMailedTo(EXTRA.invited.email, '/invitation/');
  ids.deactivated = await invite(EXTRA.deactivated);
  await admin.get(`/admin/users/${ids.deactivated}`);
  expect((await admin.post(`/admin/users/${ids.deactivated}/deactivate`)).statusCode).toBe(303);
  ids.noSecondFactor = await invite(EXTRA.noSecondFactor);
  const accepting = new TestClient(t.app);
  const invitationToken = await tokenMailedTo(EXTRA.noSecondFactor.email, '/invitation/');
  await accepting.get(`/invitation/${invitationToken}`);
  expect((await accepting.post(`/invitation/${invitationToken}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);

  const forgetful = new TestClient(t.app);
  await forgetful.get('/password/forgot');
  await forgetful.post('/password/forgot', { email: 'sportello@prefettura.example' });
  tokens.reset = await tokenMailedTo('sportello@prefettura.example', '/password/reset/');

  ids.admin = await userId('admin@prefettura.example');
  ids.activeColleague = await userId('mediatrice@mondivicini.example');
  ids.inReview = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM dir_services WHERE name = 'Ufficio cittadinanza'`))[0]!.id;
  ids.service = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT service_id AS id FROM dir_published_services WHERE name LIKE 'Scelta del medico di base%Andria'`))[0]!.id;
  importJobs.push(...Object.values(await importJobExamples(t.app)));

  // The demo referrals (loaded here while seeds/demo.ts does not load them itself).
  if ((await rows(t.app.kernel.db, sql`SELECT 1 FROM referrals LIMIT 1`)).length === 0) {
    await t.app.kernel.db.transaction((tx) => seedDemoReferrals(t.app.kernel, tx));
  }
  referralIds.push(...(await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM referrals ORDER BY sent_at`)).map((r) => r.id));
  // The demo cases (loaded here while seeds/demo.ts does not load them itself).
  if ((await rows(t.app.kernel.db, sql`SELECT 1 FROM desk_cases LIMIT 1`)).length === 0) {
    await t.app.kernel.db.transaction((tx) => seedDemoCases(t.app.kernel, tx));
  }
  demoCases.cases.push(...(await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM desk_cases ORDER BY opened_at`)).map((r) => r.id));
  demoCases.people.push(...(await rows<{ id: string }>(t.app.kernel.db, sql`SELECT DISTINCT person_id AS id FROM desk_cases`)).map((r) => r.id));

  // The demo appointments (loaded here while seeds/demo.ts does not load them itself).
  if ((await rows(t.app.kernel.db, sql`SELECT 1 FROM desk_slots LIMIT 1`)).length === 0) {
    await t.app.kernel.db.transaction((tx) => seedDemoAppointments(t.app.kernel, tx));
  }
  appointmentDesks.push(...(await rows<{ id: string }>(t.app.kernel.db, sql`SELECT DISTINCT organization_id AS id FROM desk_slots WHERE starts_at > now()`)).map((r) => r.id));

  desk.people = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT DISTINCT ON (organization_id) id FROM desk_people ORDER BY organization_id, created_at`)).map((r) => r.id);
  desk.need = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM desk_needs WHERE person_id = ${desk.people[0]} LIMIT 1`))[0]!.id;
  const [link] = await rows<{ person_id: string; related_person_id: string }>(t.app.kernel.db, sql`SELECT person_id, related_person_id FROM desk_household_links LIMIT 1`);
  desk.household = [link!.person_id, link!.related_person_id];

  mediation.mediators = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT DISTINCT ON (status) id FROM med_mediators ORDER BY status, full_name`)).map((r) => r.id);
  mediation.requests = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT DISTINCT ON (status) id FROM med_requests ORDER BY status, created_at`)).map((r) => r.id);

  reception.centres = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM reception_centres ORDER BY code`)).map((r) => r.id);
  reception.visits = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM reception_visits`)).map((r) => r.id);
  reception.findings = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM reception_findings`)).map((r) => r.id);

  visitors.push({ who: 'anonymous', client: inPseudoLocale(new TestClient(t.app)) });
  for (const account of DEMO_ACCOUNTS) {
    const client = account.email === 'admin@prefettura.example' ? admin : await signIn(t.app, account.email);
    visitors.push({ who: account.email, client: inPseudoLocale(client) });
  }
  visitors.push({ who: EXTRA.noSecondFactor.email, client: inPseudoLocale(await signIn(t.app, EXTRA.noSecondFactor.email, NEW_PASSWORD)) });
}, 180_000);
afterAll(() => t?.close());

/**
 * Real values for the parameters of page routes. A new parametrized GET route fails the test until its
 * values are added here.
 */
function concreteUrls(def: RouteDef): string[] | undefined {
  if (!def.url.includes(':')) return [def.url];
  const table: Record<string, () => string[]> = {
    '/admin/users/:id': () => [ids.admin, ids.activeColleague, ids.invited, ids.deactivated, ids.noSecondFactor].map((id) => `/admin/users/${id}`),
    '/password/reset/:token': () => [`/password/reset/${tokens.reset}`],
    '/invitation/:token': () => [`/invitation/${tokens.invitation}`],
    // Switching language answers with a redirect, not a page; the unknown-language page is checked below.
    '/lang/:code': () => [],
    '/services/:id': () => [`/services/${ids.service}`],
    '/services/:id/report': () => [`/services/${ids.service}/report`],
    '/directory/manage/services/:id': () => [ids.service, ids.inReview].map((id) => `/directory/manage/services/${id}`),
    '/directory/manage/services/:id/history': () => [`/directory/manage/services/${ids.service}/history`],
    '/directory/manage/review/:id': () => [`/directory/manage/review/${ids.inReview}`],
    '/directory/manage/import/:id': () => importJobs.map((id) => `/directory/manage/import/${id}`),
    '/referrals/:id': () => referralIds.map((id) => `/referrals/${id}`),
    '/appointments/:id': () => appointmentDesks.map((id) => `/appointments/${id}`),
    '/desk/cases/:id': () => demoCases.cases.map((id) => `/desk/cases/${id}`),
    '/desk/people/:id/cases/new': () => demoCases.people.map((id) => `/desk/people/${id}/cases/new`),
    '/desk/people/:id/flag': () => demoCases.people.map((id) => `/desk/people/${id}/flag`),
    '/desk/people/:id': () => desk.people.map((id) => `/desk/people/${id}`),
    '/desk/people/:id/edit': () => desk.people.map((id) => `/desk/people/${id}/edit`),
    '/desk/people/:id/consent': () => desk.people.map((id) => `/desk/people/${id}/consent`),
    '/desk/people/:id/summary': () => desk.people.map((id) => `/desk/people/${id}/summary`),
    '/desk/people/:id/household': () => desk.people.map((id) => `/desk/people/${id}/household`),
    '/desk/people/:id/merge/:duplicateId': () => [`/desk/people/${desk.household[0]}/merge/${desk.household[1]}`],
    '/desk/people/:id/needs/:needId': () => [`/desk/people/${desk.people[0]}/needs/${desk.need}`],
    '/mediators/:id': () => mediation.mediators.map((id) => `/mediators/${id}`),
    '/mediation/requests/:id': () => mediation.requests.map((id) => `/mediation/requests/${id}`),
    '/reception/centres/:id': () => reception.centres.map((id) => `/reception/centres/${id}`),
    '/reception/centres/:id/edit': () => reception.centres.map((id) => `/reception/centres/${id}/edit`),
    '/reception/visits/:id': () => reception.visits.map((id) => `/reception/visits/${id}`),
    '/reception/findings/:id': () => reception.findings.map((id) => `/reception/findings/${id}`),
    // Files are served as attachments, not pages.
    '/reception/files/:id': () => [],
  };
  return table[def.url]?.();
}

const pageRoutes = () => routeRegistry.get(t.app)!.filter((r) => r.method === 'GET' && (r.kind ?? 'page') === 'page');

describe('texts outside the catalogs (pseudo-locale)', () => {
  it('the checker flags a hard-coded text and accepts marked texts, database values and technical content', async () => {
    const allowed = ['Giulia Ferrante', 'Italiano'];
    const rest = (html: string) =>
      visibleTexts(html)
        .map((v) => untranslatedRest(v.text, allowed).trim())
        .filter(hasLetters);
    expect(rest('<main><p>Benvenuto</p></main>')).toEqual(['Benvenuto']);
    expect(rest('<p>⟦Benvenuto, Giulia Ferrante⟧</p><p>⟦Ruoli: ⟦Amministratore⟧⟧</p><title>⟦Utenti⟧ · ⟦Ponte⟧</title>')).toEqual([]);
    expect(rest('<p>Benvenuto ⟦Giulia⟧</p>')).toEqual(['Benvenuto']);
    expect(rest('<nav aria-label="Menu principale"></nav><input type="submit" value="Invia"><img alt="Logo">')).toEqual(['Menu principale', 'Invia', 'Logo']);
    expect(rest('<input type="hidden" name="_csrf" value="abcdef"><input type="text" value="Giulia"><a href="/x">Giulia Ferrante</a>')).toEqual([]);
    expect(rest('<script>const a = "testo";</script><style>p::after{content:"x"}</style><code>auth.login</code><span>Italiano</span><p>12/03/2026 10:00 · 42</p>')).toEqual([]);
    expect(visibleTexts('<p title="a &amp; b">C&#39;&#232; &amp; &lt;altro&gt;</p>').map((v) => v.text)).toEqual(['a & b', "C'è & <altro>"]);
  });

  it('has no such text on any GET page, for anonymous visitors and every demo account', async () => {
    const problems: string[] = [];
    const unmapped: string[] = [];
    let pages = 0;
    for (const def of pageRoutes()) {
      const urls = concreteUrls(def);
      if (!urls) {
        unmapped.push(def.url);
        continue;
      }
      for (const url of urls) {
        for (const { who, client } of visitors) {
          const res = await client.get(url);
          if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
          pages++;
          covered.add(def.url);
          problems.push(...(await problemsOf(res, `${who} GET ${url}`)));
        }
      }
    }
    expect(unmapped, 'parametrized page routes without values in concreteUrls()').toEqual([]);
    expect(pages).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  }, 600_000);

  it('has none on error pages', async () => {
    const anonymous = inPseudoLocale(new TestClient(t.app));
    const analyst = visitors.find((v) => v.who === 'osservatorio@prefettura.example')!.client;
    const problems = [
      ...(await checkPage(await anonymous.get('/no-such-page'), 'anonymous GET /no-such-page', [404])),
      ...(await checkPage(await anonymous.get('/lang/xx'), 'anonymous GET /lang/xx', [400], '/lang/:code')),
      ...(await checkPage(await anonymous.get('/password/reset/not-a-token'), 'anonymous GET /password/reset/not-a-token', [400])),
      ...(await checkPage(await analyst.get('/admin/users'), 'analyst GET /admin/users', [403])),
      // A reception file is an attachment: the route's page is its refusal.
      ...(await checkPage(await admin.get('/reception/files/00000000-0000-4000-8000-000000000000'), 'admin GET a reception file (not allowed)', [403], '/reception/files/:id')),
      ...(await checkPage(await admin.get('/admin/users/00000000-0000-4000-8000-000000000000'), 'admin GET unknown user', [404])),
    ];
    await anonymous.get('/login');
    problems.push(...(await checkPage(await anonymous.post('/login', { email: 'a@b.example', password: 'x' }, { csrf: null }), 'anonymous POST /login without CSRF token', [403])));
    expect(problems).toEqual([]);
  });

  it('has none in forms shown again with their errors, nor in the messages after an action', async () => {
    const anonymous = inPseudoLocale(new TestClient(t.app));
    const colleague = visitors.find((v) => v.who === EXTRA.noSecondFactor.email)!.client;
    const problems: string[] = [];
    const post = async (client: TestClient, label: string, page: string, url: string, form: Record<string, string>, statuses: number[]) => {
      await client.get(page);
      problems.push(...(await checkPage(await client.post(url, form), `${label} POST ${url} ${JSON.stringify(form)}`, statuses)));
    };
    await post(anonymous, 'anonymous', '/login', '/login', {}, [422]);
    await post(anonymous, 'anonymous', '/login', '/login', { email: 'nessuno@example.org', password: 'sbagliata' }, [401]);
    await post(anonymous, 'anonymous', '/password/forgot', '/password/forgot', { email: 'non-un-indirizzo' }, [422]);
    await post(anonymous, 'anonymous', '/password/forgot', '/password/forgot', { email: 'nessuno@example.org' }, [200]);
    const invitation = `/invitation/${tokens.invitation}`;
    await post(anonymous, 'anonymous', invitation, invitation, { password: 'corta', confirm: 'diversa' }, [422]);
    await post(anonymous, 'anonymous', invitation, invitation, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, [422]);
    await post(admin, 'admin', '/admin/users/new', '/admin/users', {}, [422]);
    const [org] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM organizations ORDER BY name LIMIT 1`);
    await post(admin, 'admin', '/admin/users/new', '/admin/users', { email: 'dpo@prefettura.example', displayName: 'Doppio', organizationId: org!.id, locale: 'it', roles: 'dpo' }, [422]);
    await post(admin, 'admin', `/admin/users/${ids.activeColleague}`, `/admin/users/${ids.activeColleague}`, {}, [422]);
    await post(admin, 'admin', '/admin/organizations', '/admin/organizations', {}, [422]);
    await post(admin, 'admin', '/admin/organizations', '/admin/organizations', { name: 'Comune di Andria', kind: 'municipality', municipalityCode: '12' }, [422]);
    await post(admin, 'admin', '/admin/audit', '/admin/audit/verify', {}, [200]);
    await post(colleague, 'operator', '/account/password', '/account/password', {}, [422]);
    await post(colleague, 'operator', '/account/password', '/account/password', { currentPassword: 'non questa', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, [422]);
    await post(colleague, 'operator', '/account/second-factor', '/account/second-factor', { code: '12' }, [422]);
    const cpia = visitors.find((v) => v.who === 'accoglienza@cpia.example')!.client;
    const [waiting] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT r.id FROM referrals r JOIN users u ON u.organization_id = r.to_organization_id WHERE u.email = 'accoglienza@cpia.example' AND r.status = 'sent' LIMIT 1`);
    await post(cpia, 'operator', `/referrals/${waiting!.id}`, `/referrals/${waiting!.id}/decline`, { declineReason: 'other' }, [422]);
    await post(anonymous, 'anonymous', `/appointments/${appointmentDesks[0]}`, `/appointments/${appointmentDesks[0]}`, { name: 'X' }, [400]);
    const deskOperator = visitors.find((v) => v.who === 'sportello@prefettura.example')!.client;
    await post(deskOperator, 'operator', '/desk/appointments', '/desk/appointments/slots', { date: '2020-01-01', start: '10:00', end: '09:00', capacity: '0' }, [400]);

    // The one-time messages shown after an action.
    await admin.get('/admin/organizations');
    expect((await admin.post('/admin/organizations', { name: 'Comune di Spinazzola', kind: 'municipality', municipalityCode: '110008' })).statusCode).toBe(303);
    problems.push(...(await checkPage(await admin.get('/admin/organizations'), 'admin GET /admin/organizations after adding one', [200])));
    await admin.get(`/admin/users/${ids.deactivated}`);
    expect((await admin.post(`/admin/users/${ids.deactivated}/reactivate`)).statusCode).toBe(303);
    problems.push(...(await checkPage(await admin.get(`/admin/users/${ids.deactivated}`), 'admin GET a user after reactivating', [200])));
    expect(problems).toEqual([]);
  }, 60_000);

  it('has none in the steps of signing in and out', async () => {
    const problems: string[] = [];
    // Between the password and the code.
    const pending = inPseudoLocale(new TestClient(t.app));
    await pending.get('/login');
    expect((await pending.post('/login', { email: 'sportello@prefettura.example', password: DEMO_PASSWORD })).headers.location).toBe('/login/second-factor');
    problems.push(...(await checkPage(await pending.get('/login/second-factor'), 'pending GET /login/second-factor', [200], '/login/second-factor')));
    problems.push(...(await checkPage(await pending.post('/login/second-factor', { code: '000000' }), 'pending POST a wrong code', [401])));

    // The invited operator accepts, signs in and is asked to set up the second factor.
    const invited = inPseudoLocale(new TestClient(t.app));
    const invitation = `/invitation/${tokens.invitation}`;
    await invited.get(invitation);
    expect((await invited.post(invitation, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
    problems.push(...(await checkPage(await invited.get('/login'), 'invited GET /login after accepting', [200])));
    problems.push(...(await checkPage(await invited.get(invitation), 'invited GET a used invitation', [400])));
    await invited.get('/login');
    expect((await invited.post('/login', { email: EXTRA.invited.email, password: NEW_PASSWORD })).headers.location).toBe('/login/enrol');
    problems.push(...(await checkPage(await invited.get('/login/enrol'), 'invited GET /login/enrol', [200], '/login/enrol')));
    problems.push(...(await checkPage(await invited.post('/login/enrol', { code: '000000' }), 'invited POST a wrong first code', [422])));

    // Signing out.
    const leaving = visitors.find((v) => v.who === EXTRA.noSecondFactor.email)!.client;
    await leaving.get('/account');
    expect((await leaving.post('/logout')).statusCode).toBe(303);
    problems.push(...(await checkPage(await leaving.get('/login'), 'GET /login after signing out', [200])));
    expect(problems).toEqual([]);
  }, 60_000);

  it('checked every GET page of the route table', () => {
    const missing = pageRoutes()
      .map((r) => r.url)
      .filter((url) => !covered.has(url));
    expect(missing).toEqual([]);
  });
});
