// Reception: centres seen by the Prefettura and, each one, by its own managing body only; the presence
// register (template, dry run listing every bad line, nothing stored half-way, presence-days); documents
// checked by content, kept outside the web root, served only to those allowed, reviewed, reminded;
// inspections with findings, the managing body's answer and the follow-up that closes them; the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { addDays, romeDate } from '../../src/modules/desk/rome-dates.js';
import { remindDocuments } from '../../src/modules/reception/index.js';

const APPRODO = 'operatore@approdo.example';
const FARO = 'operatore@ilfaro.example';
const OFFICIAL = 'funzionario@prefettura.example';
const INSPECTOR = 'ispezioni@prefettura.example';
const INSPECTOR_2 = 'ispettrice@prefettura.example';
const ANALYST = 'osservatorio@prefettura.example';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let approdo: TestClient;
let faro: TestClient;
let official: TestClient;
let inspector: TestClient;
let analyst: TestClient;
const centres = new Map<string, string>();
const db = () => t.app.kernel.db;
const today = romeDate();

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

interface Part {
  name: string;
  filename: string;
  content: Buffer | string;
  type?: string;
}

/** Posts a multipart form as a browser sends a file upload, with the CSRF token of the last page. */
async function upload(client: TestClient, url: string, files: Part[], fields: Record<string, string> = {}) {
  const boundary = `----ponte${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: client.lastCsrf ?? '', ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

const refusals = () => count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'reception.access.refused'`);

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  [approdo, faro, official, inspector, analyst] = await Promise.all([signIn(t.app, APPRODO), signIn(t.app, FARO), signIn(t.app, OFFICIAL), signIn(t.app, INSPECTOR), signIn(t.app, ANALYST)]);
  for (const r of await rows<{ code: string; id: string }>(db(), sql`SELECT code, id FROM reception_centres`)) centres.set(r.code, r.id);
}, 60_000);
afterAll(() => t?.close());

describe('centres and who sees them', () => {
  it('shows the Prefettura every centre, and a managing body only its own', async () => {
    const all = await official.get('/reception');
    expect(all.statusCode).toBe(200);
    for (const code of ['CAS-TRI-01', 'CAS-AND-01', 'SAI-BAR-01']) expect(all.body).toContain(`data-centre="${code}"`);
    const own = await approdo.get('/reception');
    expect(own.body).toContain('data-centre="CAS-TRI-01"');
    expect(own.body).toContain('data-centre="CAS-TRI-02"');
    expect(own.body).not.toContain('CAS-AND-01');
    expect(own.body).not.toContain('Castel del Monte');
  });

  it("answers another body's centre, finding and file as missing, and audits the attempt", async () => {
    const before = await refusals();
    const andria = centres.get('CAS-AND-01')!;
    const [finding] = await rows<{ id: string }>(db(), sql`SELECT id FROM reception_findings WHERE centre_id = ${andria}`);
    const [file] = await rows<{ id: string }>(db(), sql`SELECT id FROM reception_files WHERE centre_id = ${andria} LIMIT 1`);
    const missing = await approdo.get('/reception/centres/00000000-0000-4000-8000-000000000000');
    for (const url of [`/reception/centres/${andria}`, `/reception/findings/${finding!.id}`, `/reception/files/${file!.id}`]) {
      const res = await approdo.get(url);
      expect(res.statusCode, url).toBe(404);
      const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      expect(main(res.body)).toBe(main(missing.body));
    }
    // Acting on it is refused the same way, and nothing is written.
    await approdo.get('/reception');
    const post = await upload(approdo, `/reception/centres/${andria}/documents`, [{ name: 'file', filename: 'x.pdf', content: PDF }], { docType: 'insurance' });
    expect(post.statusCode).toBe(404);
    await approdo.get('/reception');
    expect((await upload(approdo, `/reception/findings/${finding!.id}/answer`, [], { response: 'Fatto.' })).statusCode).toBe(404);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_findings WHERE id = ${finding!.id} AND response IS NOT NULL`)).toBe(0);
    expect(await refusals()).toBe(before + 5);
    const [event] = await rows<{ details: { kind: string; id: string }; actor_org_id: string }>(db(), sql`SELECT details, actor_org_id FROM audit_events WHERE action = 'reception.access.refused' ORDER BY id LIMIT 1 OFFSET ${before}`);
    expect(event!.details).toMatchObject({ kind: 'centre', id: andria });
    // A record that does not exist is not an attempt on anyone's: not audited.
    await approdo.get('/reception/centres/00000000-0000-4000-8000-000000000000');
    expect(await refusals()).toBe(before + 5);
  });

  it('lets the Prefettura register a centre, with its documents due, and keeps typed values on a mistake', async () => {
    await official.get('/reception/centres/new');
    const [body] = await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name = 'Cooperativa Sociale Approdo (demo)'`);
    const form = {
      identifier: 'cas-mar-01',
      name: 'CAS Saline',
      kind: 'cas',
      housing: 'apartment',
      managingBodyId: body!.id,
      municipalityCode: '110005',
      address: 'Via delle Saline 4',
      capacityMen: '6',
      capacityWomen: '0',
      capacityFamilies: '0',
      contractStart: '2026-01-01',
      contractEnd: '2025-12-31',
      placesContracted: '6',
      dailyRate: '31,20',
    };
    const bad = await official.post('/reception/centres', form);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('La fine del contratto è precedente all&#39;inizio.');
    expect(bad.body).toContain('value="Via delle Saline 4"');
    const ok = await official.post('/reception/centres', { ...form, contractEnd: '2027-12-31' });
    expect(ok.statusCode).toBe(303);
    const [c] = await rows<{ id: string; code: string; daily_rate_cents: number }>(db(), sql`SELECT id, code, daily_rate_cents FROM reception_centres WHERE code = 'CAS-MAR-01'`);
    expect(c!.daily_rate_cents).toBe(3120);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_requirements WHERE centre_id = ${c!.id}`)).toBe(7);
    // The cooperative now sees it; the other one does not.
    expect((await approdo.get(`/reception/centres/${c!.id}`)).statusCode).toBe(200);
    expect((await faro.get(`/reception/centres/${c!.id}`)).statusCode).toBe(404);
    // Managing bodies cannot register centres, nor change them.
    expect((await approdo.get('/reception/centres/new')).statusCode).toBe(403);
    expect((await approdo.get(`/reception/centres/${c!.id}/edit`)).statusCode).toBe(403);

    // The Prefettura suspends it, and moves a document's due date; the form keeps its values on a mistake.
    const edit = await official.get(`/reception/centres/${c!.id}/edit`);
    expect(edit.body).toContain('value="CAS-MAR-01"');
    expect(edit.body).toContain('value="31.20"');
    const taken = await official.post(`/reception/centres/${c!.id}/edit`, { ...form, identifier: 'CAS-TRI-01', contractEnd: '2027-12-31', status: 'suspended' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Questo codice è già di un altro centro.');
    expect((await official.post(`/reception/centres/${c!.id}/edit`, { ...form, contractEnd: '2027-12-31', status: 'suspended' })).statusCode).toBe(303);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_centres WHERE id = ${c!.id} AND status = 'suspended' AND code = 'CAS-MAR-01'`)).toBe(1);
    await official.get(`/reception/centres/${c!.id}`);
    expect((await official.post(`/reception/centres/${c!.id}/requirements`, { docType: 'insurance', dueOn_insurance: '2026-02-30' })).statusCode).toBe(422);
    expect((await official.post(`/reception/centres/${c!.id}/requirements`, { docType: 'insurance', dueOn_insurance: '2027-01-15' })).statusCode).toBe(303);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_requirements WHERE centre_id = ${c!.id} AND doc_type = 'insurance' AND due_on = '2027-01-15'`)).toBe(1);
  });
});

describe('the presence register', () => {
  const header = 'centre_code,event,date,guest_code,departure_reason,present';
  const day = addDays(today, -2);
  const arrived = addDays(today, -5);

  it('offers the template as CSV and as an XLSX workbook that reads back', async () => {
    const csv = await approdo.get('/reception/register?template=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body.replace('\ufeff', '').split('\r\n')[0]).toBe(header);
    const xlsx = await t.app.inject({ method: 'GET', url: '/reception/register?template=xlsx', headers: { cookie: [...approdo.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, 'centre_code', 'event', 'date', 'guest_code', 'departure_reason', 'present']);
    expect(JSON.stringify(wb.worksheets[1]!.getSheetValues())).toContain('CAS-TRI-01');
    expect(JSON.stringify(wb.worksheets[1]!.getSheetValues())).not.toContain('CAS-AND-01');
  });

  it('lists every bad line, stores nothing, and records the refusal', async () => {
    const register = [
      header,
      `CAS-TRI-01,arrival,${arrived},NEW-0001,,`,
      `CAS-TRI-01,departure,${addDays(arrived, -1)},NEW-0001,transfer,`,
      `CAS-TRI-01,departure,${day},NOBODY-9,end_of_reception,`,
      `CAS-AND-01,count,${day},,,10`,
      `CAS-TRI-01,count,${day},,,-3`,
      `CAS-TRI-02,count,${day},,,99`,
      `CAS-TRI-01,arrival,${addDays(today, 3)},NEW-0002,,`,
    ].join('\n');
    const stays = await count(sql`SELECT count(*)::int AS n FROM reception_stays`);
    const counts = await count(sql`SELECT count(*)::int AS n FROM reception_daily_counts`);
    await approdo.get('/reception/register');
    const res = await upload(approdo, '/reception/register', [{ name: 'register', filename: 'registro.csv', content: register, type: 'text/csv' }]);
    expect(res.statusCode).toBe(422);
    const problems = [...res.body.matchAll(/data-line="(\d+)" data-problem="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(problems).toEqual(['3:departureBeforeArrival', '4:unknownGuest', '5:unknownCentre', '6:negativeCount', '7:overCapacity', '8:futureDate']);
    expect(res.body).toContain('Non è stato salvato nulla');
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_stays`)).toBe(stays);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_daily_counts`)).toBe(counts);
    const [audit] = await rows<{ details: { problems: number; kinds: string[] } }>(db(), sql`SELECT details FROM audit_events WHERE action = 'reception.register.refused' ORDER BY id DESC LIMIT 1`);
    expect(audit!.details.problems).toBe(6);
    expect(JSON.stringify(audit!.details)).not.toContain('NOBODY');
  });

  it('checks without saving on a dry run, then saves the corrected register as an XLSX file', async () => {
    const lines = [
      ['CAS-TRI-01', 'arrival', arrived, 'NEW-0001', '', ''],
      ['CAS-TRI-01', 'departure', day, 'NEW-0001', 'transfer', ''],
      ['CAS-TRI-01', 'departure', day, 'TRI-0003', 'end_of_reception', ''],
      ['CAS-TRI-01', 'count', day, '', '', '19'],
    ];
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('register');
    sheet.addRow(header.split(','));
    for (const l of lines) sheet.addRow(l.map((v, i) => (i === 2 ? new Date(`${v}T00:00:00Z`) : i === 5 && v ? Number(v) : v)));
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    await approdo.get('/reception/register');
    const dry = await upload(approdo, '/reception/register', [{ name: 'register', filename: 'registro.xlsx', content: file }], { dryRun: 'yes' });
    expect(dry.statusCode).toBe(200);
    expect(dry.body).toContain('Il registro è corretto: 4 righe (1 arrivi, 2 uscite, 1 conteggi)');
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_stays WHERE guest_code = 'NEW-0001'`)).toBe(0);
    const saved = await upload(approdo, '/reception/register', [{ name: 'register', filename: 'registro.xlsx', content: file }]);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Registro salvato: 4 righe');
    const [stay] = await rows<{ arrived_on: string; departed_on: string; departure_reason: string }>(
      db(),
      sql`SELECT arrived_on::text, departed_on::text, departure_reason FROM reception_stays WHERE guest_code = 'NEW-0001'`,
    );
    expect(stay).toEqual({ arrived_on: arrived, departed_on: day, departure_reason: 'transfer' });
    expect(await count(sql`SELECT present AS n FROM reception_daily_counts WHERE centre_id = ${centres.get('CAS-TRI-01')!} AND day = ${day}::date`)).toBe(19);
  });

  it('refuses a file that is not a register, and a line typed on screen with its problem next to the field', async () => {
    await approdo.get('/reception/register');
    const pdf = await upload(approdo, '/reception/register', [{ name: 'register', filename: 'registro.csv', content: PDF }]);
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('Il file non è un registro CSV o XLSX leggibile.');
    const line = await approdo.post('/reception/register/line', { centre: 'CAS-TRI-01', event: 'departure', date: day, guest: 'ghost-1', reason: 'transfer' });
    expect(line.statusCode).toBe(422);
    expect(line.body).toContain('Codice ospite sconosciuto');
    expect(line.body).toContain('value="ghost-1"');
    const ok = await approdo.post('/reception/register/line', { centre: 'CAS-TRI-02', event: 'arrival', date: day, guest: 'tro-9001' });
    expect(ok.statusCode).toBe(303);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_stays WHERE guest_code = 'TRO-9001' AND departed_on IS NULL`)).toBe(1);
  });

  it('counts the presence-days of the month the payment is based on', async () => {
    const month = today.slice(0, 7);
    const res = await approdo.get(`/reception/occupancy?month=${month}`);
    expect(res.statusCode).toBe(200);
    const start = `${month}-01`;
    const [expected] = await rows<{ n: number }>(
      db(),
      sql`SELECT COALESCE(sum(GREATEST(0, LEAST(COALESCE(departed_on, ${start}::date + interval '1 month')::date, (${start}::date + interval '1 month')::date) - GREATEST(arrived_on, ${start}::date))), 0)::int AS n
        FROM reception_stays WHERE centre_id = ${centres.get('CAS-TRI-01')!}`,
    );
    expect(expected!.n).toBeGreaterThan(0);
    expect(res.body).toMatch(new RegExp(`data-centre="CAS-TRI-01"[\\s\\S]*?data-presence-days="${expected!.n}"`));
    expect(res.body).not.toContain('CAS-AND-01');
    // NEW-0001 stayed from `arrived` to `day`: its days (the departure day not counted) are in the total.
    expect(expected!.n).toBeGreaterThanOrEqual(Math.max(0, Number(day.slice(8)) - Math.max(1, Number(arrived.slice(8)))));
  });
});

describe('documents', () => {
  it('refuses a "PDF" that is not one, and keeps a real one outside the web root as a new version', async () => {
    const tri = centres.get('CAS-TRI-01')!;
    await approdo.get(`/reception/centres/${tri}`);
    const files = await count(sql`SELECT count(*)::int AS n FROM reception_files`);
    const fake = await upload(approdo, `/reception/centres/${tri}/documents`, [{ name: 'file', filename: 'assicurazione.pdf', content: '<html><script>alert(1)</script></html>', type: 'application/pdf' }], { docType: 'insurance' });
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('Il contenuto del file non è del tipo richiesto');
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_files`)).toBe(files);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'reception.upload.refused'`)).toBe(1);

    const ok = await upload(approdo, `/reception/centres/${tri}/documents`, [{ name: 'file', filename: 'polizza 2027.pdf', content: PDF }], { docType: 'insurance', expiresOn: addDays(today, 365) });
    expect(ok.statusCode).toBe(303);
    const [doc] = await rows<{ id: string; version: number; status: string; storage_name: string; file_id: string }>(
      db(),
      sql`SELECT d.id, d.version, d.status, f.storage_name, f.id AS file_id FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id
        JOIN reception_files f ON f.id = d.file_id WHERE r.centre_id = ${tri} AND r.doc_type = 'insurance' ORDER BY d.version DESC LIMIT 1`,
    );
    expect(doc).toMatchObject({ version: 2, status: 'submitted' });
    const path = join(t.app.kernel.config.filesDir, doc!.storage_name);
    expect(existsSync(path)).toBe(true);
    expect(resolve(path).startsWith(resolve('public'))).toBe(false);
    // Not reachable as a static file; served by its route with headers that keep a browser from running it.
    expect((await approdo.get(`/static/${doc!.storage_name}`)).statusCode).toBe(404);
    const served = await approdo.get(`/reception/files/${doc!.file_id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toMatch(/^attachment;/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect((await faro.get(`/reception/files/${doc!.file_id}`)).statusCode).toBe(404);
    expect((await official.get(`/reception/files/${doc!.file_id}`)).statusCode).toBe(200);
  });

  it('is sent back by the Prefettura with a reason the managing body reads, and versions are kept', async () => {
    const tri = centres.get('CAS-TRI-01')!;
    const [doc] = await rows<{ id: string }>(db(), sql`SELECT d.id FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id
      WHERE r.centre_id = ${tri} AND r.doc_type = 'insurance' ORDER BY d.version DESC LIMIT 1`);
    // The Prefettura was told, and finds it among the documents to review.
    expect((await official.get('/notifications')).body).toContain('Documento da verificare: polizza assicurativa di CAS Casa del Sole.');
    expect((await official.get('/reception/documents')).body).toContain(`data-document="${doc!.id}"`);
    expect((await approdo.get('/reception/documents')).statusCode).toBe(403);
    // Only the Prefettura's officials review.
    await approdo.get(`/reception/centres/${tri}`);
    expect((await approdo.post(`/reception/documents/${doc!.id}/accept`)).statusCode).toBe(403);
    await official.get(`/reception/centres/${tri}`);
    const noReason = await official.post(`/reception/documents/${doc!.id}/return`, { reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    const back = await official.post(`/reception/documents/${doc!.id}/return`, { reason: 'Manca la firma del legale rappresentante.' });
    expect(back.statusCode).toBe(303);
    const page = await approdo.get(`/reception/centres/${tri}`);
    expect(page.body).toContain('Restituito: Manca la firma del legale rappresentante.');
    expect(page.body).toContain('Versione 1:');
    expect(page.body).toContain('Versione 2: polizza 2027.pdf');
    expect((await approdo.get('/notifications')).body).toContain('La Prefettura ha restituito un documento di CAS Casa del Sole');
    // Reviewed once: a second decision changes nothing.
    await official.get(`/reception/centres/${tri}`);
    await official.post(`/reception/documents/${doc!.id}/accept`);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_documents WHERE id = ${doc!.id} AND status = 'returned'`)).toBe(1);
  });

  it('reminds the managing body before expiry, and again only after a week', async () => {
    const notes = await approdo.get('/notifications');
    expect(notes.body).toContain('Scadenza tra 20 giorni: certificato di prevenzione incendi di CAS Casa del Sole');
    // Il Faro's Canosa centre owes its report and translated rules: overdue.
    expect((await faro.get('/notifications')).body).toContain('regolamento tradotto di CAS Canusium');
    // The insurance sent back above is overdue again (its due date passed long ago): reminded now, once.
    const first = await remindDocuments(t.app.kernel, new Date());
    expect(first.reminded).toBe(1);
    expect((await approdo.get('/notifications')).body).toContain('Consegna in ritardo di 370 giorni: polizza assicurativa di CAS Casa del Sole');
    expect((await remindDocuments(t.app.kernel, new Date())).reminded).toBe(0);
    const later = await remindDocuments(t.app.kernel, new Date(Date.now() + 8 * 86_400_000));
    expect(later.reminded).toBeGreaterThan(0);
  });
});

describe('inspections', () => {
  let visitId: string;
  let findingId: string;

  it('plans a visit by a team of two, fills the checklist, and records a finding with a photo', async () => {
    const tri = centres.get('CAS-TRI-01')!;
    const team = await rows<{ id: string }>(db(), sql`SELECT id FROM users WHERE email IN (${INSPECTOR}, ${INSPECTOR_2})`);
    await inspector.get('/reception/visits');
    const alone = await inspector.post('/reception/visits', { centreId: tri, kind: 'unannounced', plannedOn: today, inspectorIds: team[0]!.id });
    expect(alone.statusCode).toBe(422);
    expect(alone.body).toContain('Una visita richiede almeno due ispettori.');
    const planned = await inspector.post('/reception/visits', { centreId: tri, kind: 'unannounced', plannedOn: today, inspectorIds: team.map((u) => u.id) });
    expect(planned.statusCode).toBe(303);
    visitId = String(planned.headers.location).split('/').pop()!;
    // The managing body does not see a planned, unannounced visit.
    expect((await approdo.get(`/reception/centres/${tri}`)).body).not.toContain(visitId);

    const page = await inspector.get(`/reception/visits/${visitId}`);
    expect(page.body).toContain('Il regolamento interno è esposto e tradotto nelle lingue degli ospiti?');
    const answers: Record<string, string> = { visitedOn: today, countedPresent: '18', complete: 'yes' };
    for (const code of ['rooms_capacity', 'hygiene', 'meals_cultural', 'health_screening', 'legal_orientation', 'italian_courses', 'mediation_hours', 'staff_as_declared', 'fire_safety']) answers[`result_${code}`] = 'compliant';
    const incomplete = await inspector.post(`/reception/visits/${visitId}/answers`, answers);
    expect(incomplete.statusCode).toBe(422);
    answers.result_house_rules_translated = 'non_compliant';
    answers.note_house_rules_translated = 'Regolamento esposto solo in italiano.';
    // The evidence photo is checked by its content: an SVG named .jpg is refused, and nothing is saved.
    await inspector.get(`/reception/visits/${visitId}`);
    const svg = await upload(inspector, `/reception/visits/${visitId}/answers`, [{ name: 'photo_house_rules_translated', filename: 'bacheca.jpg', content: '<svg xmlns="http://www.w3.org/2000/svg"/>', type: 'image/jpeg' }], answers);
    expect(svg.statusCode).toBe(422);
    expect(svg.body).toContain('Regolamento esposto solo in italiano.');
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_answers WHERE visit_id = ${visitId}`)).toBe(0);
    const saved = await upload(inspector, `/reception/visits/${visitId}/answers`, [{ name: 'photo_house_rules_translated', filename: 'bacheca.png', content: PNG, type: 'image/png' }], answers);
    expect(saved.statusCode).toBe(303);
    const [evidence] = await rows<{ note: string; media_type: string }>(db(), sql`SELECT a.note, f.media_type FROM reception_answers a JOIN reception_files f ON f.id = a.photo_file_id
      WHERE a.visit_id = ${visitId} AND a.item_code = 'house_rules_translated'`);
    expect(evidence).toEqual({ note: 'Regolamento esposto solo in italiano.', media_type: 'image/png' });
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_visits WHERE id = ${visitId} AND status = 'completed' AND counted_present = 18`)).toBe(1);

    await inspector.get(`/reception/visits/${visitId}`);
    const fakePhoto = await upload(inspector, `/reception/visits/${visitId}/findings`, [{ name: 'photo', filename: 'foto.png', content: '<svg onload=alert(1)>' }], {
      itemCode: 'house_rules_translated',
      severity: 'medium',
      description: 'Regolamento non tradotto',
      actionRequired: 'Esporre il regolamento tradotto nelle lingue degli ospiti',
      dueDays: '30',
    });
    expect(fakePhoto.statusCode).toBe(422);
    expect(fakePhoto.body).toContain('value="Regolamento non tradotto"');
    const recorded = await upload(inspector, `/reception/visits/${visitId}/findings`, [{ name: 'photo', filename: 'foto.png', content: PNG }], {
      itemCode: 'house_rules_translated',
      severity: 'medium',
      description: 'Regolamento non tradotto',
      actionRequired: 'Esporre il regolamento tradotto nelle lingue degli ospiti',
      dueDays: '30',
    });
    expect(recorded.statusCode).toBe(303);
    const [f] = await rows<{ id: string; due_on: string; photo_file_id: string }>(db(), sql`SELECT id, due_on::text, photo_file_id FROM reception_findings WHERE visit_id = ${visitId}`);
    expect(f!.due_on).toBe(addDays(today, 30));
    expect(f!.photo_file_id).toBeTruthy();
    findingId = f!.id;
    expect((await approdo.get('/notifications')).body).toContain(`/reception/findings/${findingId}`);
  });

  it('is answered by the managing body with the translated rules, and closed by the follow-up visit', async () => {
    await approdo.get(`/reception/findings/${findingId}`);
    const answered = await upload(approdo, `/reception/findings/${findingId}/answer`, [{ name: 'file', filename: 'regolamento-tradotto.pdf', content: PDF }], { response: 'Regolamento tradotto in inglese, francese, arabo e tigrino, esposto in sala comune.' });
    expect(answered.statusCode).toBe(303);
    const page = await official.get(`/reception/findings/${findingId}`);
    expect(page.body).toContain('Regolamento tradotto in inglese, francese, arabo e tigrino');
    // The other cooperative cannot see it, nor answer it.
    expect((await faro.get(`/reception/findings/${findingId}`)).statusCode).toBe(404);

    // Closing needs the follow-up of the visit that recorded it.
    const [other] = await rows<{ id: string }>(db(), sql`SELECT id FROM reception_visits WHERE id <> ${visitId} LIMIT 1`);
    await inspector.get(`/reception/findings/${findingId}`);
    expect((await inspector.post(`/reception/findings/${findingId}/close`, { visitId: other!.id })).statusCode).toBe(409);
    await inspector.get(`/reception/visits/${visitId}`);
    const follow = await inspector.post(`/reception/visits/${visitId}/follow-up`);
    expect(follow.statusCode).toBe(303);
    const followId = String(follow.headers.location).split('/').pop()!;
    const followPage = await inspector.get(`/reception/visits/${followId}`);
    expect(followPage.body).toContain(`data-verify="${findingId}"`);
    const closed = await inspector.post(`/reception/findings/${findingId}/close`, { visitId: followId });
    expect(closed.statusCode).toBe(303);
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_findings WHERE id = ${findingId} AND status = 'closed' AND closed_by_visit_id = ${followId}`)).toBe(1);
    // Managing bodies do not inspect.
    expect((await approdo.get('/reception/visits')).statusCode).toBe(403);
  });

  it('makes a new checklist version for the visits to come, while earlier visits keep theirs', async () => {
    const page = await inspector.get('/reception/checklists');
    expect(page.body).toContain('Le visite nuove usano la versione 1');
    const all = [...page.body.matchAll(/name="items" value="(\w+)" checked/g)].map((m) => m[1]!);
    expect(all).toHaveLength(10);
    expect((await inspector.post('/reception/checklists', { items: all })).statusCode).toBe(422);
    const items = all.filter((c) => c !== 'meals_cultural');
    expect((await inspector.post('/reception/checklists', { items })).statusCode).toBe(303);
    expect(await count(sql`SELECT max(version)::int AS n FROM reception_checklists`)).toBe(2);
    const team = await rows<{ id: string }>(db(), sql`SELECT id FROM users WHERE email IN (${INSPECTOR}, ${INSPECTOR_2})`);
    await inspector.get('/reception/visits');
    const planned = await inspector.post('/reception/visits', { centreId: centres.get('CAS-TRI-02')!, kind: 'scheduled', plannedOn: addDays(today, 10), inspectorIds: team.map((u) => u.id) });
    const next = await inspector.get(String(planned.headers.location));
    expect(next.body).toContain('versione 2');
    expect(next.body).not.toContain('data-item="meals_cultural"');
    expect((await inspector.get(`/reception/visits/${visitId}`)).body).toContain('data-item="meals_cultural"');
    expect((await approdo.get('/reception/checklists')).statusCode).toBe(403);
  });
});

describe('corrective actions past their deadline', () => {
  it('remind the managing body until it answers, weekly', async () => {
    // Il Faro's Andria finding is due 27 days from now; 40 days on, nobody has answered it.
    const later = new Date(Date.now() + 40 * 86_400_000);
    const { reminded } = await remindDocuments(t.app.kernel, later);
    expect(reminded).toBeGreaterThanOrEqual(1);
    expect((await faro.get('/notifications')).body).toContain('Azione correttiva scaduta da 13 giorni per CAS Castel del Monte');
    expect(await count(sql`SELECT count(*)::int AS n FROM reception_findings WHERE reminded_at IS NOT NULL`)).toBe(1);
    await remindDocuments(t.app.kernel, new Date(later.getTime() + 86_400_000));
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'reception.finding.reminded'`)).toBe(1);
  });
});

describe('the dashboard', () => {
  it('shows overdue documents, open findings, days since inspection and the declared/counted variance; exports CSV', async () => {
    const res = await official.get('/reception/dashboard');
    expect(res.statusCode).toBe(200);
    // Canosa owes two documents; Andria's inspection counted two guests fewer than declared.
    expect(res.body).toMatch(/data-centre="CAS-CAN-01"[\s\S]*?data-overdue="2"/);
    expect(res.body).toMatch(/data-centre="CAS-AND-01"[\s\S]*?data-open="1"[\s\S]*?<td>3<\/td>[\s\S]*?differenza 2/);
    // Trinitapoli's finding was closed today by its follow-up.
    expect(res.body).toMatch(/data-centre="CAS-TRI-01"[\s\S]*?data-open="0"[\s\S]*?<td>0<\/td>/);
    const csv = await analyst.get('/reception/dashboard?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('centre_code,centre,municipality');
    expect(csv.body).toMatch(/CAS-AND-01,CAS Castel del Monte,Andria,[^\n]*,1,0,3,\d+,\d+,2\r?\n/);
    expect(csv.body).not.toMatch(/TRI-\d{4}/);
    // The analyst has the figures, not the centres' records.
    expect((await analyst.get('/reception')).statusCode).toBe(403);
    expect((await approdo.get('/reception/dashboard')).statusCode).toBe(403);
  });
});
