// The desk's figures: counts of distinct people, a figure about fewer than five people never shown (4 is
// hidden, 5 is shown) nor recoverable from a total, the period filter, the CSV export carrying the same
// figures, and who sees which organization's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { rows, type Tx } from '../../src/kernel/db/client.js';
import { insertPerson } from '../../src/modules/desk/record-person.js';
import { logContact, recordNeed } from '../../src/modules/desk/contacts-and-needs.js';
import type { DeskUser } from '../../src/modules/desk/desk.repo.js';
import type { AuditActor } from '../../src/kernel/audit/audit.js';

const DESK = 'sportello@prefettura.example';
const CPI_DESK = 'sportello@cpi-andria.example';
const ANALYST = 'osservatorio@prefettura.example';
const OFFICIAL = 'funzionario@prefettura.example';
const CPIA_NAME = "CPIA BAT - Centro Provinciale per l'Istruzione degli Adulti";
const ASL_NAME = 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani';
const MARCH = 'from=2025-03-03&to=2025-03-30';

let t: TestApp;
const db = () => t.app.kernel.db;
const orgs = { prefettura: '', cpiAndria: '', cpia: '', asl: '' };

async function operator(email: string): Promise<{ user: DeskUser; actor: AuditActor }> {
  const [u] = await rows<{ id: string; organization_id: string }>(db(), sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  return { user: { id: u!.id, organizationId: u!.organization_id }, actor: { userId: u!.id, organizationId: u!.organization_id, ip: null } };
}

async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id;
}

/** A contact logged by the desk at a given time in Rome (noon), with a person or anonymous. */
async function contactOn(tx: Tx, who: { user: DeskUser; actor: AuditActor }, personId: string | null, day: string) {
  const id = await logContact(tx, t.app.kernel.crypto, who.user, who.actor, personId, { channel: 'walk_in', languageCode: 'ar', mediatorPresent: false });
  await tx.execute(sql`UPDATE desk_contacts SET occurred_at = ${`${day}T11:00:00Z`}::timestamptz WHERE id = ${id}`);
}

async function needOn(tx: Tx, who: { user: DeskUser; actor: AuditActor }, personId: string, termCode: string, day: string) {
  const id = await recordNeed(tx, t.app.kernel.crypto, who.user, who.actor, personId, { termCode, urgency: 'normal' });
  await tx.execute(sql`UPDATE desk_needs SET created_at = ${`${day}T11:00:00Z`}::timestamptz WHERE id = ${id}`);
}

async function person(tx: Tx, organizationId: string, name: string, nationality?: string): Promise<string> {
  const [given, family] = name.split(' ');
  return insertPerson(tx, t.app.kernel.crypto, organizationId, { givenName: given!, familyName: family!, languages: [], nationality });
}

async function referral(tx: Tx, r: { subject: string; to: string; status: string; sent: string; acceptedAfterDays?: number; completedAfterDays?: number }) {
  const sent = new Date(`${r.sent}T09:00:00Z`);
  const after = (days?: number) => (days === undefined ? null : new Date(sent.getTime() + days * 86_400_000).toISOString());
  await tx.execute(sql`INSERT INTO referrals (id, subject_module, subject_id, need_code, service_id, service_name, from_organization_id, to_organization_id,
      status, shared_data_enc, sent_at, answer_by, answered_at, ended_at, outcome)
    VALUES (${randomUUID()}, 'desk', ${r.subject}, 'language', ${randomUUID()}, 'Corso di italiano', ${orgs.prefettura}, ${r.to},
      ${r.status}, 'v1.x.y', ${sent.toISOString()}::timestamptz, ${sent.toISOString()}::timestamptz + interval '5 days',
      ${after(r.acceptedAfterDays)}::timestamptz, ${after(r.completedAfterDays)}::timestamptz, ${r.status === 'completed' ? 'enrolled' : null})`);
}

/**
 * The province in March 2025 (weeks from Monday 3, 10, 17, 24), and one week of April:
 * - week of 3 March, Prefettura: 5 people, one of them twice → 6 contacts, 5 people (shown);
 * - week of 10 March, Prefettura: 3 people (one of them three times) and 1 anonymous → 4 people (hidden);
 *   CPI Andria the same week: 2 people → the province's week has 6;
 * - week of 17 March, Prefettura: 4 anonymous contacts and 1 person twice → 5 people (shown);
 * - needs, Prefettura: health for 5 people (one has two health needs: 6 needs), work for 4 people;
 *   the 5 with health needs are Moroccan, the 4 with work needs Nigerian;
 * - referrals sent by the Prefettura: to the CPIA 6, for 5 people (one sent twice), all completed, accepted
 *   after 1…6 days and completed after 10…15 days; to the ASL 4 for 4 people, still waiting;
 * - week of 7 April, Prefettura: 10 people, outside the March period.
 */
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  orgs.prefettura = await orgId('Prefettura di Barletta-Andria-Trani');
  orgs.cpiAndria = await orgId("Centro per l'Impiego di Andria");
  orgs.cpia = await orgId(CPIA_NAME);
  orgs.asl = await orgId(ASL_NAME);
  const desk = await operator(DESK);
  const cpi = await operator(CPI_DESK);
  await db().transaction(async (tx) => {
    const week1 = [];
    for (let i = 0; i < 5; i++) week1.push(await person(tx, orgs.prefettura, `Prima${'abcde'[i]} Settimana`, 'MA'));
    for (const p of week1) await contactOn(tx, desk, p, '2025-03-04');
    await contactOn(tx, desk, week1[0]!, '2025-03-06');

    const week2 = [];
    for (let i = 0; i < 3; i++) week2.push(await person(tx, orgs.prefettura, `Seconda${'abc'[i]} Settimana`, 'NG'));
    for (const p of week2) await contactOn(tx, desk, p, '2025-03-11');
    await contactOn(tx, desk, week2[0]!, '2025-03-12');
    await contactOn(tx, desk, week2[0]!, '2025-03-13');
    await contactOn(tx, desk, null, '2025-03-14');
    for (let i = 0; i < 2; i++) await contactOn(tx, cpi, await person(tx, orgs.cpiAndria, `Andria${'ab'[i]} Lavoro`, 'SN'), '2025-03-12');

    for (let i = 0; i < 4; i++) await contactOn(tx, desk, null, '2025-03-18');
    const third = await person(tx, orgs.prefettura, 'Terza Settimana', 'TN');
    await contactOn(tx, desk, third, '2025-03-19');
    await contactOn(tx, desk, third, '2025-03-20');

    for (const p of week1) await needOn(tx, desk, p, 'health.family-doctor', '2025-03-04');
    await needOn(tx, desk, week1[0]!, 'health.mental', '2025-03-06');
    const nigerian = await person(tx, orgs.prefettura, 'Quarto Lavoro', 'NG');
    for (const p of [...week2, nigerian]) await needOn(tx, desk, p, 'work', '2025-03-11');

    const subjects = week1.slice();
    for (let i = 0; i < 6; i++) {
      await referral(tx, { subject: subjects[i % 5]!, to: orgs.cpia, status: 'completed', sent: '2025-03-05', acceptedAfterDays: i + 1, completedAfterDays: i + 10 });
    }
    for (const p of [...week2, nigerian]) await referral(tx, { subject: p, to: orgs.asl, status: 'sent', sent: '2025-03-12' });

    for (let i = 0; i < 10; i++) await contactOn(tx, desk, await person(tx, orgs.prefettura, `Aprile${'abcdefghij'[i]} Dopo`), '2025-04-08');
  });
}, 60_000);
afterAll(() => t?.close());

/** A figures table of the page: each row's cells as text (the header row left out, the total row kept). */
function table(html: string, id: string): string[][] {
  const match = new RegExp(`<table[^>]*data-figures="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!match) throw new Error(`no table ${id}`);
  const body = match[1]!.replace(/<thead>[\s\S]*?<\/thead>/, '');
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").trim()),
  );
}

const rowOf = (rows: string[][], label: string) => rows.find((r) => r[0] === label);
const HIDDEN = 'meno di 5';

describe("the Prefettura's desk operator", () => {
  let desk: TestClient;
  let page: string;
  beforeAll(async () => {
    desk = await signIn(t.app, DESK);
    const res = await desk.get(`/desk/figures?${MARCH}`);
    expect(res.statusCode).toBe(200);
    page = res.body;
  });

  it('sees people counted once, and a week of 4 people hidden while weeks of 5 are shown', () => {
    const weeks = table(page, 'weeks');
    expect(weeks.slice(0, 4)).toEqual([
      ['dal 03/03/25', '6', '5'],
      ['dal 10/03/25', HIDDEN, HIDDEN],
      ['dal 17/03/25', '6', '5'],
      ['dal 24/03/25', HIDDEN, HIDDEN],
    ]);
    // The total adds up the weeks shown: the 6 contacts of the hidden week are not in it.
    expect(weeks[4]).toEqual(['Totale dei dati mostrati', '12', '']);
  });

  it('sees needs by category and nationality with the groups of 4 hidden, and totals that do not give them away', () => {
    expect(table(page, 'categories')).toEqual([
      ['Salute', '5', '6'],
      ['Lavoro e formazione', HIDDEN, HIDDEN],
      ['Totale dei dati mostrati', '', '6'],
    ]);
    const nationalities = table(page, 'nationalities');
    expect(rowOf(nationalities, 'Marocco')).toEqual(['Marocco', '5', '6']);
    expect(rowOf(nationalities, 'Nigeria')).toEqual(['Nigeria', HIDDEN, HIDDEN]);
    // 9 people have needs; the total says 5, so "total − shown" finds nothing.
    expect(rowOf(nationalities, 'Totale dei dati mostrati')).toEqual(['Totale dei dati mostrati', '5', '6']);
    expect(page).not.toMatch(/>\s*9\s*</);
  });

  it('sees referrals by status and the median days per receiving organization, each hidden under 5 people', () => {
    const statuses = table(page, 'referrals');
    expect(rowOf(statuses, 'Completata')).toEqual(['Completata', '6', '5']);
    expect(rowOf(statuses, 'Inviata')).toEqual(['Inviata', HIDDEN, HIDDEN]);
    expect(rowOf(statuses, 'Accettata')).toEqual(['Accettata', HIDDEN, HIDDEN]);
    expect(rowOf(statuses, 'Totale dei dati mostrati')).toEqual(['Totale dei dati mostrati', '6', '']);

    const receivers = table(page, 'receivers');
    // Accepted after 1…6 days: median 3.5; completed after 10…15: median 12.5.
    expect(rowOf(receivers, CPIA_NAME)).toEqual([CPIA_NAME, '5', '3,5 giorni', '12,5 giorni']);
    expect(rowOf(receivers, ASL_NAME)).toEqual([ASL_NAME, HIDDEN, HIDDEN, HIDDEN]);
  });

  it('draws the same figures in the charts, with no bar for a hidden one', () => {
    const chart = /<svg[^>]*aria-label="Grafico: Contatti per settimana[\s\S]*?<\/svg>/.exec(page)![0];
    expect(chart.match(/<rect/g)).toHaveLength(2);
    expect(chart).toContain(HIDDEN);
  });

  it('downloads each table as CSV with the same figures, "<5" for the hidden ones', async () => {
    const res = await desk.get(`/desk/figures?${MARCH}&export=nationalities`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="figures-nationalities-2025-03-03-2025-03-30.csv"');
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('Nazionalità,Persone,Bisogni');
    expect(lines).toContain('Marocco,5,6');
    expect(lines).toContain('Nigeria,<5,<5');
    expect(lines.at(-1)).toBe('Totale dei dati mostrati,5,6');
    const receivers = await desk.get(`/desk/figures?${MARCH}&export=receivers`);
    expect(receivers.body).toContain(`${CPIA_NAME},5,3.5,12.5`);
  });

  it('counts only the period asked for', async () => {
    const april = table((await desk.get('/desk/figures?from=2025-04-07&to=2025-04-13')).body, 'weeks');
    expect(april).toEqual([
      ['dal 07/04/25', '10', '10'],
      ['Totale dei dati mostrati', '10', ''],
    ]);
    // March's needs and referrals are not in April's figures.
    const aprilPage = (await desk.get('/desk/figures?from=2025-04-07&to=2025-04-13')).body;
    expect(aprilPage).not.toContain('data-figures="categories"');
    expect(aprilPage).toContain('Nessun dato nel periodo.');
    expect(aprilPage).not.toContain(CPIA_NAME);
    // The first week of March alone: its 5 people.
    expect(table((await desk.get('/desk/figures?from=2025-03-03&to=2025-03-09')).body, 'weeks')[0]).toEqual(['dal 03/03/25', '6', '5']);
  });

  it('refuses a period that ends before it starts, with the message next to the field and the dates kept', async () => {
    const res = await desk.get('/desk/figures?from=2025-03-30&to=2025-03-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('La data finale viene prima di quella iniziale.');
    expect(res.body).toContain('value="2025-03-30"');
    expect(res.body).not.toContain('data-figures=');
    expect((await desk.get('/desk/figures?from=2025-02-30')).statusCode).toBe(400);
  });

  it("sees only the Prefettura's figures: another organization's, or the province's, do not exist for them", async () => {
    expect(page).toContain('Prefettura di Barletta-Andria-Trani: dati dal');
    expect(page).not.toContain('id="organization"');
    expect((await desk.get(`/desk/figures?${MARCH}&organization=${orgs.cpiAndria}`)).statusCode).toBe(404);
    expect((await desk.get(`/desk/figures?${MARCH}&organization=all`)).statusCode).toBe(404);
    expect((await desk.get(`/desk/figures?${MARCH}&organization=${orgs.prefettura}`)).statusCode).toBe(200);
  });
});

describe('other roles', () => {
  it("a job centre's desk operator sees only their own centre's figures", async () => {
    const cpi = await signIn(t.app, CPI_DESK);
    const page = (await cpi.get(`/desk/figures?${MARCH}`)).body;
    expect(page).toContain("Centro per l&#39;Impiego di Andria: dati dal");
    // Their 2 people of the week of 10 March are hidden; nothing of the Prefettura's weeks shows.
    expect(table(page, 'weeks').slice(0, 4).every((r) => r[1] === HIDDEN && r[2] === HIDDEN)).toBe(true);
    expect(page).not.toContain('data-figures="categories"');
    expect((await cpi.get(`/desk/figures?${MARCH}&organization=${orgs.prefettura}`)).statusCode).toBe(404);
  });

  it('an analyst sees the province by default, where the week of 10 March adds up to 6 people, and may choose an organization', async () => {
    const analyst = await signIn(t.app, ANALYST);
    const province = (await analyst.get(`/desk/figures?${MARCH}`)).body;
    expect(province).toContain('Tutta la provincia: dati dal');
    expect(province).toContain('id="organization"');
    expect(table(province, 'weeks')[1]).toEqual(['dal 10/03/25', '8', '6']);
    const cpi = (await analyst.get(`/desk/figures?${MARCH}&organization=${orgs.cpiAndria}`)).body;
    expect(cpi).toContain("Centro per l&#39;Impiego di Andria: dati dal");
    expect(table(cpi, 'weeks')[1]).toEqual(['dal 10/03/25', HIDDEN, HIDDEN]);
    expect((await analyst.get(`/desk/figures?${MARCH}&organization=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it("a Prefettura official sees the province's figures", async () => {
    const official = await signIn(t.app, OFFICIAL);
    const res = await official.get(`/desk/figures?${MARCH}&organization=all`);
    expect(res.statusCode).toBe(200);
    expect(rowOf(table(res.body, 'categories'), 'Salute')).toEqual(['Salute', '5', '6']);
  });

  it('a service operator may not open the figures, and the navigation does not offer them', async () => {
    const operator = await signIn(t.app, 'accoglienza@cpia.example');
    expect((await operator.get('/desk/figures')).statusCode).toBe(403);
    expect((await operator.get('/dashboard')).body).not.toContain('href="/desk/figures"');
    expect((await (await signIn(t.app, ANALYST)).get('/dashboard')).body).toContain('href="/desk/figures"');
  });

  it('anyone not signed in is sent to the login page', async () => {
    const res = await new TestClient(t.app).get('/desk/figures');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('needs by nationality', () => {
  it("follow a correction of the person's nationality, and a need moved to another person", async () => {
    const { figuresRepo } = await import('../../src/modules/desk/figures.repo.js');
    const scope = { organizationId: orgs.prefettura, from: '2025-03-03', to: '2025-03-30' };
    const byKey = async () => Object.fromEntries((await figuresRepo.needsByNationality(db(), scope)).map((r) => [r.key, r.count]));
    expect(await byKey()).toMatchObject({ MA: { shown: true, value: 6 }, NG: { shown: false } });
    // A Moroccan with one need was recorded so by mistake: corrected to Nigerian on the record, the
    // figures follow (5 Nigerians now, 4 Moroccans hidden).
    const [mistaken] = await rows<{ person_id: string }>(
      db(),
      sql`SELECT person_id FROM desk_needs WHERE nationality = 'MA' GROUP BY person_id HAVING count(*) = 1 ORDER BY person_id LIMIT 1`,
    );
    await db().execute(sql`UPDATE desk_people SET nationality = 'NG' WHERE id = ${mistaken!.person_id}`);
    expect(await byKey()).toMatchObject({ MA: { shown: false }, NG: { shown: true, value: 5 } });
    // A need moved to a Nigerian (as a merge moves it) counts as Nigerian.
    const [nigerian] = await rows<{ id: string }>(db(), sql`SELECT id FROM desk_people WHERE nationality = 'NG' AND organization_id = ${orgs.prefettura} LIMIT 1`);
    await db().execute(sql`UPDATE desk_needs SET person_id = ${nigerian!.id} WHERE term_code = 'health.mental' AND organization_id = ${orgs.prefettura}`);
    expect(await byKey()).toMatchObject({ NG: { shown: true, value: 6 } });
  });
});
