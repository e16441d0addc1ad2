// Mediators: the coordinator's roster (admit with bad input and good, suspend), the public page of languages,
// a mediator's own availability; a school asks for a Bengali mediator next Tuesday at 16:00, the coordinator
// sees the two who match and assigns one, both receive the invitation with its calendar file; a request in
// the past, a language nobody covers (kept as unmet), a suspended mediator, overlapping bookings; the
// mediator logs 1.5 hours and the school confirms and rates; who sees which request (tests of each scope).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { romeInstant } from '../../src/modules/desk/index.js';

const COORDINATOR = 'mediazione@prefettura.example';
const SCHOOL = 'segreteria@icbarlettacentro.example';
const RAHIM = 'mediatore.bn@mondivicini.example';
const FATIMA = 'mediatrice@mondivicini.example';
const SHIRIN = 'shirin.akter@example.org';
const ASL = 'cup@asl.example';
const ANALYST = 'osservatorio@prefettura.example';

let t: TestApp;
let coordinator: TestClient;
let school: TestClient;
let rahim: TestClient;
let fatima: TestClient;
let asl: TestClient;

const db = () => t.app.kernel.db;
const one = async <T>(q: ReturnType<typeof sql>) => (await rows<T>(db(), q))[0]!;
const lastMailId = async () => (await one<{ n: number | null }>(sql`SELECT max(id)::int AS n FROM mail_outbox`)).n ?? 0;
const mailsTo = (email: string, since: number) =>
  rows<{ subject: string; text_body: string; attachments: { filename: string; contentType: string; content: string }[] | null }>(
    db(),
    sql`SELECT subject, text_body, attachments FROM mail_outbox WHERE to_address = ${email} AND id > ${since} ORDER BY id`,
  );

/** The next Tuesday (at least two days away) in Rome, as YYYY-MM-DD. */
function nextTuesday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 2);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const REQUEST = {
  language: 'bn',
  when: 'at',
  date: nextTuesday(),
  time: '16:00',
  duration: '90',
  mode: 'in_person',
  municipality: '110002',
  place: 'Scuola primaria, via Roma 1',
  setting: 'school',
  genderPreference: 'any',
  purpose: 'Colloquio con i genitori sul percorso scolastico.',
  caseReference: 'Classe 2A',
};

async function ask(client: TestClient, form: Record<string, string>) {
  await client.get('/mediation/requests/new');
  return client.post('/mediation/requests', form);
}
const idFrom = (location: unknown) => /\/mediation\/requests\/([0-9a-f-]{36})$/.exec(String(location))![1]!;
async function act(client: TestClient, id: string, action: string, form: Record<string, string> = {}) {
  await client.get(`/mediation/requests/${id}`);
  return client.post(`/mediation/requests/${id}/${action}`, form);
}
const mediatorId = async (name: string) => (await one<{ id: string }>(sql`SELECT id FROM med_mediators WHERE full_name = ${name}`)).id;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  [coordinator, school, rahim, fatima, asl] = await Promise.all([signIn(t.app, COORDINATOR), signIn(t.app, SCHOOL), signIn(t.app, RAHIM), signIn(t.app, FATIMA), signIn(t.app, ASL)]);
}, 60_000);
afterAll(() => t?.close());

describe('the roster', () => {
  it('admits a mediator: bad input keeps every value and says what to correct; good input saves', async () => {
    await coordinator.get('/mediators/new');
    const form = {
      fullName: 'Hamid Tesfaye',
      email: 'hamid@example.org',
      lang1: 'am',
      dialects1: 'Amarico di Addis Abeba',
      modes: 'phone',
      municipalities: ['110002', '110009'],
      fromTU: '10:00',
      toTU: '09:00',
    };
    const bad = await coordinator.post('/mediators', form);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Indica il livello per questa lingua.');
    expect(bad.body).toContain('La fine deve venire dopo l&#39;inizio.');
    expect(bad.body).toContain('value="Hamid Tesfaye"');
    expect(bad.body).toContain('value="Amarico di Addis Abeba"');
    expect(await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM med_mediators WHERE full_name = 'Hamid Tesfaye'`)).toEqual({ n: 0 });

    const noLanguage = await coordinator.post('/mediators', { fullName: 'Hamid Tesfaye', modes: 'phone' });
    expect(noLanguage.statusCode).toBe(422);
    expect(noLanguage.body).toContain('Indica almeno una lingua.');

    const wrongAccount = await coordinator.post('/mediators', { ...form, level1: 'native', toTU: '13:00', accountEmail: 'cup@asl.example' });
    expect(wrongAccount.statusCode).toBe(422);
    expect(wrongAccount.body).toContain('Non esiste un account con ruolo di mediatore con questo indirizzo.');

    const ok = await coordinator.post('/mediators', { ...form, level1: 'native', written1: 'on', toTU: '13:00' });
    expect(ok.statusCode).toBe(303);
    const page = await coordinator.get(String(ok.headers.location));
    expect(page.body).toContain('Hamid Tesfaye');
    expect((await coordinator.get('/mediators?language=am')).body).toContain('Hamid Tesfaye');
    const [audit] = await rows<{ details: Record<string, unknown> }>(db(), sql`SELECT details FROM audit_events WHERE action = 'mediation.mediator.admitted' ORDER BY id DESC LIMIT 1`);
    expect(JSON.stringify(audit!.details)).not.toContain('hamid@example.org');
  });

  it('takes a mediator of five languages, and always offers a free row for one more', async () => {
    // Languages no other test counts on being uncovered (Tigrinya is).
    const languages = ['ka', 'tl', 'ha', 'pt', 'es'];
    expect((await coordinator.get('/mediators/new')).body).not.toContain('name="lang5"');
    const rowsOf = Object.fromEntries(languages.flatMap((code, i) => [[`lang${i + 1}`, code], [`level${i + 1}`, i < 2 ? 'native' : 'c1']]));
    const saved = await coordinator.post('/mediators', { fullName: 'Yonas Gebremedhin', modes: 'phone', ...rowsOf });
    expect(saved.statusCode).toBe(303);
    const { id } = await one<{ id: string }>(sql`SELECT id FROM med_mediators WHERE full_name = 'Yonas Gebremedhin'`);
    expect(await rows(db(), sql`SELECT language_code FROM med_languages WHERE mediator_id = ${id} ORDER BY language_code`)).toEqual(
      [...languages].sort().map((language_code) => ({ language_code })),
    );
    const edit = (await coordinator.get(`/mediators/${id}`)).body;
    expect(edit).toContain('name="lang6"');
    expect(edit).not.toContain('name="lang7"');
    // A form sent back with an error keeps a sixth row typed in, and still offers one more.
    const bad = await coordinator.post(`/mediators/${id}`, { fullName: 'Yonas Gebremedhin', modes: 'phone', ...rowsOf, lang6: 'de' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Indica il livello per questa lingua.');
    expect(bad.body).toContain('name="lang7"');
  });

  it('shows the public the languages covered, never the people; a suspended mediator\'s only language is not covered', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/mediation/languages' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain('Bengalese');
    expect(anonymous.body).not.toContain('Rahim');
    expect(anonymous.body).not.toContain('Shirin');
    expect(anonymous.body).not.toContain('Tigrino');
    // Romanian is spoken only by Ion Popescu, suspended in the demo.
    expect(anonymous.body).not.toContain('Rumeno');
  });

  it('lets a mediator keep their own availability and absences, and refuses a window that ends before it starts', async () => {
    await rahim.get('/mediators/me');
    const bad = await rahim.post('/mediators/me/availability', { fromMO: '18:00', toMO: '10:00', fromTU: '09:00', toTU: '19:00' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value="18:00"');
    const ok = await rahim.post('/mediators/me/availability', { fromMO: '09:00', toMO: '19:00', fromTU: '09:00', toTU: '19:00', fromWE: '09:00', toWE: '19:00' });
    expect(ok.statusCode).toBe(303);
    const weekly = await rows<{ weekday: number }>(db(), sql`SELECT weekday FROM med_availability a JOIN med_mediators m ON m.id = a.mediator_id WHERE m.full_name = 'Rahim Uddin' ORDER BY weekday`);
    expect(weekly.map((w) => w.weekday)).toEqual([1, 2, 3]);
    await rahim.get('/mediators/me');
    const past = await rahim.post('/mediators/me/absences', { absenceFrom: '2020-01-01', absenceTo: '2020-01-02' });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('Questo periodo è già passato.');
    // Only the coordinator keeps the roster.
    expect((await rahim.get('/mediators')).statusCode).toBe(403);
    expect((await rahim.get(`/mediators/${await mediatorId('Rahim Uddin')}`)).statusCode).toBe(403);
  });
});

describe('mediation for a school meeting', () => {
  let requestId: string;

  it('refuses a request in the past, keeping what was typed', async () => {
    const res = await ask(school, { ...REQUEST, date: '2024-03-05' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('La data e l&#39;ora sono già passate');
    expect(res.body).toContain('value="Classe 2A"');
    expect(res.body).toContain('Colloquio con i genitori sul percorso scolastico.');
  });

  it('records a language nobody covers as unmet, and tells the coordinator', async () => {
    const before = await lastMailId();
    const res = await ask(school, { ...REQUEST, language: 'ti', caseReference: '' });
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'unmet' });
    const page = await school.get(`/mediation/requests/${id}`);
    expect(page.body).toContain('Non soddisfatta');
    expect((await mailsTo(COORDINATOR, before)).map((m) => m.subject).join()).toContain('nessuno nell');
  });

  it('shows the coordinator the two Bengali mediators, the free one first, and assigns; both receive the invitation with the calendar file', async () => {
    const res = await ask(school, REQUEST);
    expect(res.statusCode).toBe(303);
    requestId = idFrom(res.headers.location);
    const page = await coordinator.get(`/mediation/requests/${requestId}`);
    expect(page.statusCode).toBe(200);
    const rahimAt = page.body.indexOf('Rahim Uddin');
    const shirinAt = page.body.indexOf('Shirin Akter');
    expect(rahimAt).toBeGreaterThan(0);
    expect(shirinAt).toBeGreaterThan(0);
    expect(page.body).not.toContain('Fatima Zahra Benali');

    const before = await lastMailId();
    const assigned = await coordinator.post(`/mediation/requests/${requestId}/assign`, { mediatorId: await mediatorId('Rahim Uddin') });
    expect(assigned.statusCode).toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${requestId}`)).toEqual({ status: 'assigned' });
    for (const email of [SCHOOL, RAHIM]) {
      const [mail] = await mailsTo(email, before);
      expect(mail, email).toBeDefined();
      expect(mail!.attachments).toHaveLength(1);
      const ics = mail!.attachments![0]!;
      expect(ics.contentType).toContain('text/calendar');
      expect(ics.content).toContain('BEGIN:VEVENT');
      expect(ics.content).toContain(`UID:mediation-${requestId}@ponte`);
      // 16:00 in Rome, written in UTC.
      const start = romeInstant(REQUEST.date, '16:00').toISOString().replace(/[-:]/g, '').slice(0, 13);
      expect(ics.content).toContain(`DTSTART:${start}`);
      expect(ics.content).not.toContain('Colloquio con i genitori');
    }
    // The school now sees who comes and how to reach him.
    expect((await school.get(`/mediation/requests/${requestId}`)).body).toContain('+39 320 555 0101');
    // The mediator sees it among their assignments; the calendar file downloads.
    expect((await rahim.get('/mediators/me')).body).toContain(`/mediation/requests/${requestId}`);
    const file = await school.get(`/mediation/requests/${requestId}?format=ics`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/calendar');
  });

  it('refuses an overlapping booking of the same mediator, and an assignment to a suspended one, changing nothing', async () => {
    const res = await ask(school, { ...REQUEST, time: '16:30', caseReference: '' });
    const id = idFrom(res.headers.location);
    const overlap = await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Rahim Uddin') });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body).toContain('ha già un&#39;altra mediazione in quell&#39;orario');
    expect(await one(sql`SELECT status, mediator_id FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'requested', mediator_id: null });

    const shirin = await mediatorId('Shirin Akter');
    await coordinator.get(`/mediators/${shirin}`);
    expect((await coordinator.post(`/mediators/${shirin}/suspend`, {})).statusCode).toBe(422);
    expect((await coordinator.post(`/mediators/${shirin}/suspend`, { suspendReason: 'Documenti da aggiornare' })).statusCode).toBe(303);
    const suspended = await act(coordinator, id, 'assign', { mediatorId: shirin });
    expect(suspended.statusCode).toBe(409);
    expect(suspended.body).toContain('Questo mediatore è sospeso');
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'requested' });
    await coordinator.get(`/mediators/${shirin}`);
    await coordinator.post(`/mediators/${shirin}/reactivate`, {});
    // Cancelled by the school, with a reason.
    expect((await act(school, id, 'cancel', {})).statusCode).toBe(422);
    expect((await act(school, id, 'cancel', { reason: 'Incontro unificato con il precedente' })).statusCode).toBe(303);
    expect(await one(sql`SELECT status, cancel_reason FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'cancelled', cancel_reason: 'Incontro unificato con il precedente' });
  });

  it('lets each one see only their own: the school its requests, the mediator their assignments, the coordinator all', async () => {
    expect((await school.get(`/mediation/requests/${requestId}`)).statusCode).toBe(200);
    expect((await rahim.get(`/mediation/requests/${requestId}`)).statusCode).toBe(200);
    expect((await coordinator.get(`/mediation/requests/${requestId}`)).statusCode).toBe(200);
    // Another organization's operator, and another mediator: as if it did not exist.
    expect((await asl.get(`/mediation/requests/${requestId}`)).statusCode).toBe(404);
    expect((await fatima.get(`/mediation/requests/${requestId}`)).statusCode).toBe(404);
    expect((await asl.get('/mediation/requests?status=all')).body).not.toContain(requestId);
    expect((await fatima.get('/mediation/requests?status=all')).body).not.toContain(requestId);
    // The school's list shows its own, not the Questura's waiting request, which the coordinator sees.
    const questura = (await one<{ id: string }>(sql`SELECT r.id FROM med_requests r JOIN organizations o ON o.id = r.organization_id WHERE o.kind = 'questura' AND r.status = 'requested'`)).id;
    expect((await school.get('/mediation/requests?status=all')).body).toContain(requestId);
    expect((await school.get('/mediation/requests?status=all')).body).not.toContain(questura);
    expect((await coordinator.get('/mediation/requests?status=all')).body).toContain(questura);
    // Acting on another's request: 404, nothing changes, the attempt is audited.
    await asl.get('/mediation/requests');
    expect((await asl.post(`/mediation/requests/${requestId}/cancel`, { reason: 'prova' })).statusCode).toBe(404);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${requestId}`)).toEqual({ status: 'assigned' });
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'mediation.request.outOfScope' AND details->>'requestId' = ${requestId}`)).n).toBeGreaterThan(0);
  });

  it('after the meeting: the mediator logs 1.5 hours, the school confirms and rates; the sessions of the same reference are linked', async () => {
    // Not before the meeting.
    const early = await act(rahim, requestId, 'report', { hours: '1,5', outcome: 'held' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('dopo l&#39;inizio dell&#39;incontro');
    await db().execute(sql`UPDATE med_requests SET starts_at = now() - interval '2 hours' WHERE id = ${requestId}`);
    const badHours = await act(rahim, requestId, 'report', { hours: '1,3', outcome: 'held' });
    expect(badHours.statusCode).toBe(422);
    expect(badHours.body).toContain('quarti d&#39;ora');
    expect((await act(rahim, requestId, 'report', { hours: '1,5', outcome: 'held' })).statusCode).toBe(303);
    expect(await one(sql`SELECT status, hours::text AS hours FROM med_requests WHERE id = ${requestId}`)).toEqual({ status: 'done', hours: '1.50' });
    // The mediator cannot confirm their own work; the school can.
    expect((await rahim.post(`/mediation/requests/${requestId}/confirm`, { rating: '5' })).statusCode).toBe(403);
    expect((await act(school, requestId, 'confirm', { rating: '5', comment: 'Molto utile' })).statusCode).toBe(303);
    expect(await one(sql`SELECT status, rating FROM med_requests WHERE id = ${requestId}`)).toEqual({ status: 'confirmed', rating: 5 });
    // The hours count in the month's total the mediator is paid for, on his page and on the roster.
    expect((await rahim.get('/mediators/me')).body).toMatch(/Ore registrate nel mese in corso: \d/);
    const roster = (await coordinator.get('/mediators')).body;
    expect(/Rahim Uddin<\/a><\/td>(.*?)<\/tr>/s.exec(roster)![1]).toMatch(/<td>[1-9]\d*(,\d+)?<\/td>/);

    const next = await ask(school, { ...REQUEST, date: nextTuesday(), time: '10:00' });
    const page = await school.get(String(next.headers.location));
    expect(page.body).toContain('Altri incontri con il riferimento Classe 2A');
    expect(page.body).toContain(`/mediation/requests/${requestId}`);
  });
});

describe('offers, moves and cancellations', () => {
  it('offers a request to a mediator, who declines (back to the coordinator) or accepts (both get the invitation)', async () => {
    const res = await ask(school, { ...REQUEST, time: '11:00', caseReference: '' });
    const id = idFrom(res.headers.location);
    const rahimId = await mediatorId('Rahim Uddin');
    expect((await act(coordinator, id, 'offer', { mediatorId: rahimId })).statusCode).toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'offered' });
    // Only offered: the school does not see the mediator's phone yet, nor a calendar file.
    const offered = await school.get(`/mediation/requests/${id}`);
    expect(offered.body).not.toContain('+39 320 555 0101');
    expect((await school.get(`/mediation/requests/${id}?format=ics`)).statusCode).toBe(404);
    // Another mediator cannot answer for him.
    expect((await fatima.get(`/mediation/requests/${id}`)).statusCode).toBe(404);
    expect((await act(rahim, id, 'decline')).statusCode).toBe(303);
    expect(await one(sql`SELECT status, mediator_id FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'requested', mediator_id: null });
    expect((await rahim.get(`/mediation/requests/${id}`)).statusCode).toBe(404);

    await act(coordinator, id, 'offer', { mediatorId: rahimId });
    const before = await lastMailId();
    expect((await act(rahim, id, 'accept')).statusCode).toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'assigned' });
    expect((await mailsTo(SCHOOL, before))[0]!.attachments![0]!.content).toContain('METHOD:REQUEST');
    expect((await mailsTo(RAHIM, before))[0]!.attachments).toHaveLength(1);

    // Moved by the school: a new invitation with a higher sequence; then cancelled: METHOD:CANCEL.
    const moved = await lastMailId();
    expect((await act(school, id, 'reschedule', { newDate: '2020-01-01', newTime: '10:00', rescheduleReason: 'Aula occupata' })).statusCode).toBe(409);
    expect((await act(school, id, 'reschedule', { newDate: nextTuesday(), newTime: '12:00', rescheduleReason: 'Aula occupata' })).statusCode).toBe(303);
    const invitation = (await mailsTo(RAHIM, moved))[0]!.attachments![0]!.content;
    expect(invitation).toMatch(/SEQUENCE:[1-9]/);
    const cancelled = await lastMailId();
    expect((await act(school, id, 'cancel', { reason: 'La famiglia ha rinunciato' })).statusCode).toBe(303);
    expect((await mailsTo(RAHIM, cancelled))[0]!.attachments![0]!.content).toContain('METHOD:CANCEL');
    // A cancelled request cannot be cancelled again: nothing changes, the page says why.
    const again = await act(school, id, 'cancel', { reason: 'di nuovo' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('La richiesta è cambiata nel frattempo');
  });

  it('lets the coordinator record that no mediator was found: the request counts as unmet', async () => {
    const res = await ask(school, { ...REQUEST, language: 'fa', time: '15:00', caseReference: '' });
    const id = idFrom(res.headers.location);
    expect((await act(coordinator, id, 'unmet', { reason: 'L\'unico mediatore è in ferie' })).statusCode).toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'unmet' });
  });
});

describe('figures', () => {
  it('show hours by language, setting, organization and month, unmet requests by language and time to assignment — naming no mediator', async () => {
    const analyst = await signIn(t.app, ANALYST);
    const page = await analyst.get('/mediation/figures');
    expect(page.statusCode).toBe(200);
    const unmet = page.body.slice(page.body.indexOf('id="table-unmet"'), page.body.indexOf('id="table-assignment"'));
    expect(unmet).toContain('Tigrino');
    expect(page.body).toContain('Istituto Comprensivo Barletta Centro (demo)');
    for (const name of ['Rahim', 'Shirin', 'Fatima', 'Amadou']) expect(page.body).not.toContain(name);

    const csv = await analyst.get('/mediation/figures?export=language&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Lingua,Incontri,Ore');
    expect(csv.body).toMatch(/Bengalese,\d+,\d/);

    const xlsx = await analyst.get('/mediation/figures?format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toHaveLength(6);
    const unmetSheet = book.worksheets[4]!;
    const values = JSON.stringify(unmetSheet.getSheetValues());
    expect(values).toContain('Tigrino');

    // Bad period: the form again, with the message.
    const bad = await analyst.get('/mediation/figures?from=2026-05-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('La fine deve venire dopo l&#39;inizio.');
    // Not for a school's operator.
    expect((await school.get('/mediation/figures')).statusCode).toBe(403);
  });
});

describe('matching', () => {
  it('puts first the mediator free at that time, and shows an absence or a time outside the weekly pattern as not available', async () => {
    const res = await ask(school, { ...REQUEST, time: '10:00', caseReference: '' });
    const id = idFrom(res.headers.location);
    const label = (body: string, name: string) => new RegExp(`${name}</span>(.*?)</label>`, 's').exec(body)?.[1] ?? '';
    let page = (await coordinator.get(`/mediation/requests/${id}`)).body;
    // Rahim works Tuesdays 9-19; Shirin only afternoons.
    expect(page.indexOf('Rahim Uddin')).toBeLessThan(page.indexOf('Shirin Akter'));
    expect(label(page, 'Rahim Uddin')).toContain('libero in quell&#39;orario');
    expect(label(page, 'Shirin Akter')).toContain('non disponibile in quell&#39;orario');

    // Rahim is away that day: he is no longer shown as free.
    const rahimId = await mediatorId('Rahim Uddin');
    await coordinator.get(`/mediators/${rahimId}`);
    expect((await coordinator.post(`/mediators/${rahimId}/absences`, { absenceFrom: REQUEST.date, absenceTo: REQUEST.date, absenceNote: 'Ferie' })).statusCode).toBe(303);
    page = (await coordinator.get(`/mediation/requests/${id}`)).body;
    expect(label(page, 'Rahim Uddin')).toContain('non disponibile in quell&#39;orario');
    // The absence goes again, from the mediator's own page.
    const [absence] = await rows<{ id: string }>(db(), sql`SELECT id FROM med_absences WHERE mediator_id = ${rahimId}`);
    await rahim.get('/mediators/me');
    expect((await rahim.post(`/mediators/me/absences/${absence!.id}/remove`, {})).statusCode).toBe(303);
    // Another mediator's absence is not his to remove.
    await coordinator.post(`/mediators/${rahimId}/absences`, { absenceFrom: REQUEST.date, absenceTo: REQUEST.date });
    const [again] = await rows<{ id: string }>(db(), sql`SELECT id FROM med_absences WHERE mediator_id = ${rahimId}`);
    await fatima.get('/mediators/me');
    expect((await fatima.post(`/mediators/me/absences/${again!.id}/remove`, {})).statusCode).toBe(404);
    expect(await rows(db(), sql`SELECT 1 FROM med_absences WHERE id = ${again!.id}`)).toHaveLength(1);
  });

  it('takes an "as soon as possible" request, and asks the coordinator for the time when assigning it', async () => {
    const res = await ask(school, { ...REQUEST, when: 'asap', date: '', time: '', caseReference: '' });
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    expect((await school.get(`/mediation/requests/${id}`)).body).toContain('Appena possibile');
    const noTime = await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Shirin Akter') });
    expect(noTime.statusCode).toBe(409);
    expect(noTime.body).toContain('Indica data e ora');
    const assigned = await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Shirin Akter'), assignDate: REQUEST.date, assignTime: '17:00' });
    expect(assigned.statusCode).toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'assigned' });
  });
});

describe('reassignment', () => {
  it('gives an assigned meeting to another mediator: the first one\'s invitation is withdrawn, the second one\'s sent', async () => {
    const res = await ask(school, { ...REQUEST, time: '15:00', duration: '45', caseReference: '' });
    const id = idFrom(res.headers.location);
    const first = await lastMailId();
    expect((await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Shirin Akter') })).statusCode).toBe(303);
    // Shirin has no Ponte account: the invitation goes to the address of the roster, with no link into Ponte
    // and nothing of the purpose note; Rahim has an account.
    const [toShirin] = await mailsTo(SHIRIN, first);
    expect(toShirin!.subject).toContain('Mediazione in bengalese');
    expect(toShirin!.text_body).toContain('contatta il coordinamento della mediazione');
    expect(toShirin!.text_body).not.toContain('/mediation/requests/');
    expect(toShirin!.text_body).not.toContain('Colloquio');
    expect(toShirin!.attachments![0]!.content).toContain('METHOD:REQUEST');
    const before = await lastMailId();
    expect((await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Rahim Uddin') })).statusCode).toBe(303);
    expect(await one(sql`SELECT m.full_name FROM med_requests r JOIN med_mediators m ON m.id = r.mediator_id WHERE r.id = ${id}`)).toEqual({ full_name: 'Rahim Uddin' });
    const [toRahim] = await mailsTo(RAHIM, before);
    expect(toRahim!.attachments![0]!.content).toContain('METHOD:REQUEST');
    expect(toRahim!.attachments![0]!.content).toMatch(/SEQUENCE:[1-9]/);
    // Shirin's is withdrawn at her address.
    const [withdrawnFromShirin] = await mailsTo(SHIRIN, before);
    expect(withdrawnFromShirin!.subject).toContain('affidata a un altro mediatore');
    expect(withdrawnFromShirin!.attachments![0]!.content).toContain('METHOD:CANCEL');

    // And back: now Rahim's invitation is withdrawn.
    const back = await lastMailId();
    expect((await act(coordinator, id, 'assign', { mediatorId: await mediatorId('Shirin Akter') })).statusCode).toBe(303);
    const [withdrawn] = await mailsTo(RAHIM, back);
    expect(withdrawn!.subject).toContain('affidata a un altro mediatore');
    expect(withdrawn!.attachments![0]!.content).toContain('METHOD:CANCEL');
    expect((await rahim.get(`/mediation/requests/${id}`)).statusCode).toBe(404);
  });
});

describe('a mediator without a Ponte account', () => {
  it('has their hours recorded by the coordinator, who may not do it for a mediator with an account', async () => {
    const withAccount = idFrom((await ask(school, { ...REQUEST, time: '12:00', duration: '30', caseReference: '' })).headers.location);
    const without = idFrom((await ask(school, { ...REQUEST, time: '13:00', duration: '30', caseReference: '' })).headers.location);
    expect((await act(coordinator, withAccount, 'assign', { mediatorId: await mediatorId('Rahim Uddin') })).statusCode).toBe(303);
    expect((await act(coordinator, without, 'assign', { mediatorId: await mediatorId('Shirin Akter') })).statusCode).toBe(303);
    await db().execute(sql`UPDATE med_requests SET starts_at = now() - interval '2 hours' WHERE id IN (${withAccount}, ${without})`);

    // Rahim records his own: the coordinator's page offers no form, and a post is refused.
    expect((await coordinator.get(`/mediation/requests/${withAccount}`)).body).not.toContain('id="report-form"');
    expect((await act(coordinator, withAccount, 'report', { hours: '0,5', outcome: 'held' })).statusCode).not.toBe(303);
    expect(await one(sql`SELECT status FROM med_requests WHERE id = ${withAccount}`)).toEqual({ status: 'assigned' });
    // Nor may the school record hours.
    expect((await act(school, without, 'report', { hours: '0,5', outcome: 'held' })).statusCode).not.toBe(303);

    // Shirin cannot sign in: the coordinator records her half hour, and the school confirms it.
    expect((await coordinator.get(`/mediation/requests/${without}`)).body).toContain('id="report-form"');
    expect((await act(coordinator, without, 'report', { hours: '0,5', outcome: 'held' })).statusCode).toBe(303);
    expect(await one(sql`SELECT status, hours::text AS hours FROM med_requests WHERE id = ${without}`)).toEqual({ status: 'done', hours: '0.50' });
    const audited = await one<{ details: { by: string } }>(sql`SELECT details FROM audit_events WHERE action = 'mediation.request.done' AND entity_id = ${without}`);
    expect(audited.details.by).toBe('coordinator');
    expect((await act(school, without, 'confirm', { rating: '4' })).statusCode).toBe(303);
  });
});

describe('an offer to a mediator without an account', () => {
  it('is refused, next to the choice of mediator, with the advice to assign instead; nothing changes', async () => {
    // A week after the other tests' meetings, so that she is free then.
    const later = new Date(`${nextTuesday()}T12:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 7);
    const date = later.toISOString().slice(0, 10);
    const id = idFrom((await ask(school, { ...REQUEST, date, time: '17:30', duration: '30', caseReference: '' })).headers.location);
    const res = await act(coordinator, id, 'offer', { mediatorId: await mediatorId('Shirin Akter') });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('non ha un account Ponte');
    expect(await one(sql`SELECT status, mediator_id FROM med_requests WHERE id = ${id}`)).toEqual({ status: 'requested', mediator_id: null });
  });
});

describe('reminders', () => {
  const notes = (kind: string, id: string) =>
    rows<{ user_id: string | null; organization_id: string }>(db(), sql`SELECT user_id, organization_id FROM notifications WHERE kind = ${kind} AND link = ${`/mediation/requests/${id}`}`);
  const DAY = 86_400_000;

  it('reminds the mediator of hours not recorded a day after the meeting, the coordinators for one without an account, the school of a meeting not confirmed; once every three days', async () => {
    const { remindMediations } = await import('../../src/modules/mediators/index.js');
    const kernel = t.app.kernel;
    const ids: string[] = [];
    for (const time of ['08:00', '08:30', '09:00']) ids.push(idFrom((await ask(school, { ...REQUEST, time, duration: '30', caseReference: '' })).headers.location));
    const [rahimHours, shirinHours, toConfirm] = ids as [string, string, string];
    // A week later, so that Rahim and Shirin are free whatever the other tests booked.
    await db().execute(sql`UPDATE med_requests SET starts_at = starts_at + interval '7 days' WHERE id IN (${rahimHours}, ${shirinHours}, ${toConfirm})`);
    expect((await act(coordinator, rahimHours, 'assign', { mediatorId: await mediatorId('Rahim Uddin') })).statusCode).toBe(303);
    expect((await act(coordinator, shirinHours, 'assign', { mediatorId: await mediatorId('Shirin Akter') })).statusCode).toBe(303);
    expect((await act(coordinator, toConfirm, 'assign', { mediatorId: await mediatorId('Shirin Akter') })).statusCode).toBe(303);
    await db().execute(sql`UPDATE med_requests SET starts_at = now() - interval '5 days' WHERE id IN (${rahimHours}, ${shirinHours}, ${toConfirm})`);
    expect((await act(coordinator, toConfirm, 'report', { hours: '0,5', outcome: 'held' })).statusCode).toBe(303);

    // Right after the report: the hours of the other two are late; the confirmation is not yet.
    const now = new Date();
    await remindMediations(kernel, now);
    const rahimUser = await one<{ id: string }>(sql`SELECT id FROM users WHERE email = ${RAHIM}`);
    expect((await notes('mediation.hours.reminder', rahimHours)).map((n) => n.user_id)).toEqual([rahimUser.id]);
    const coordinatorOrg = await one<{ organization_id: string }>(sql`SELECT organization_id FROM users WHERE email = ${COORDINATOR}`);
    expect((await notes('mediation.hours.reminder', shirinHours)).map((n) => n.organization_id)).toEqual([coordinatorOrg.organization_id]);
    expect(await notes('mediation.confirm.reminder', toConfirm)).toHaveLength(0);
    expect((await mailsTo(RAHIM, 0)).some((m) => m.subject.includes('Registra ore ed esito'))).toBe(true);

    // Again at once: nothing new. Four days later: the hours again, and now the confirmation, to the school.
    expect((await remindMediations(kernel, now)).reminded).toBe(0);
    await remindMediations(kernel, new Date(now.getTime() + 4 * DAY));
    expect(await notes('mediation.hours.reminder', rahimHours)).toHaveLength(2);
    const schoolOrg = await one<{ organization_id: string }>(sql`SELECT organization_id FROM users WHERE email = ${SCHOOL}`);
    expect((await notes('mediation.confirm.reminder', toConfirm)).map((n) => n.organization_id)).toEqual([schoolOrg.organization_id]);
    // Once recorded, no more reminders of the hours.
    expect((await act(rahim, rahimHours, 'report', { hours: '0,5', outcome: 'held' })).statusCode).toBe(303);
    await remindMediations(kernel, new Date(now.getTime() + 8 * DAY));
    expect(await notes('mediation.hours.reminder', rahimHours)).toHaveLength(2);
    expect(await notes('mediation.hours.reminder', shirinHours)).toHaveLength(3);
  });
});

describe('two coordinators at once', () => {
  it('books one mediator for two overlapping meetings at the same moment: exactly one is refused', async () => {
    const { changeRequest } = await import('../../src/modules/mediators/change-request.js');
    const { MediationError } = await import('../../src/modules/mediators/mediation-status.js');
    const ids: string[] = [];
    for (const time of ['09:00', '09:30']) ids.push(idFrom((await ask(school, { ...REQUEST, date: nextTuesday(), time, duration: '60', caseReference: '' })).headers.location));
    const u = await one<{ id: string; organization_id: string }>(sql`SELECT id, organization_id FROM users WHERE email = ${COORDINATOR}`);
    const actor = { userId: u.id, organizationId: u.organization_id, ip: null, roles: ['mediator_coordinator' as const] };
    const rahimId = await mediatorId('Rahim Uddin');
    const results = await Promise.allSettled(
      ids.map((id) => db().transaction((tx) => changeRequest(tx, t.app.kernel, actor, id, { action: 'assign', mediatorId: rahimId }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(MediationError);
    expect((refused.reason as InstanceType<typeof MediationError>).code).toBe('overlap');
    const statuses = await rows<{ status: string }>(db(), sql`SELECT status FROM med_requests WHERE id IN (${ids[0]}, ${ids[1]}) ORDER BY status`);
    expect(statuses.map((s) => s.status)).toEqual(['assigned', 'requested']);
  });
});
