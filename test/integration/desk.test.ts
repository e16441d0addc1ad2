// The desk: recording a person (sealed identifiers, duplicates, bad input), consent limiting who sees them,
// "break the glass", contacts and needs, services matched to a need and the referral in one step, the
// printed summary in the person's language, and every read audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
let desk: TestClient; // Prefettura's desk
let cpi: TestClient; // CPI Andria's desk
let dpo: TestClient;
const db = () => t.app.kernel.db;

const AMINA = {
  givenName: 'Amina',
  familyName: 'El Idrissi',
  birthDate: '1991-04-17',
  nationality: 'MA',
  municipalityCode: '110001',
  phone: '+39 320 555 0142',
  documentType: 'passport',
  documentNumber: 'ab 123 4567',
  languages: ['ar', 'fr'],
  italianLevel: 'a1',
};

async function orgId(name: string): Promise<string> {
  const [row] = await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name LIKE ${`${name}%`}`);
  return row!.id;
}

async function auditCount(action: string, entityId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action} AND entity_id = ${entityId}`);
  return row!.n;
}

function idFrom(location: string | undefined, pattern: RegExp): string {
  const m = pattern.exec(String(location));
  if (!m) throw new Error(`no id in ${location}`);
  return m[1]!;
}

let aminaId = '';

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  desk = await signIn(t.app, 'sportello@prefettura.example');
  cpi = await signIn(t.app, 'sportello@cpi-andria.example');
  dpo = await signIn(t.app, 'dpo@prefettura.example');
}, 90_000);
afterAll(() => t?.close());

describe('recording a person', () => {
  it('refuses impossible dates, a future birth date and a document number of the wrong shape, keeping what was typed', async () => {
    const count = async () => (await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM desk_people`))[0]!.n;
    const before = await count();
    await desk.get('/desk/people/new');
    const res = await desk.post('/desk/people', { ...AMINA, birthDate: '1991-02-30', documentNumber: '12' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Scrivi una data esistente.');
    expect(res.body).toContain('Il numero di passaporto ha da 6 a 9 lettere e cifre.');
    expect(res.body).toContain('value="El Idrissi"');
    const future = await desk.post('/desk/people', { ...AMINA, birthDate: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('La data di nascita non può essere nel futuro.');
    expect(await count()).toBe(before);
  });

  it('stores names, birth date, phone and document sealed, never in clear', async () => {
    await desk.get('/desk/people/new');
    const res = await desk.post('/desk/people', AMINA);
    expect(res.statusCode).toBe(303);
    aminaId = idFrom(res.headers.location as string, /\/desk\/people\/([0-9a-f-]{36})\/consent/);
    const [row] = await rows<Record<string, unknown>>(db(), sql`SELECT * FROM desk_people WHERE id = ${aminaId}`);
    const stored = JSON.stringify(row);
    // Whole values, long enough that no random id or ciphertext holds them by chance ('555' once matched an id).
    for (const clear of ['Amina', 'Idrissi', '1991-04-17', '5550142', 'AB1234567']) expect(stored).not.toContain(clear);
    expect(row!.nationality).toBe('MA');
    expect(await auditCount('desk.person.created', aminaId)).toBe(1);
  });

  it('finds the person by any word of the name, in any order, and by birth date; the search is audited', async () => {
    const before = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.person.listed'`);
    await desk.get('/desk');
    const byName = await desk.post('/desk', { q: 'idrissi AMINA' });
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toContain(`/desk/people/${aminaId}`);
    expect((await desk.post('/desk', { q: 'elï', birthDate: '1991-04-17' })).body).not.toContain('1 persona trovata');
    expect((await desk.post('/desk', { birthDate: '1991-04-17' })).body).toContain(`/desk/people/${aminaId}`);
    expect((await desk.post('/desk', { document: 'AB1234567' })).body).toContain(`/desk/people/${aminaId}`);
    expect((await desk.post('/desk', { q: 'Fatima' })).body).toContain('Nessuna persona trovata');
    // Names never travel in a URL: a search in the query string is not run, and the form posts.
    const fromUrl = await desk.get('/desk?q=idrissi');
    expect(fromUrl.body).not.toMatch(/person[ae] trovat[ae]/);
    expect(fromUrl.body).toContain('<form method="post" action="/desk"');
    const after = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.person.listed'`);
    expect(after[0]!.n).toBeGreaterThan(before[0]!.n);
  });

  it('shows a possible duplicate before recording the same person twice, and records only when confirmed', async () => {
    await desk.get('/desk/people/new');
    const again = await desk.post('/desk/people', { givenName: 'AMINA', familyName: 'el idrissi', birthDate: '1991-04-17', languages: ['ar'] });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Questa persona potrebbe essere già registrata');
    expect(again.body).toContain(`/desk/people/${aminaId}`);
    const confirmed = await desk.post('/desk/people', { givenName: 'Amina', familyName: 'El Idrissi', birthDate: '1991-04-17', confirmNew: '1' });
    expect(confirmed.statusCode).toBe(303);
    const duplicateId = idFrom(confirmed.headers.location as string, /people\/([0-9a-f-]{36})/);
    // Her record now says another record may be hers, and leads to the two side by side.
    const page = await desk.get(`/desk/people/${aminaId}`);
    expect(page.body).toContain('Un&#39;altra scheda potrebbe essere della stessa persona');
    expect(page.body).toContain(`/desk/people/${aminaId}/merge/${duplicateId}`);
    const compare = await desk.get(`/desk/people/${aminaId}/merge/${duplicateId}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Unisci, tenendo la scheda di Amina El Idrissi');
    expect(compare.body).toContain('AB1234567'); // the document only the first record has
    expect(await auditCount('desk.person.compared', aminaId)).toBe(1);
    // An organization that sees neither record cannot compare them: not found.
    expect((await cpi.get(`/desk/people/${aminaId}/merge/${duplicateId}`)).statusCode).toBe(404);
    // The two records are merged into the first; the duplicate points to it and its page redirects there.
    const merged = await desk.post(`/desk/people/${aminaId}/merge`, { duplicateId });
    expect(merged.statusCode).toBe(303);
    expect((await desk.get(`/desk/people/${duplicateId}`)).headers.location).toBe(`/desk/people/${aminaId}`);
    expect(await auditCount('desk.person.merged', aminaId)).toBe(1);
  });
});

describe('consent and who sees the person', () => {
  it('hides the person from an organization the consent does not cover: not in its searches, "not found" at its address', async () => {
    await cpi.get('/desk');
    const search = await cpi.post('/desk', { q: 'Amina El Idrissi' });
    expect(search.body).not.toContain(aminaId);
    const page = await cpi.get(`/desk/people/${aminaId}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Idrissi');
    // The same answer as for a record that does not exist.
    const none = await cpi.get('/desk/people/00000000-0000-4000-8000-000000000000');
    expect(none.statusCode).toBe(404);
    const normalized = (body: string, id: string) => body.replaceAll(id, ':id').replace(/name="_csrf" value="[^"]+"/g, '');
    expect(normalized(none.body, '00000000-0000-4000-8000-000000000000')).toBe(normalized(page.body, aminaId));
  });

  it('requires a purpose and a witness for oral consent, then shows the record to the organizations it names', async () => {
    await desk.get(`/desk/people/${aminaId}/consent`);
    const bad = await desk.post(`/desk/people/${aminaId}/consent`, { givenHow: 'oral_with_witness' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Scegli almeno una finalità.');
    expect(bad.body).toContain('Scrivi il nome del testimone del consenso orale.');
    const ok = await desk.post(`/desk/people/${aminaId}/consent`, {
      purposes: ['orientation', 'referral'],
      organizationIds: [await orgId('ASL BT'), await orgId('Comune di Andria')],
      givenHow: 'signed_form',
    });
    expect(ok.statusCode).toBe(303);
    expect(await auditCount('desk.consent.recorded', aminaId)).toBe(1);
    // CPI Andria is still not covered; the ASL's or the municipality's desk would be.
    expect((await cpi.get(`/desk/people/${aminaId}`)).statusCode).toBe(404);
  });

  it('lets an operator "break the glass" with a written reason, for a few hours, audited and shown to the DPO', async () => {
    await cpi.get(`/desk/people/${aminaId}`);
    const short = await cpi.post(`/desk/people/${aminaId}/access`, { reason: 'urgente' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Scrivi il motivo (almeno 10 caratteri).');
    const granted = await cpi.post(`/desk/people/${aminaId}/access`, { reason: 'La persona è allo sportello del CPI e chiede aiuto urgente' });
    expect(granted.statusCode).toBe(303);
    const page = await cpi.get(`/desk/people/${aminaId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Amina El Idrissi');
    expect(page.body).toContain('accesso eccezionale');
    expect(await auditCount('desk.person.breakTheGlass', aminaId)).toBe(1);
    const review = await dpo.get('/desk/access-review');
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('chiede aiuto urgente');
    expect(review.body).toContain('Michele Cafagna');
    // The reason itself is not copied into the audit log.
    const [event] = await rows<{ details: unknown }>(db(), sql`SELECT details FROM audit_events WHERE action = 'desk.person.breakTheGlass'`);
    expect(JSON.stringify(event!.details)).not.toContain('urgente');
  });

  it('audits every opening of the record', async () => {
    const before = await auditCount('desk.person.read', aminaId);
    await desk.get(`/desk/people/${aminaId}`);
    expect(await auditCount('desk.person.read', aminaId)).toBe(before + 1);
  });
});

describe('contacts, needs, services and referral', () => {
  let needId = '';

  it('logs a contact with the language used and whether a mediator was present', async () => {
    await desk.get(`/desk/people/${aminaId}`);
    const bad = await desk.post(`/desk/people/${aminaId}/contacts`, { channel: 'pigeon', languageCode: 'fr' });
    expect(bad.statusCode).toBe(400);
    const res = await desk.post(`/desk/people/${aminaId}/contacts`, { channel: 'walk_in', languageCode: 'fr' });
    expect(res.statusCode).toBe(303);
    const [contact] = await rows<{ language_code: string; mediator_present: boolean; nationality: string }>(
      db(),
      sql`SELECT language_code, mediator_present, nationality FROM desk_contacts WHERE person_id = ${aminaId}`,
    );
    expect(contact).toEqual({ language_code: 'fr', mediator_present: false, nationality: 'MA' });
  });

  it('records a need and proposes the published services for it, those in her town and language first', async () => {
    await desk.get(`/desk/people/${aminaId}`);
    const unknown = await desk.post(`/desk/people/${aminaId}/needs`, { termCode: 'astrology', urgency: 'normal' });
    expect(unknown.statusCode).toBe(400);
    const res = await desk.post(`/desk/people/${aminaId}/needs`, { termCode: 'language', urgency: 'normal', note: 'Vuole un corso serale' });
    expect(res.statusCode).toBe(303);
    needId = idFrom(res.headers.location as string, /needs\/([0-9a-f-]{36})/);
    const page = await desk.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Corso di lingua italiana');
    // Andria and French: the CPIA course is in her municipality and speaks her language.
    const first = page.body.indexOf('name="serviceId"');
    expect(page.body.slice(first, first + 2000)).toContain('Corso di lingua italiana');
    expect(page.body.slice(first, first + 2000)).toContain('Parla la sua lingua');
  });

  it('refers her in one step; the referral shares only what the consent allows; the need is referred', async () => {
    const page = await desk.get(`/desk/people/${aminaId}/needs/${needId}`);
    const serviceId = /name="serviceId" value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const none = await desk.post(`/desk/people/${aminaId}/needs/${needId}/refer`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Scegli il servizio a cui inviare la persona.');
    const res = await desk.post(`/desk/people/${aminaId}/needs/${needId}/refer`, { serviceId, note: 'Preferisce la sera' });
    expect(res.statusCode).toBe(303);
    const [need] = await rows<{ status: string; referral_id: string }>(db(), sql`SELECT status, referral_id FROM desk_needs WHERE id = ${needId}`);
    expect(need!.status).toBe('referred');
    const [referral] = await rows<{ shared_data_enc: string; service_id: string }>(db(), sql`SELECT * FROM referrals WHERE id = ${need!.referral_id}`);
    expect(referral!.service_id).toBe(serviceId);
    const shared = JSON.parse(t.app.kernel.crypto.open(referral!.shared_data_enc, `referrals:shared_data:${need!.referral_id}`)) as Record<string, unknown>;
    expect(shared.displayName).toBe('Amina El Idrissi');
    // The consent does not let services receive her contacts.
    expect(shared.phone ?? null).toBeNull();
    // The person's page shows where the referral stands.
    const person = await desk.get(`/desk/people/${aminaId}`);
    expect(person.body).toContain(`/referrals/${need!.referral_id}`);
    // A second referral of the same need is refused with a message.
    const again = await desk.post(`/desk/people/${aminaId}/needs/${needId}/refer`, { serviceId });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Questo bisogno è già stato inviato o chiuso.');
  });

  it('refuses a referral once consent is withdrawn, and one to a service that is not published', async () => {
    await desk.get(`/desk/people/${aminaId}`);
    const need = await desk.post(`/desk/people/${aminaId}/needs`, { termCode: 'health', urgency: 'high' });
    const healthNeed = idFrom(need.headers.location as string, /needs\/([0-9a-f-]{36})/);
    const [unpublished] = await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = 'Ufficio cittadinanza'`);
    const refused = await desk.post(`/desk/people/${aminaId}/needs/${healthNeed}/refer`, { serviceId: unpublished!.id });
    expect(refused.statusCode).toBe(409);
    const count = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM referrals WHERE subject_id = ${aminaId}`);
    expect(count[0]!.n).toBe(1);

    await desk.get(`/desk/people/${aminaId}/consent`);
    expect((await desk.post(`/desk/people/${aminaId}/consent/withdraw`)).statusCode).toBe(303);
    const page = await desk.get(`/desk/people/${aminaId}/needs/${healthNeed}`);
    const serviceId = /name="serviceId" value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const res = await desk.post(`/desk/people/${aminaId}/needs/${healthNeed}/refer`, { serviceId });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Il consenso in vigore non permette di inviare la persona ad altri enti');
    expect((await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM referrals WHERE subject_id = ${aminaId}`))[0]!.n).toBe(1);
  });

  it('prints a summary in her language with the service, its address and the documents to bring', async () => {
    const res = await desk.get(`/desk/people/${aminaId}/summary?lang=fr`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="fr"');
    expect(res.body).toContain('Cours de langue italienne');
    expect(res.body).toContain('Documents à apporter');
    expect(await auditCount('desk.person.summary', aminaId)).toBe(1);
    const arabic = await desk.get(`/desk/people/${aminaId}/summary?lang=ar`);
    expect(arabic.body).toContain('dir="rtl"');
  });

  it('counts an anonymous contact without a person', async () => {
    const count = async () => (await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM desk_contacts WHERE person_id IS NULL AND nationality = 'ER'`))[0]!.n;
    const before = await count();
    await desk.get('/desk/contacts/anonymous');
    expect((await desk.post('/desk/contacts/anonymous', { channel: 'phone', languageCode: 'ti', nationality: 'ER' })).statusCode).toBe(303);
    expect(await count()).toBe(before + 1);
  });
});

describe('household', () => {
  let childId = '';

  it('links a child found by name to her mother, both ways, with the relation chosen; the relation is required', async () => {
    await desk.get('/desk/people/new');
    const created = await desk.post('/desk/people', { givenName: 'Yasmine', familyName: 'El Idrissi', birthDate: '2016-10-03', nationality: 'MA', languages: ['ar'] });
    childId = idFrom(created.headers.location as string, /people\/([0-9a-f-]{36})/);
    const page = await desk.get(`/desk/people/${aminaId}/household`);
    expect(page.statusCode).toBe(200);
    const found = await desk.post(`/desk/people/${aminaId}/household`, { q: 'yasmine' });
    expect(found.body).toContain(`name="relatedId" value="${childId}"`);
    // No relation chosen: a message, the search still there, nothing linked.
    const missing = await desk.post(`/desk/people/${aminaId}/household/link`, { relatedId: childId, relation: '', q: 'yasmine' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Scegli la relazione con il familiare da collegare.');
    expect(missing.body).toContain(`name="relatedId" value="${childId}"`);
    expect((await rows(db(), sql`SELECT 1 FROM desk_household_links WHERE person_id = ${aminaId}`)).length).toBe(0);
    const linked = await desk.post(`/desk/people/${aminaId}/household/link`, { relatedId: childId, relation: 'child', q: 'yasmine' });
    expect(linked.statusCode).toBe(303);
    expect((await desk.get(`/desk/people/${aminaId}`)).body).toMatch(/Yasmine El Idrissi<\/a> <span>Figlio o figlia/);
    expect((await desk.get(`/desk/people/${childId}`)).body).toMatch(/Amina El Idrissi<\/a> <span>Genitore/);
    expect(await auditCount('desk.household.linked', aminaId)).toBe(1);
  });

  it('lets no other organization see or change the household of a person it cannot see', async () => {
    expect((await cpi.get(`/desk/people/${childId}/household`)).statusCode).toBe(404);
    await cpi.get('/desk');
    expect((await cpi.post(`/desk/people/${childId}/household/unlink`, { relatedId: aminaId })).statusCode).toBe(404);
    expect((await rows(db(), sql`SELECT 1 FROM desk_household_links WHERE person_id = ${childId}`)).length).toBe(1);
  });

  it('removes the link both ways', async () => {
    await desk.get(`/desk/people/${aminaId}/household`);
    expect((await desk.post(`/desk/people/${aminaId}/household/unlink`, { relatedId: childId })).statusCode).toBe(303);
    expect((await rows(db(), sql`SELECT 1 FROM desk_household_links WHERE person_id IN (${aminaId}, ${childId})`)).length).toBe(0);
    expect((await desk.get(`/desk/people/${childId}`)).body).toContain('Nessun familiare collegato');
  });
});
