// Integrated case handling and the "possible victim" flag. The Prefettura's desk opens a case plan for a
// person with a team across organizations (the Comune di Barletta's social services, the ASL): goals,
// actions with the organization responsible and due dates (overdue shown), review meetings with sealed
// notes, closure with an outcome. Who sees a case: its team, and for an unrestricted case whoever sees the
// person; anyone else gets 404. The flag restricts the case, hides the person from the recording desk's
// other operators, and refers the person to the anti-trafficking programme with only what consent allows;
// without consent to referral the case is restricted anyway and the page says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { loadConfig } from '../../src/config.js';
import type { AuditActor } from '../../src/kernel/audit/audit.js';
import { verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { hashPassword } from '../../src/kernel/auth/passwords.js';
import { usersRepo } from '../../src/kernel/auth/users.repo.js';
import { totpPlace } from '../../src/kernel/auth/sign-in.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../seeds/demo.js';
import { recordConsent, recordPerson, type ConsentInput } from '../../src/modules/desk/record-person.js';
import { deskRepo, type DeskUser } from '../../src/modules/desk/desk.repo.js';
import { casesForPerson } from '../../src/modules/desk/cases.repo.js';
import { flagPossibleVictim } from '../../src/modules/desk/flag-possible-victim.js';
import type { PersonData } from '../../src/modules/desk/people.js';

const DESK = 'sportello@prefettura.example';
const COLLEAGUE = 'accoglienza2@prefettura.example';
const SOCIAL = 'servizisociali@comune.barletta.example';
const ASL = 'cup@asl.example';
const CPIA = 'accoglienza@cpia.example';
const CPI_DESK = 'sportello@cpi-andria.example';
const ANTI_TRAFFICKING = 'emersione@antitratta.example';
const PROGRAMME = 'Programma antitratta: emersione e presa in carico';

let t: TestApp;
const clients = new Map<string, TestClient>();
const ids = new Map<string, string>();
const db = () => t.app.kernel.db;
const kernel = () => t.app.kernel;
const as = (email: string) => clients.get(email)!;

async function user(email: string): Promise<DeskUser & AuditActor & { userId: string }> {
  const [u] = await rows<{ id: string; organization_id: string }>(db(), sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  return { id: u!.id, userId: u!.id, organizationId: u!.organization_id, ip: '127.0.0.1' };
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

/** A person recorded at the Prefettura's desk, with a consent (or none), through the desk's use cases. */
async function person(data: PersonData, consent: ConsentInput | null): Promise<string> {
  const desk = await user(DESK);
  return db().transaction(async (tx) => {
    const id = await recordPerson(tx, kernel().crypto, desk, desk, data);
    if (consent) await recordConsent(tx, desk, desk.id, id, consent);
    return id;
  });
}

/** Opens a page (for its CSRF token) and posts one of its forms. */
async function post(client: TestClient, page: string, url: string, form: Record<string, string | string[]> = {}) {
  await client.get(page);
  return client.post(url, form);
}

const caseIdOf = (location: unknown) => /^\/desk\/cases\/([0-9a-f-]{36})$/.exec(String(location))?.[1];
const inRome = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + offsetDays * 86_400_000));

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  // A second desk operator at the Prefettura, who sees what the desk records, but not a restricted case.
  const [prefettura] = await rows<{ id: string }>(db(), sql`SELECT organization_id AS id FROM users WHERE email = ${DESK}`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db().transaction(async (tx) => {
    const colleague = await usersRepo.create(tx, { email: COLLEAGUE, displayName: 'Nicola Lorusso', organizationId: prefettura!.id, roles: ['desk_operator'], locale: 'it', status: 'active', passwordHash });
    await usersRepo.update(tx, colleague.id, { totpSecretEnc: kernel().crypto.seal(DEMO_TOTP_SECRET, totpPlace(colleague.id)) });
  });
  for (const email of [DESK, COLLEAGUE, SOCIAL, ASL, CPIA, CPI_DESK, ANTI_TRAFFICKING]) {
    clients.set(email, await signIn(t.app, email));
    ids.set(email, (await user(email)).id);
  }
}, 90_000);
afterAll(() => t?.close());

describe('a case plan across organizations', () => {
  let personId: string;
  let caseId: string;

  it('is opened by the desk with a team from the Comune and the ASL, and only one can be open at a time', async () => {
    personId = await person(
      { givenName: 'Amina', familyName: 'El Fassi', birthDate: '1991-04-12', nationality: 'MA', languages: ['fr', 'ar'], municipalityCode: '110002' },
      { purposes: ['orientation', 'referral', 'case_handling'], organizationIds: [], sharesContact: false, givenHow: 'signed_form' },
    );
    const page = await as(DESK).get(`/desk/people/${personId}/cases/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Apri un caso per Amina El Fassi');
    // The team is chosen among the operators of every organization who can work on cases.
    for (const name of ['Angela Dimiccoli', 'Giuseppe Musci', 'Michele Cafagna']) expect(page.body).toContain(name);
    expect(page.body).not.toContain('Paolo Grieco'); // an analyst has no access to cases

    const opened = await as(DESK).post(`/desk/people/${personId}/cases`, { members: [ids.get(SOCIAL)!, ids.get(ASL)!] });
    expect(opened.statusCode).toBe(303);
    caseId = caseIdOf(opened.headers.location)!;
    expect(caseId).toBeDefined();
    const [stored] = await rows<{ lead_user_id: string; restricted: boolean; status: string }>(db(), sql`SELECT lead_user_id, restricted, status FROM desk_cases WHERE id = ${caseId}`);
    expect(stored).toEqual({ lead_user_id: ids.get(DESK), restricted: false, status: 'open' });
    const team = await rows<{ email: string }>(db(), sql`SELECT u.email FROM desk_case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = ${caseId} ORDER BY u.email`);
    expect(team.map((m) => m.email)).toEqual([ASL, SOCIAL, DESK].sort());

    const plan = await as(DESK).get(`/desk/cases/${caseId}`);
    expect(plan.statusCode).toBe(200);
    expect(plan.body).toContain('Caso aperto.');
    expect(plan.body).toContain('Caso di Amina El Fassi');
    expect(plan.body).toContain('Comune di Barletta');
    expect(plan.body).toContain('ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani');

    // The person's page lists the case (the lead's page calls casesForPerson).
    expect(await casesForPerson(db(), await user(DESK), personId)).toEqual([
      expect.objectContaining({ id: caseId, status: 'open', restricted: false, leadName: 'Sara Lomuscio' }),
    ]);
    expect((await as(DESK).get(`/desk/people/${personId}`)).body).toContain(`/desk/cases/${caseId}`);

    // A second case for the same person: refused, pointing to the open one, nothing written.
    const before = await count(sql`SELECT count(*)::int AS n FROM desk_cases WHERE person_id = ${personId}`);
    const again = await post(as(DESK), `/desk/people/${personId}`, `/desk/people/${personId}/cases`, { members: [] });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Questa persona ha già un caso aperto');
    expect(again.body).toContain(`href="/desk/cases/${caseId}"`);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_cases WHERE person_id = ${personId}`)).toBe(before);
  });

  it('holds goals, actions with the organization responsible and a due date (overdue shown), and sealed meeting notes', async () => {
    const page = `/desk/cases/${caseId}`;
    expect((await post(as(DESK), page, `${page}/goals`, { goalTitle: 'Iscrizione dei figli a scuola' })).statusCode).toBe(303);
    const [goal] = await rows<{ id: string }>(db(), sql`SELECT id FROM desk_case_goals WHERE case_id = ${caseId}`);
    const [comune] = await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name = 'Comune di Barletta'`);

    // A due date already past, an impossible date: the form again, with the message and what was typed.
    const past = await post(as(DESK), page, `${page}/actions`, { actionDescription: 'Domanda di iscrizione', actionOrganization: comune!.id, actionDue: inRome(-3) });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('La scadenza non può essere già passata.');
    expect(past.body).toContain('value="Domanda di iscrizione"');
    const impossible = await post(as(DESK), page, `${page}/actions`, { actionDescription: 'Domanda di iscrizione', actionOrganization: comune!.id, actionDue: '2026-02-30' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('Inserisci una data valida.');

    const added = await post(as(DESK), page, `${page}/actions`, { actionDescription: 'Domanda di iscrizione', actionOrganization: comune!.id, actionDue: inRome(10), actionGoal: goal!.id });
    expect(added.statusCode).toBe(303);
    // An action that was due three days ago and is still planned is shown as overdue.
    await post(as(DESK), page, `${page}/actions`, { actionDescription: 'Visita pediatrica', actionOrganization: comune!.id, actionDue: inRome(1) });
    await db().execute(sql`UPDATE desk_case_actions SET due_on = ${inRome(-3)}::date WHERE description = 'Visita pediatrica' AND case_id = ${caseId}`);

    // The Comune's social worker, on the team, records the review meeting from her own organization.
    const notes = 'La signora teme di perdere il posto letto: serve una soluzione entro fine mese.';
    expect((await post(as(SOCIAL), page, `${page}/meetings`, { meetingDate: inRome(0), meetingParticipants: 'Sara Lomuscio, Angela Dimiccoli', meetingNotes: notes })).statusCode).toBe(303);
    const [meeting] = await rows<{ notes_enc: string }>(db(), sql`SELECT notes_enc FROM desk_case_meetings WHERE case_id = ${caseId}`);
    expect(meeting!.notes_enc).toMatch(/^v\d+\./);
    expect(meeting!.notes_enc).not.toContain('posto letto');
    const future = await post(as(SOCIAL), page, `${page}/meetings`, { meetingDate: inRome(2), meetingParticipants: 'Sara Lomuscio', meetingNotes: 'x' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('la data non può essere futura');

    const plan = await as(SOCIAL).get(page);
    expect(plan.statusCode).toBe(200);
    for (const shown of ['Iscrizione dei figli a scuola', 'Domanda di iscrizione', 'Per l&#39;obiettivo: Iscrizione dei figli a scuola', 'Visita pediatrica', notes]) expect(plan.body).toContain(shown);
    expect(plan.body.match(/>In ritardo</g)).toHaveLength(1);

    // Her list of cases shows it, with the overdue action.
    const list = await as(SOCIAL).get('/desk/cases');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/desk/cases/${caseId}"`);
    expect(list.body).toContain('1 azione in ritardo');

    // Done: no longer overdue.
    const [late] = await rows<{ id: string }>(db(), sql`SELECT id FROM desk_case_actions WHERE description = 'Visita pediatrica'`);
    expect((await post(as(SOCIAL), page, `${page}/actions/${late!.id}`, { status: 'done' })).statusCode).toBe(303);
    expect((await as(SOCIAL).get(page)).body).not.toContain('>In ritardo<');
    expect((await post(as(SOCIAL), page, `${page}/goals/${goal!.id}`, { status: 'achieved' })).statusCode).toBe(303);
  });

  it('is seen read-only by a desk operator who sees the person, and not at all by anyone else (404, pages and actions alike)', async () => {
    const page = `/desk/cases/${caseId}`;
    // The Prefettura's other desk operator sees Amina (recorded by his office): he reads the case, cannot change it.
    const read = await as(COLLEAGUE).get(page);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('non fai parte della squadra');
    expect(read.body).not.toContain(`action="${page}/goals"`);
    const refused = await post(as(COLLEAGUE), page, `${page}/goals`, { goalTitle: 'Un obiettivo non suo' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Solo la squadra del caso può modificarlo');
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_case_goals WHERE title = 'Un obiettivo non suo'`)).toBe(0);

    // The CPIA and the CPI's desk are neither on the team nor covered by the consent: the case does not exist for them.
    for (const email of [CPIA, CPI_DESK]) {
      expect((await as(email).get(page)).statusCode, email).toBe(404);
      expect((await post(as(email), '/desk/cases', `${page}/goals`, { goalTitle: 'Intrusione' })).statusCode, email).toBe(404);
      expect((await as(email).get('/desk/cases')).body).not.toContain(caseId);
      expect(await casesForPerson(db(), await user(email), personId)).toEqual([]);
    }
    expect((await as(CPI_DESK).get(`/desk/people/${personId}/cases/new`)).statusCode).toBe(404);
    // An id that does not exist answers the same.
    expect((await as(DESK).get('/desk/cases/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is closed by its lead with an outcome and a sealed note; then nothing more changes', async () => {
    const page = `/desk/cases/${caseId}`;
    // Only the lead closes.
    const bySocial = await post(as(SOCIAL), page, `${page}/close`, { closeOutcome: 'goals_met' });
    expect(bySocial.statusCode).toBe(409);
    expect(bySocial.body).toContain('Solo il responsabile del caso può farlo');
    const noNote = await post(as(DESK), page, `${page}/close`, { closeOutcome: 'other' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('scrivi una nota che lo spieghi');
    const closed = await post(as(DESK), page, `${page}/close`, { closeOutcome: 'other', closeNote: 'Trasferita a Bari presso la sorella.' });
    expect(closed.statusCode).toBe(303);
    const [row] = await rows<{ status: string; outcome: string; closure_note_enc: string; closed_at: Date | null }>(db(), sql`SELECT status, outcome, closure_note_enc, closed_at FROM desk_cases WHERE id = ${caseId}`);
    expect(row).toMatchObject({ status: 'closed', outcome: 'other' });
    expect(row!.closed_at).not.toBeNull();
    expect(row!.closure_note_enc).not.toContain('Bari');
    const shown = await as(DESK).get(page);
    expect(shown.body).toContain('Trasferita a Bari presso la sorella.');
    expect(shown.body).toContain('Altro esito');
    const late = await post(as(SOCIAL), page, `${page}/goals`, { goalTitle: 'Dopo la chiusura' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Il caso è chiuso');

    // Every step was audited, with ids and codes, never the texts.
    const events = await rows<{ action: string; details: Record<string, unknown> }>(db(), sql`SELECT action, details FROM audit_events WHERE entity_type = 'desk_case' AND entity_id = ${caseId} ORDER BY id`);
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['desk.case.opened', 'desk.case.read', 'desk.case.goalAdded', 'desk.case.actionAdded', 'desk.case.meetingRecorded', 'desk.case.actionStatus', 'desk.case.goalStatus', 'desk.case.closed']) {
      expect(actions, a).toContain(a);
    }
    expect(JSON.stringify(events)).not.toMatch(/Amina|posto letto|Bari|Iscrizione dei figli/);
  });
});

describe('the possible-victim flag', () => {
  it('restricts the case to the named team, hides the person from the desk\'s other operator, and refers to the anti-trafficking programme with only the consented data', async () => {
    const personId = await person(
      { givenName: 'Bashir', familyName: 'Rahman', birthDate: '1996-08-03', nationality: 'BD', languages: ['bn', 'en'], phone: '+39 351 222 3344', email: 'bashir.rahman@example.org', municipalityCode: '110001' },
      { purposes: ['orientation', 'referral'], organizationIds: [], sharesContact: false, givenHow: 'oral_with_witness', witnessName: 'Fatima Zahra Benali' },
    );
    // Before the flag, the desk's colleague sees him.
    expect((await as(COLLEAGUE).get(`/desk/people/${personId}`)).statusCode).toBe(200);

    const form = await as(DESK).get(`/desk/people/${personId}/flag`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Possibile vittima di tratta o sfruttamento');
    expect(form.body).toContain(`«${PROGRAMME}» (Programma antitratta La Puglia non tratta (demo))`);
    expect(form.body).toContain('Condivide solo nome, lingue e comune');

    // Without the confirmation: the form again, the reason kept, nothing restricted.
    const reason = 'Lavora 14 ore al giorno nei campi, il datore gli trattiene il passaporto.';
    const unconfirmed = await as(DESK).post(`/desk/people/${personId}/flag`, { members: [ids.get(SOCIAL)!], reason });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Conferma per rendere riservato il caso.');
    expect(unconfirmed.body).toContain(reason);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_cases WHERE person_id = ${personId}`)).toBe(0);

    const flagged = await as(DESK).post(`/desk/people/${personId}/flag`, { members: [ids.get(SOCIAL)!], reason, confirm: 'on' });
    expect(flagged.statusCode).toBe(303);
    const caseId = caseIdOf(flagged.headers.location)!;
    const page = await as(DESK).get(`/desk/cases/${caseId}`);
    expect(page.body).toContain('la segnalazione al programma antitratta è partita');
    expect(page.body).toContain('Riservato');
    // Who flagged it and why, on the case itself (not as a case conference); the reason sealed at rest.
    expect(page.body).toMatch(/<p class="mb-0 mt-2" id="flag-details"><span>Segnalato come possibile vittima il [^<]+ da [^<]+\.<\/span> <span>Motivo:<\/span> <q>/);
    expect(page.body).toContain(reason);
    const [stored] = await rows<{ restricted: boolean; lead_user_id: string; flagged_by: string; flag_reason_enc: string }>(
      db(),
      sql`SELECT restricted, lead_user_id, flagged_by, flag_reason_enc FROM desk_cases WHERE id = ${caseId}`,
    );
    expect(stored).toMatchObject({ restricted: true, lead_user_id: ids.get(DESK), flagged_by: ids.get(DESK) });
    expect(stored!.flag_reason_enc).toMatch(/^v2\./);
    expect((await rows(db(), sql`SELECT 1 FROM desk_case_meetings WHERE case_id = ${caseId}`)).length).toBe(0);

    // Hidden from the Prefettura's other desk operator: the person, the case, the search, the actions — all 404.
    const colleague = await user(COLLEAGUE);
    expect(await deskRepo.findVisible(db(), colleague, personId)).toBeUndefined();
    expect((await as(COLLEAGUE).get(`/desk/people/${personId}`)).statusCode).toBe(404);
    expect((await as(COLLEAGUE).get(`/desk/cases/${caseId}`)).statusCode).toBe(404);
    expect((await as(COLLEAGUE).get(`/desk/people/${personId}/flag`)).statusCode).toBe(404);
    expect((await post(as(COLLEAGUE), '/desk', `/desk/cases/${caseId}/goals`, { goalTitle: 'x'.repeat(5) })).statusCode).toBe(404);
    expect((await post(as(COLLEAGUE), '/desk', '/desk', { q: 'Bashir Rahman' })).body).not.toContain(personId);
    expect(await casesForPerson(db(), colleague, personId)).toEqual([]);
    // The named team sees both: the Comune's social worker even though the consent does not name her organization.
    expect((await as(SOCIAL).get(`/desk/cases/${caseId}`)).statusCode).toBe(200);
    expect(await deskRepo.findVisible(db(), await user(SOCIAL), personId)).toBeDefined();

    // The referral reached the programme, with the name, languages and municipality — not the phone or e-mail.
    const [referral] = await rows<{ id: string; need_code: string; service_name: string }>(
      db(),
      sql`SELECT id, need_code, service_name FROM referrals WHERE subject_module = 'desk' AND subject_id = ${personId}`,
    );
    expect(referral).toMatchObject({ need_code: 'trafficking', service_name: PROGRAMME });
    const received = await as(ANTI_TRAFFICKING).get(`/referrals/${referral!.id}`);
    expect(received.statusCode).toBe(200);
    for (const shown of ['Bashir Rahman', 'bengalese', 'Andria', reason]) expect(received.body).toContain(shown);
    for (const hidden of ['222 3344', 'bashir.rahman@example.org', '1996']) expect(received.body).not.toContain(hidden);
    expect((await as(ANTI_TRAFFICKING).get('/referrals')).body).toContain(`/referrals/${referral!.id}`);

    // The flag's audit event names ids and codes only: no name, no reason.
    const [event] = await rows<{ details: Record<string, unknown>; actor_user_id: string }>(
      db(),
      sql`SELECT details, actor_user_id FROM audit_events WHERE action = 'desk.case.flagged' AND entity_id = ${caseId}`,
    );
    expect(event!.actor_user_id).toBe(ids.get(DESK));
    expect(event!.details).toMatchObject({ person: personId, openedCase: true, referral: referral!.id, referralNotSent: null });
    expect([...(event!.details.team as string[])].sort()).toEqual([ids.get(DESK), ids.get(SOCIAL)].sort());
    expect(JSON.stringify(event!.details)).not.toMatch(/Bashir|Rahman|campi|passaporto|3344/);

    // A second flag: refused, nothing sent twice.
    const twice = await post(as(DESK), `/desk/people/${personId}/flag`, `/desk/people/${personId}/flag`, { members: [], confirm: 'on' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('è già riservato');
    expect(await count(sql`SELECT count(*)::int AS n FROM referrals WHERE subject_id = ${personId}`)).toBe(1);
  });

  it('restricts an existing case too, and its lead, left out of the named team, hands it to the operator flagging', async () => {
    const personId = await person(
      { givenName: 'Oksana', familyName: 'Kovalenko', languages: ['uk'], municipalityCode: '110009' },
      { purposes: ['orientation', 'referral', 'case_handling'], organizationIds: [], sharesContact: true, givenHow: 'signed_form' },
    );
    const opened = await post(as(COLLEAGUE), `/desk/people/${personId}/cases/new`, `/desk/people/${personId}/cases`, { members: [ids.get(ASL)!] });
    const caseId = caseIdOf(opened.headers.location)!;
    const form = await as(DESK).get(`/desk/people/${personId}/flag`);
    expect(form.body).toContain('Il caso aperto della persona (responsabile: Nicola Lorusso) diventa riservato');
    expect(form.body).toContain('Condivide nome, lingue, comune, telefono ed e-mail');
    const flagged = await as(DESK).post(`/desk/people/${personId}/flag`, { members: [ids.get(ASL)!], confirm: 'on' });
    expect(caseIdOf(flagged.headers.location)).toBe(caseId);
    const [row] = await rows<{ restricted: boolean; lead_user_id: string }>(db(), sql`SELECT restricted, lead_user_id FROM desk_cases WHERE id = ${caseId}`);
    expect(row).toEqual({ restricted: true, lead_user_id: ids.get(DESK) });
    // The former lead is no longer on the team: the case and the person are gone for him.
    expect((await as(COLLEAGUE).get(`/desk/cases/${caseId}`)).statusCode).toBe(404);
    expect((await as(ASL).get(`/desk/cases/${caseId}`)).statusCode).toBe(200);

    // Closed, the case stops hiding the person — but the restricted case itself stays the team's alone.
    const closing = await as(DESK).get(`/desk/cases/${caseId}`);
    expect(closing.body).toContain('la scheda della persona torna visibile');
    expect((await as(DESK).post(`/desk/cases/${caseId}/close`, { closeOutcome: 'withdrew' })).statusCode).toBe(303);
    expect((await as(COLLEAGUE).get(`/desk/people/${personId}`)).statusCode).toBe(200);
    expect((await as(COLLEAGUE).get(`/desk/cases/${caseId}`)).statusCode).toBe(404);
    expect(await casesForPerson(db(), await user(COLLEAGUE), personId)).toEqual([]);
    expect(await casesForPerson(db(), await user(ASL), personId)).toEqual([expect.objectContaining({ id: caseId, status: 'closed', restricted: true })]);
  });

  it('without consent to referral, restricts the case anyway, says why, and lets the team send the referral once consent is given', async () => {
    const personId = await person(
      { givenName: 'Joy', familyName: 'Okafor', languages: ['en'], phone: '+39 320 111 2233', municipalityCode: '110010' },
      { purposes: ['orientation'], organizationIds: [], sharesContact: true, givenHow: 'signed_form' },
    );
    const form = await as(DESK).get(`/desk/people/${personId}/flag`);
    expect(form.body).toContain('il consenso della persona non comprende l&#39;invio ai servizi');
    const referralsBefore = await count(sql`SELECT count(*)::int AS n FROM referrals`);
    const flagged = await as(DESK).post(`/desk/people/${personId}/flag`, { members: [], reason: 'Segni di sfruttamento sessuale.', confirm: 'on' });
    expect(flagged.statusCode).toBe(303);
    const caseId = caseIdOf(flagged.headers.location)!;
    const page = await as(DESK).get(`/desk/cases/${caseId}`);
    expect(page.body).toContain('Il caso è ora riservato alla squadra. La segnalazione al programma antitratta non è partita: il consenso della persona non comprende l&#39;invio ai servizi.');
    expect(page.body).toContain('Registra un consenso all&#39;invio e inviala da questa pagina.');
    expect(page.body).not.toContain('id="referral-form"');
    expect(await count(sql`SELECT count(*)::int AS n FROM referrals`)).toBe(referralsBefore);
    expect((await rows<{ restricted: boolean }>(db(), sql`SELECT restricted FROM desk_cases WHERE id = ${caseId}`))[0]!.restricted).toBe(true);
    expect((await as(COLLEAGUE).get(`/desk/people/${personId}`)).statusCode).toBe(404);
    const [event] = await rows<{ details: Record<string, unknown> }>(db(), sql`SELECT details FROM audit_events WHERE action = 'desk.case.flagged' AND entity_id = ${caseId}`);
    expect(event!.details).toMatchObject({ referral: null, referralNotSent: 'noConsent' });

    // The person consents to referral: the case page offers to send it, and it leaves with phone (shares_contact).
    const desk = await user(DESK);
    await db().transaction((tx) => recordConsent(tx, desk, desk.id, personId, { purposes: ['orientation', 'referral'], organizationIds: [], sharesContact: true, givenHow: 'signed_form' }));
    const now = await as(DESK).get(`/desk/cases/${caseId}`);
    expect(now.body).toContain('id="referral-form"');
    const sent = await as(DESK).post(`/desk/cases/${caseId}/anti-trafficking`, { referralNote: 'Preferisce un colloquio con un’operatrice.' });
    expect(sent.statusCode).toBe(303);
    expect((await as(DESK).get(`/desk/cases/${caseId}`)).body).toContain('Segnalazione inviata al programma antitratta.');
    const [referral] = await rows<{ id: string }>(db(), sql`SELECT id FROM referrals WHERE subject_id = ${personId}`);
    const received = await as(ANTI_TRAFFICKING).get(`/referrals/${referral!.id}`);
    expect(received.body).toContain('+39 320 111 2233');
    expect(received.body).toContain('Preferisce un colloquio con un’operatrice.');
    // Once under way, not twice.
    const again = await post(as(DESK), `/desk/cases/${caseId}`, `/desk/cases/${caseId}/anti-trafficking`, {});
    expect(again.statusCode).toBe(409);
    expect(await count(sql`SELECT count(*)::int AS n FROM referrals WHERE subject_id = ${personId}`)).toBe(1);
  });

  it('uses the configured anti-trafficking service, and says so when that service cannot receive referrals', async () => {
    expect(() => loadConfig({ ANTI_TRAFFICKING_SERVICE_ID: 'numero-verde', SESSION_SECRET: 's'.repeat(40), ENCRYPTION_KEY: 'a'.repeat(64), BLIND_INDEX_KEY: 'b'.repeat(64) })).toThrow(
      /ANTI_TRAFFICKING_SERVICE_ID: must be the id/,
    );
    // The national helpline is published but its organization does not use Ponte: configured, the flag still restricts.
    const [helpline] = await rows<{ id: string }>(db(), sql`SELECT service_id AS id FROM dir_published_services WHERE name LIKE 'Numero Verde Antitratta%'`);
    const configured = { ...kernel(), config: { ...kernel().config, antiTraffickingServiceId: helpline!.id } };
    const personId = await person({ givenName: 'Ionela', familyName: 'Popescu', languages: ['ro'] }, { purposes: ['referral'], organizationIds: [], sharesContact: false, givenHow: 'signed_form' });
    const desk = await user(DESK);
    const result = await db().transaction((tx) => flagPossibleVictim(tx, configured, desk, desk, { personId, memberIds: [] }));
    expect(result.referral).toEqual({ sent: false, reason: 'serviceUnavailable' });
    expect((await rows<{ restricted: boolean }>(db(), sql`SELECT restricted FROM desk_cases WHERE id = ${result.caseId}`))[0]!.restricted).toBe(true);
    expect(t.app.i18n.translator('ar').t('cases.referral.notSent.serviceUnavailable')).toContain('Ponte');
  });

  it('keeps the audit chain whole', async () => {
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});
