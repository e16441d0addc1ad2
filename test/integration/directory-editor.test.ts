// The directory back office: an editor changes a service of their organization, the directory team
// approves or sends it back; the public read model changes only on approval; record scope; bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { loadServiceGraph } from '../../src/modules/directory/service-document.js';
import { serviceFormValues } from '../../src/modules/directory/editor-form.js';

let t: TestApp;
let editor: TestClient;
let publisher: TestClient;

const EDITOR = 'redazione@asl.example';
const EDITOR_NAME = 'Teresa Lopopolo';
const PUBLISHER = 'mappa@prefettura.example';

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  editor = await signIn(t.app, EDITOR);
  publisher = await signIn(t.app, PUBLISHER);
}, 60_000);
afterAll(() => t?.close());

const db = () => t.app.kernel.db;

async function serviceId(name: string): Promise<string> {
  const [row] = await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = ${name}`);
  if (!row) throw new Error(`no service ${name}`);
  return row.id;
}

async function service(id: string) {
  const [row] = await rows<{ publication_status: string; review_note: string | null; published_at: string | null; updated_at: string }>(
    db(),
    sql`SELECT publication_status, review_note, published_at, updated_at FROM dir_services WHERE id = ${id}`,
  );
  return row!;
}

async function phonesOf(id: string): Promise<string[]> {
  // Sorted here: the two databases' collations order '+' and digits differently.
  return (await rows<{ number: string }>(db(), sql`SELECT number FROM dir_phones WHERE service_id = ${id}`)).map((r) => r.number).sort();
}

async function publicDocument(id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await rows<{ document: Record<string, unknown> }>(db(), sql`SELECT document FROM dir_published_services WHERE service_id = ${id}`);
  return row?.document;
}

const publicPhones = (doc: Record<string, unknown> | undefined) => ((doc?.phones ?? []) as { number: string }[]).map((p) => p.number);

/** The service form as the browser sends it when nothing is touched: every field with its stored value. */
async function formOf(id: string): Promise<Record<string, string | string[]>> {
  const values = serviceFormValues((await loadServiceGraph(db(), id))!);
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

async function countOf(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

const ASL_SERVICE = 'Scelta del medico di base e tessera sanitaria - Andria';
const ASL_OTHER = 'Consultorio familiare - Barletta';
const COMUNE_SERVICE = "Ufficio anagrafe: residenza e carta d'identità - Andria";

describe('an editor changes a phone number, the directory team approves', () => {
  it('keeps the published version online until approval, records the history, then publishes the new number', async () => {
    const id = await serviceId(ASL_SERVICE);
    const [oldNumber] = await phonesOf(id);
    expect(oldNumber).toMatch(/^0883 299\d{3}$/);
    const newNumber = '0883 299000';

    const list = await editor.get('/directory/manage/services');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Scelta del medico di base e tessera sanitaria - Andria');
    expect(list.body).not.toContain('Ufficio anagrafe');

    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${oldNumber}"`);

    const form = await formOf(id);
    const saved = await editor.post(`/directory/manage/services/${id}`, { ...form, 'phone.0': newNumber });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/directory/manage/services/${id}`);

    // The editor's change waits for review; the public still sees the published number.
    expect((await service(id)).publication_status).toBe('in_review');
    expect(await phonesOf(id)).toEqual([newNumber]);
    expect(publicPhones(await publicDocument(id))).toEqual([oldNumber]);
    const after = await editor.get(`/directory/manage/services/${id}`);
    expect(after.body).toContain('Il pubblico continua a vedere la versione già pubblicata');

    // The history: who, which field, old → new.
    const [meta] = await rows<{ previous_value: string; replacement_value: string; updated_by: string; updated_by_user_id: string; last_action_type: string; resource_type: string }>(
      db(),
      sql`SELECT * FROM dir_metadata WHERE resource_id = ${id} AND field_name = 'phones'`,
    );
    expect(meta).toMatchObject({ previous_value: oldNumber, replacement_value: newNumber, updated_by: EDITOR_NAME, last_action_type: 'update', resource_type: 'service' });
    const [me] = await rows<{ id: string }>(db(), sql`SELECT id FROM users WHERE email = ${EDITOR}`);
    expect(meta!.updated_by_user_id).toBe(me!.id);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id} AND last_action_type = 'update'`)).toBe(1);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.updated'`)).toBe(1);

    const history = await editor.get(`/directory/manage/services/${id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain(EDITOR_NAME);
    expect(history.body).toContain('Telefoni');
    expect(history.body).toMatch(new RegExp(`${oldNumber}[\\s\\S]*${newNumber}`));

    // The directory team sees it in the queue, with the change, and approves.
    const queue = await publisher.get('/directory/manage/review');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/directory/manage/review/${id}`);
    const review = await publisher.get(`/directory/manage/review/${id}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain(newNumber);
    const approved = await publisher.post(`/directory/manage/review/${id}/approve`);
    expect(approved.statusCode).toBe(303);

    const s = await service(id);
    expect(s.publication_status).toBe('published');
    expect(Date.now() - new Date(s.published_at!).getTime()).toBeLessThan(60_000);
    expect(publicPhones(await publicDocument(id))).toEqual([newNumber]);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.approved'`)).toBe(1);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id} AND last_action_type = 'approved'`)).toBe(1);
    expect((await publisher.get('/directory/manage/review')).body).not.toContain(`/directory/manage/review/${id}`);
  });

  it('publishes at once what the directory team changes itself', async () => {
    const id = await serviceId('Centro di salute mentale - Trani');
    await publisher.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    const res = await publisher.post(`/directory/manage/services/${id}`, { ...form, 'phone.0': '800 290 290', descriptionAr: 'استماع ودعم نفسي.' });
    expect(res.statusCode).toBe(303);
    expect((await service(id)).publication_status).toBe('published');
    expect(publicPhones(await publicDocument(id))).toEqual(['800 290 290']);
    const [row] = await rows<{ translations: Record<string, Record<string, string>> }>(db(), sql`SELECT translations FROM dir_published_services WHERE service_id = ${id}`);
    expect(row!.translations.ar!.description).toBe('استماع ودعم نفسي.');
  });

  it('saves nothing and says so when nothing changed', async () => {
    const id = await serviceId(ASL_OTHER);
    const before = await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`);
    await editor.get(`/directory/manage/services/${id}`);
    const res = await editor.post(`/directory/manage/services/${id}`, await formOf(id));
    expect(res.statusCode).toBe(303);
    expect((await editor.get(res.headers.location as string)).body).toContain('Nessuna modifica da salvare.');
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`)).toBe(before);
    expect((await service(id)).publication_status).toBe('published');
  });

  it('refuses to overwrite a version saved by someone else meanwhile', async () => {
    const id = await serviceId('Ambulatorio STP/ENI per stranieri senza permesso - Andria');
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    await db().execute(sql`UPDATE dir_services SET updated_at = now() + interval '1 second' WHERE id = ${id}`);
    const res = await editor.post(`/directory/manage/services/${id}`, { ...form, name: 'Ambulatorio STP/ENI - nome nuovo' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Qualcun altro ha modificato questo servizio');
    expect(res.body).toContain('value="Ambulatorio STP/ENI - nome nuovo"');
    expect((await service(id)).publication_status).toBe('published');
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_services WHERE name = 'Ambulatorio STP/ENI - nome nuovo'`)).toBe(0);
  });
});

describe('sending back', () => {
  it('needs a reason, shows it to the editor, keeps the published version online, and takes a new submission', async () => {
    const id = await serviceId(ASL_OTHER);
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    const description = `${form.description as string} Il sabato è chiuso.`;
    expect((await editor.post(`/directory/manage/services/${id}`, { ...form, description })).statusCode).toBe(303);
    expect((await service(id)).publication_status).toBe('in_review');
    const publishedBefore = await publicDocument(id);
    expect(publishedBefore!.description).not.toBe(description);

    await publisher.get(`/directory/manage/review/${id}`);
    const empty = await publisher.post(`/directory/manage/review/${id}/return`, { reason: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Spiega all&#39;ente che cosa va corretto.');
    expect((await service(id)).publication_status).toBe('in_review');

    const reason = "Manca l'orario del sabato mattina: indicate anche quello, per favore.";
    const sent = await publisher.post(`/directory/manage/review/${id}/return`, { reason });
    expect(sent.statusCode).toBe(303);
    const s = await service(id);
    expect(s).toMatchObject({ publication_status: 'returned', review_note: reason });
    expect(await publicDocument(id)).toEqual(publishedBefore);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.returned'`)).toBe(1);

    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.body).toContain('Da correggere');
    expect(page.body).toContain('Manca l&#39;orario del sabato mattina');

    // Approving is only for what waits for review.
    expect((await publisher.post(`/directory/manage/review/${id}/approve`)).statusCode).toBe(303);
    expect((await service(id)).publication_status).toBe('returned');

    await editor.get(`/directory/manage/services/${id}`);
    expect((await editor.post(`/directory/manage/services/${id}/submit`)).statusCode).toBe(303);
    expect((await service(id)).publication_status).toBe('in_review');
    expect((await publisher.get('/directory/manage/review')).body).toContain(`/directory/manage/review/${id}`);
  });
});

describe('record scope', () => {
  it("answers 404 to an editor opening or changing another organization's service", async () => {
    const id = await serviceId(COMUNE_SERVICE);
    const before = await service(id);
    const phones = await phonesOf(id);
    const form = await formOf(id);
    for (const url of [`/directory/manage/services/${id}`, `/directory/manage/services/${id}/history`]) {
      expect((await editor.get(url)).statusCode, url).toBe(404);
    }
    await editor.get('/directory/manage/services');
    for (const [url, body] of [
      [`/directory/manage/services/${id}`, { ...form, 'phone.0': '0883 111111' }],
      [`/directory/manage/services/${id}/verify`, {}],
      [`/directory/manage/services/${id}/submit`, {}],
    ] as const) {
      expect((await editor.post(url, body)).statusCode, url).toBe(404);
    }
    expect(await service(id)).toEqual(before);
    expect(await phonesOf(id)).toEqual(phones);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`)).toBe(0);

    // The review pages are the directory team's: for an editor they are forbidden, whatever the service.
    expect((await editor.get('/directory/manage/review')).statusCode).toBe(403);
    expect((await editor.post(`/directory/manage/review/${id}/approve`)).statusCode).toBe(403);
    // The directory team reaches every service.
    expect((await publisher.get(`/directory/manage/services/${id}`)).statusCode).toBe(200);
  });

  it("lists only the editor's own organization's services, and lets the directory team filter by status", async () => {
    const mine = await editor.get('/directory/manage/services?q=Consultorio');
    expect(mine.body).toContain('Consultorio familiare - Andria');
    const comune = await editor.get('/directory/manage/services?q=anagrafe');
    expect(comune.body).not.toContain('Ufficio anagrafe');
    const inReview = await publisher.get('/directory/manage/services?status=in_review');
    expect(inReview.statusCode).toBe(200);
    expect(inReview.body).toContain('Ufficio cittadinanza');
    expect(inReview.body).not.toContain('Centro di salute mentale - Trani');
    expect((await publisher.get('/directory/manage/services?status=nonsense&page=abc')).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it('shows each error next to its field, keeps everything typed and stores nothing', async () => {
    const id = await serviceId('Centro di salute mentale - Andria');
    const before = await service(id);
    const phones = await phonesOf(id);
    const metadataBefore = await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`);
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    const res = await editor.post(`/directory/manage/services/${id}`, {
      ...form,
      name: 'Centro di salute mentale - nuovo nome',
      'phone.0': '0883 29x',
      'phone.1': '+39 320 1234567',
      'hours.0.days': ['MO', 'TU'],
      'hours.0.opens': '08:30',
      'hours.0.closes': '12:30',
      'hours.1.days': ['TU'],
      'hours.1.opens': '11:00',
      'hours.1.closes': '13:00',
      'hours.2.days': ['WE'],
      'hours.2.opens': '15:00',
      'hours.2.closes': '14:00',
      nameAr: 'مركز الصحة النفسية',
    });
    expect(res.statusCode).toBe(422);
    // Each message is next to its field, linked to it, and listed in the summary.
    expect(res.body).toContain('id="phone.0-error"');
    expect(res.body).toMatch(/aria-describedby="phone\.0-error"/);
    expect(res.body).toContain('Inserisci un numero di telefono valido');
    expect(res.body).toContain('id="hours.1-error"');
    expect(res.body).toContain("Questa fascia si sovrappone all&#39;orario 1 in uno stesso giorno");
    expect(res.body).toContain('id="hours.2-error"');
    expect(res.body).toContain("L&#39;ora di chiusura deve venire dopo l&#39;ora di apertura.");
    expect(res.body).toContain('href="#phone.0"');
    // Everything typed is shown again.
    expect(res.body).toContain('value="Centro di salute mentale - nuovo nome"');
    expect(res.body).toContain('value="0883 29x"');
    expect(res.body).toContain('value="+39 320 1234567"');
    expect(res.body).toContain('value="11:00"');
    expect(res.body).toMatch(/id="hours\.1\.days-TU"[^>]*checked|checked[^>]*id="hours\.1\.days-TU"/);
    expect(res.body).toContain('value="مركز الصحة النفسية"');
    // Nothing stored.
    expect(await service(id)).toEqual(before);
    expect(await phonesOf(id)).toEqual(phones);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`)).toBe(metadataBefore);
  });

  it('accepts the Italian ways of writing numbers and hours', async () => {
    const id = await serviceId('Centro di salute mentale - Barletta');
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    const res = await editor.post(`/directory/manage/services/${id}`, {
      ...form,
      'phone.0': '0883  299111',
      'phone.1': '+39 0883 299111',
      'phone.2': '800 290 290',
      'hours.0.days': ['MO', 'WE', 'FR'],
      'hours.0.opens': '8.30',
      'hours.0.closes': '12:30',
      'hours.1.days': ['MO'],
      'hours.1.opens': '12:30',
      'hours.1.closes': '14:00',
      'hours.2.days': [],
      'hours.2.opens': '',
      'hours.2.closes': '',
      'hours.3.days': [],
      'hours.3.opens': '',
      'hours.3.closes': '',
    });
    expect(res.statusCode).toBe(303);
    expect(await phonesOf(id)).toEqual(['+39 0883 299111', '0883 299111', '800 290 290']);
    const hours = await rows<{ byday: string; opens_at: string; closes_at: string }>(
      db(),
      sql`SELECT byday, opens_at::text, closes_at::text FROM dir_schedules WHERE service_id = ${id} AND freq = 'WEEKLY' ORDER BY opens_at`,
    );
    expect(hours).toEqual([
      { byday: 'MO,WE,FR', opens_at: '08:30:00', closes_at: '12:30:00' },
      { byday: 'MO', opens_at: '12:30:00', closes_at: '14:00:00' },
    ]);
    // The holiday closures, which the form does not show, are left alone.
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_schedules WHERE service_id = ${id} AND valid_from IS NOT NULL`)).toBe(2);
  });

  it('escapes what editors type', async () => {
    const id = await serviceId('Centro di salute mentale - Canosa di Puglia');
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    expect((await editor.post(`/directory/manage/services/${id}`, { ...form, name: '<script>alert(1)</script> CSM' })).statusCode).toBe(303);
    const page = await editor.get(`/directory/manage/services/${id}`);
    // In text, < is escaped; in a quoted attribute value, " and & are (a < there opens no tag).
    expect(page.body).toContain('<h1 class="h2 mb-1">&lt;script>alert(1)&lt;/script> CSM</h1>');
    expect(page.body).toContain('value="<script>alert(1)</script> CSM"');
    expect(page.body.replaceAll('value="<script>alert(1)</script> CSM"', '')).not.toContain('<script>alert(1)</script>');
  });
});
