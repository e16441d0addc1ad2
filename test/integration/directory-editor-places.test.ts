// The sections of the service page with their own form: places (address, municipality, coordinates,
// wheelchair access), holiday closures and the translations of the documents to bring. Each goes through the
// review rule (the public keeps the approved version until approval), writes history and audit, refuses bad
// input without storing anything, and answers 404 for another organization's service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { loadServiceGraph } from '../../src/modules/directory/service-document.js';
import { closureDates, closuresFormValues, documentTranslationsFormValues, placesFormValues, todayInRome } from '../../src/modules/directory/editor-sections.js';
import type { FormValues } from '../../src/kernel/ui/form.js';

let t: TestApp;
let editor: TestClient;
let publisher: TestClient;

const EDITOR = 'redazione@asl.example';
const PUBLISHER = 'mappa@prefettura.example';
const PLACES_SERVICE = 'Scelta del medico di base e tessera sanitaria - Andria';
const CLOSURES_SERVICE = 'Consultorio familiare - Barletta';
const DOCUMENTS_SERVICE = 'Ambulatorio STP/ENI per stranieri senza permesso - Andria';
const COMUNE_SERVICE = "Ufficio anagrafe: residenza e carta d'identità - Andria";

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

async function status(id: string): Promise<string> {
  const [row] = await rows<{ publication_status: string }>(db(), sql`SELECT publication_status FROM dir_services WHERE id = ${id}`);
  return row!.publication_status;
}

async function municipality(name: string) {
  const [row] = await rows<{ code: string; latitude: number; longitude: number }>(db(), sql`SELECT code, latitude, longitude FROM municipalities WHERE name = ${name}`);
  return row!;
}

async function countOf(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

const historyCount = (id: string) => countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id}`);

async function published(id: string) {
  const [row] = await rows<{ document: Record<string, unknown>; translations: Record<string, Record<string, string>>; closed_dates: string[]; wheelchair_accessible: boolean }>(
    db(),
    sql`SELECT document, translations, closed_dates::text[] AS closed_dates, wheelchair_accessible FROM dir_published_services WHERE service_id = ${id}`,
  );
  return row!;
}

const streetsOf = (doc: Record<string, unknown>) =>
  ((doc.service_at_locations ?? []) as { location: { addresses: { address_1: string }[] } }[]).flatMap((s) => s.location.addresses.map((a) => a.address_1));

const asBody = (values: FormValues) => Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));

async function approve(id: string) {
  await publisher.get(`/directory/manage/review/${id}`);
  expect((await publisher.post(`/directory/manage/review/${id}/approve`)).statusCode).toBe(303);
  expect(await status(id)).toBe('published');
}

/** A date `days` after today in Rome, YYYY-MM-DD. */
function inDays(days: number): string {
  const [y, m, d] = todayInRome().split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

describe('places', () => {
  it('an editor moves an office: review first, then the public sees the new address at the centroid', async () => {
    const id = await serviceId(PLACES_SERVICE);
    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/directory/manage/services/${id}/places"`);
    expect(page.body).toContain('name="place.0.street"');
    const before = await published(id);
    const oldStreets = streetsOf(before.document);
    expect(oldStreets).toHaveLength(1);

    const barletta = await municipality('Barletta');
    const body = asBody(placesFormValues((await loadServiceGraph(db(), id))!));
    const res = await editor.post(`/directory/manage/services/${id}/places`, {
      ...body,
      'place.0.street': 'Via Manzoni 16',
      'place.0.municipality': barletta.code,
      'place.0.latitude': '',
      'place.0.longitude': '',
      'place.0.wheelchair': 'on',
    });
    expect(res.statusCode).toBe(303);
    expect(await status(id)).toBe('in_review');

    const [loc] = await rows<{ municipality_code: string; latitude: number; longitude: number; wheelchair_accessible: boolean; address_1: string; city: string }>(
      db(),
      sql`SELECT l.municipality_code, l.latitude, l.longitude, l.wheelchair_accessible, a.address_1, a.city FROM dir_service_at_locations s
        JOIN dir_locations l ON l.id = s.location_id JOIN dir_addresses a ON a.location_id = l.id WHERE s.service_id = ${id}`,
    );
    expect(loc).toMatchObject({ municipality_code: barletta.code, latitude: barletta.latitude, longitude: barletta.longitude, wheelchair_accessible: true, address_1: 'Via Manzoni 16', city: 'Barletta' });

    // The public keeps the approved version until the directory team approves.
    expect(streetsOf((await published(id)).document)).toEqual(oldStreets);
    const [meta] = await rows<{ previous_value: string; replacement_value: string }>(db(), sql`SELECT * FROM dir_metadata WHERE resource_id = ${id} AND field_name = 'location'`);
    expect(meta!.previous_value).toContain(oldStreets[0]!);
    expect(meta!.replacement_value).toContain('Via Manzoni 16, 76121 Barletta');
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.places_updated'`)).toBe(1);

    await approve(id);
    const after = await published(id);
    expect(streetsOf(after.document)).toEqual(['Via Manzoni 16']);
    expect(after.wheelchair_accessible).toBe(true);
  });

  it('has no map without a tile server: the coordinates are typed, and no script is loaded', async () => {
    const page = await editor.get(`/directory/manage/services/${await serviceId(PLACES_SERVICE)}`);
    expect(page.body).toContain('name="place.0.latitude"');
    expect(page.body).not.toContain('data-map-picker');
    expect(page.body).not.toContain('<script');
  });

  it('takes given coordinates near the municipality', async () => {
    const id = await serviceId(PLACES_SERVICE);
    const barletta = await municipality('Barletta');
    await editor.get(`/directory/manage/services/${id}`);
    const body = asBody(placesFormValues((await loadServiceGraph(db(), id))!));
    const res = await editor.post(`/directory/manage/services/${id}/places`, { ...body, 'place.0.latitude': '41,3201', 'place.0.longitude': '16.2850' });
    expect(res.statusCode).toBe(303);
    const [loc] = await rows<{ latitude: number; longitude: number }>(
      db(),
      sql`SELECT l.latitude, l.longitude FROM dir_service_at_locations s JOIN dir_locations l ON l.id = s.location_id WHERE s.service_id = ${id}`,
    );
    expect(loc).toEqual({ latitude: 41.3201, longitude: 16.285 });
    expect(Math.abs(loc!.latitude - barletta.latitude)).toBeLessThan(0.5);
  });

  it('keeps the form and stores nothing for out-of-range, swapped or half coordinates and a missing street', async () => {
    const id = await serviceId(DOCUMENTS_SERVICE);
    await editor.get(`/directory/manage/services/${id}`);
    const history = await historyCount(id);
    const g = (await loadServiceGraph(db(), id))!;
    const body = asBody(placesFormValues(g));
    const andria = await municipality('Andria');
    const cases: [Record<string, string>, string][] = [
      [{ 'place.0.latitude': '91', 'place.0.longitude': '16.2' }, 'Inserisci una latitudine tra -90 e 90'],
      [{ 'place.0.latitude': '41.2', 'place.0.longitude': '200' }, 'Inserisci una longitudine tra -180 e 180'],
      [{ 'place.0.municipality': andria.code, 'place.0.latitude': '16.295', 'place.0.longitude': '41.227' }, 'Il punto è lontano dal comune scelto'],
      [{ 'place.0.latitude': '41.2', 'place.0.longitude': '' }, 'Indica sia la latitudine sia la longitudine'],
      [{ 'place.0.street': '  ' }, 'obbligatorio'],
      [{ 'place.0.municipality': '999999' }, ''],
    ];
    for (const [change, message] of cases) {
      const res = await editor.post(`/directory/manage/services/${id}/places`, { ...body, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(422);
      expect(res.body).toContain('id="error-summary"');
      if (message) expect(res.body).toContain(message.replace("'", '&#39;'));
      for (const [k, v] of Object.entries(change)) if (v.trim() && k !== 'place.0.municipality') expect(res.body).toContain(`value="${v}"`);
    }
    expect(await historyCount(id)).toBe(history);
    expect(await status(id)).toBe('published');
    const after = (await loadServiceGraph(db(), id))!;
    expect(after.locations).toEqual(g.locations);
    expect(after.addresses).toEqual(g.addresses);
  });
  it('does not edit from one service an office that other services share', async () => {
    const id = await serviceId('Consultorio familiare - Trani');
    const other = await serviceId(COMUNE_SERVICE);
    const [loc] = await rows<{ location_id: string }>(db(), sql`SELECT location_id FROM dir_service_at_locations WHERE service_id = ${id}`);
    await db().execute(sql`INSERT INTO dir_service_at_locations (service_id, location_id) VALUES (${other}, ${loc!.location_id})`);
    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.body).toContain('Una sede è condivisa con altri servizi');
    expect(page.body).not.toContain('name="place.0.street"');
    const history = await historyCount(id);
    const res = await editor.post(`/directory/manage/services/${id}/places`, {
      'place.0.id': loc!.location_id,
      'place.0.street': 'Via Condivisa 1',
      'place.0.municipality': (await municipality('Trani')).code,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Questa sede non appartiene al servizio');
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_addresses WHERE address_1 = 'Via Condivisa 1'`)).toBe(0);
    expect(await historyCount(id)).toBe(history);
  });
});

describe('holiday closures', () => {
  it('an editor adds closures: review first, then the read model lists them; removing one works too', async () => {
    const id = await serviceId(CLOSURES_SERVICE);
    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.body).toContain(`action="/directory/manage/services/${id}/closures"`);
    expect(page.body).toContain('type="date"');
    const first = inDays(0);
    const second = inDays(30);
    const g = (await loadServiceGraph(db(), id))!;
    const seeded = closureDates(g).filter((d) => d >= first);
    const blanks = Object.keys(closuresFormValues(g)).filter((k) => k.startsWith('closure.')).length;
    expect(blanks).toBe(seeded.length + 3);
    const publishedBefore = (await published(id)).closed_dates;
    const body = asBody(closuresFormValues(g));
    const rowA = `closure.${seeded.length}`;
    const rowB = `closure.${seeded.length + 1}`;
    const res = await editor.post(`/directory/manage/services/${id}/closures`, { ...body, [rowA]: second, [rowB]: first });
    expect(res.statusCode).toBe(303);
    expect(await status(id)).toBe('in_review');
    const expected = [...new Set([...seeded, first, second])].sort();
    const stored = await rows<{ valid_from: string; valid_to: string; opens_at: string | null }>(
      db(),
      sql`SELECT valid_from::text AS valid_from, valid_to::text AS valid_to, opens_at FROM dir_schedules WHERE service_id = ${id} AND valid_from >= ${first}::date ORDER BY valid_from`,
    );
    expect(stored).toEqual(expected.map((d) => ({ valid_from: d, valid_to: d, opens_at: null })));
    expect((await published(id)).closed_dates).toEqual(publishedBefore);
    const [meta] = await rows<{ previous_value: string; replacement_value: string }>(db(), sql`SELECT * FROM dir_metadata WHERE resource_id = ${id} AND field_name = 'holiday_closures'`);
    expect(meta).toMatchObject({ previous_value: seeded.join(', '), replacement_value: expected.join(', ') });
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.closures_updated'`)).toBe(1);

    await approve(id);
    expect([...(await published(id)).closed_dates].sort()).toEqual(expected);

    // The page shows them back; emptying a field removes that date (the directory team's change applies at once).
    const again = await publisher.get(`/directory/manage/services/${id}`);
    expect(again.body).toContain(`value="${first}"`);
    const values = asBody(closuresFormValues((await loadServiceGraph(db(), id))!));
    const firstRow = Object.keys(values).find((k) => values[k] === first)!;
    const removed = await publisher.post(`/directory/manage/services/${id}/closures`, { ...values, [firstRow]: '' });
    expect(removed.statusCode).toBe(303);
    expect(await status(id)).toBe('published');
    expect([...(await published(id)).closed_dates].sort()).toEqual(expected.filter((d) => d !== first));
  });

  it('refuses impossible, past and repeated dates next to the field, storing nothing', async () => {
    const id = await serviceId(DOCUMENTS_SERVICE);
    await editor.get(`/directory/manage/services/${id}`);
    const history = await historyCount(id);
    const count = () => countOf(sql`SELECT count(*)::int AS n FROM dir_schedules WHERE service_id = ${id}`);
    const schedules = await count();
    const future = inDays(10);
    const cases: [Record<string, string>, string, string][] = [
      [{ 'closure.0': '2031-02-30' }, 'closure.0', 'Questa data non esiste'],
      [{ 'closure.0': '31/12/2031' }, 'closure.0', 'Questa data non esiste'],
      [{ 'closure.0': '2020-01-01' }, 'closure.0', 'Indica una data di oggi o futura'],
      [{ 'closure.0': future, 'closure.1': future }, 'closure.1', 'Questa data è già nell&#39;elenco'],
    ];
    for (const [body, field, message] of cases) {
      const res = await editor.post(`/directory/manage/services/${id}/closures`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.body).toContain(`id="${field}-error"`);
      expect(res.body).toMatch(new RegExp(`id="${field}-error"[^>]*>\\s*${message}`));
      expect(res.body).toContain(`value="${body[field]}"`);
    }
    expect(await count()).toBe(schedules);
    expect(await historyCount(id)).toBe(history);
    expect(await status(id)).toBe('published');
  });
  it('refuses a closures form loaded before someone else saved the service', async () => {
    const id = await serviceId('Consultorio familiare - Andria');
    await editor.get(`/directory/manage/services/${id}`);
    const body = asBody(closuresFormValues((await loadServiceGraph(db(), id))!));
    await db().execute(sql`UPDATE dir_services SET updated_at = now() + interval '1 second' WHERE id = ${id}`);
    const date = inDays(3);
    const blank = Object.keys(body).filter((k) => k.startsWith('closure.') && !body[k]).pop()!;
    const res = await editor.post(`/directory/manage/services/${id}/closures`, { ...body, [blank]: date });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Qualcun altro ha modificato questo servizio');
    expect(res.body).toContain(`value="${date}"`);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_schedules WHERE service_id = ${id} AND valid_from = ${date}::date`)).toBe(0);
  });
});

describe('translations of the documents to bring', () => {
  it('an editor translates a document: review first, then the public read model has the new texts', async () => {
    const id = await serviceId(DOCUMENTS_SERVICE);
    const page = await editor.get(`/directory/manage/services/${id}`);
    expect(page.body).toContain(`action="/directory/manage/services/${id}/document-translations"`);
    expect(page.body).toMatch(/name="documentTranslation\.0\.ar"[^>]*lang="ar"[^>]*dir="rtl"|lang="ar"[^>]*dir="rtl"[^>]*name="documentTranslation\.0\.ar"/);
    const g = (await loadServiceGraph(db(), id))!;
    expect(g.requiredDocuments).toHaveLength(1);
    const before = await published(id);
    const body = asBody(documentTranslationsFormValues(g));
    const res = await editor.post(`/directory/manage/services/${id}/document-translations`, {
      ...body,
      'documentTranslation.0.en': 'An ID document, if you have one',
      'documentTranslation.0.fr': '',
      'documentTranslation.0.ar': 'وثيقة هوية إن كانت لديك',
    });
    expect(res.statusCode).toBe(303);
    expect(await status(id)).toBe('in_review');
    const [doc] = await rows<{ translations: Record<string, Record<string, string>> }>(db(), sql`SELECT translations FROM dir_required_documents WHERE service_id = ${id}`);
    expect(doc!.translations).toEqual({ en: { document: 'An ID document, if you have one' }, ar: { document: 'وثيقة هوية إن كانت لديك' } });
    expect((await published(id)).translations).toEqual(before.translations);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id} AND field_name LIKE 'required_documents.translations.%'`)).toBe(3);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'directory.service.document_translations_updated'`)).toBe(1);

    await approve(id);
    const after = await published(id);
    expect(after.translations.en!.document_0).toBe('An ID document, if you have one');
    expect(after.translations.ar!.document_0).toBe('وثيقة هوية إن كانت لديك');
    expect(after.translations.fr?.document_0).toBeUndefined();

    // The public page in English and in Arabic shows them.
    for (const [locale, text] of [['en', 'An ID document, if you have one'], ['ar', 'وثيقة هوية إن كانت لديك']] as const) {
      const visitor = new TestClient(t.app);
      await visitor.get(`/lang/${locale}`);
      const page = await visitor.get(`/services/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(text);
    }
  });

  it('keeps the form and stores nothing for a text too long or a document of another service', async () => {
    const id = await serviceId(DOCUMENTS_SERVICE);
    await editor.get(`/directory/manage/services/${id}`);
    const history = await historyCount(id);
    const body = asBody(documentTranslationsFormValues((await loadServiceGraph(db(), id))!));
    const long = 'x'.repeat(301);
    const tooLong = await editor.post(`/directory/manage/services/${id}/document-translations`, { ...body, 'documentTranslation.0.fr': long });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('id="documentTranslation.0.fr-error"');
    expect(tooLong.body).toContain(`value="${long}"`);
    const [other] = await rows<{ id: string }>(db(), sql`SELECT d.id FROM dir_required_documents d WHERE d.service_id <> ${id} LIMIT 1`);
    const foreign = await editor.post(`/directory/manage/services/${id}/document-translations`, { 'documentTranslation.0.id': other!.id, 'documentTranslation.0.en': 'Hijack' });
    expect(foreign.statusCode).toBe(422);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM dir_required_documents WHERE translations::text LIKE '%Hijack%'`)).toBe(0);
    expect(await historyCount(id)).toBe(history);
  });
});

describe('record scope', () => {
  it("answers 404 to an editor changing another organization's places, closures or document translations", async () => {
    const id = await serviceId(COMUNE_SERVICE);
    const g = (await loadServiceGraph(db(), id))!;
    await editor.get('/directory/manage/services');
    const bodies: [string, Record<string, string | string[]>][] = [
      ['places', { ...asBody(placesFormValues(g)), 'place.0.street': 'Via Altrove 1' }],
      ['closures', { 'closure.0': inDays(5) }],
      ['document-translations', { ...asBody(documentTranslationsFormValues(g)), 'documentTranslation.0.en': 'Changed' }],
    ];
    for (const [section, body] of bodies) {
      expect((await editor.post(`/directory/manage/services/${id}/${section}`, body)).statusCode, section).toBe(404);
    }
    const after = (await loadServiceGraph(db(), id))!;
    expect(after.addresses).toEqual(g.addresses);
    expect(after.schedules).toEqual(g.schedules);
    expect(after.requiredDocuments).toEqual(g.requiredDocuments);
    expect(await historyCount(id)).toBe(0);
    // The directory team reaches it.
    await publisher.get(`/directory/manage/services/${id}`);
    expect((await publisher.post(`/directory/manage/services/${id}/closures`, { 'closure.0': inDays(5) })).statusCode).toBe(303);
  });
});
