// The HSDS 3.0 API against the standard itself: every endpoint's answer is validated with Ajv against the
// standard's schemas (read from ../shared/standards/hsds-3.0/, never copied into Ponte), once as published
// and once with `additionalProperties: false` injected everywhere, as the upstream check of the examples
// does. Also: only published services are ever shown, and bad input is a 400 or 404 problem, never a 500.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';
import {
  accessibility,
  addresses,
  attributes,
  contacts,
  costOptions,
  dirOrganizations,
  funding,
  languages,
  locations,
  phones,
  programs,
  requiredDocuments,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomyTerms,
} from '../../src/modules/directory/directory.schema.js';
import { refreshPublishedService } from '../../src/modules/directory/publish-service.js';
import { routeRegistry } from '../../src/kernel/http/route.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STANDARD = join(ROOT, '../shared/standards/hsds-3.0');
const SCHEMA_DIR = join(STANDARD, 'schema');

type Json = Record<string, unknown>;
type AjvInstance = { addSchema(s: object, key?: string): unknown; compile(s: object): ValidateFunction };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => AjvInstance;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvInstance) => void;

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** `additionalProperties: false` on every object schema that lists its properties. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties && typeof out.properties === 'object') out.additionalProperties = false;
  return out;
}

const openapi = readJson(join(SCHEMA_DIR, 'openapi.json'));
const pageSchema = (openapi.components as { schemas: { Page: Json } }).schemas.Page;
const rootSchema = (((openapi.paths as Json)['/'] as Json).get as { responses: { 200: { content: { 'application/json': { schema: Json } } } } }).responses[200].content['application/json'].schema;

/** Validators for both modes: the compiled (self-contained) schemas, and the entity schemas by file name. */
function validators(strict: boolean) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const prepare = (s: Json) => (strict ? (closed(s) as Json) : s);
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    ajv.addSchema({ ...prepare(readJson(join(SCHEMA_DIR, file))), $id: file });
  }
  const compiled = (name: string) => ajv.compile({ ...prepare(readJson(join(SCHEMA_DIR, 'compiled', `${name}.json`))), $id: `compiled/${name}.json` });
  return {
    service: compiled('service'),
    service_list: compiled('service_list'),
    organization: compiled('organization'),
    organization_list: compiled('organization_list'),
    service_at_location: compiled('service_at_location'),
    service_at_location_list: compiled('service_at_location_list'),
    taxonomy: ajv.compile({ $ref: 'taxonomy.json' }),
    taxonomy_term: ajv.compile({ $ref: 'taxonomy_term.json' }),
    page: ajv.compile(prepare({ ...pageSchema, properties: { ...(pageSchema.properties as Json), contents: { type: 'array' } } })),
    root: ajv.compile(prepare(rootSchema)),
  };
}
const MODES = { published: validators(false), closed: validators(true) };
type Kind = keyof (typeof MODES)['published'];

/** Every schema error of one document, in both modes, as readable lines. */
function problems(kind: Kind, doc: unknown, label: string): string[] {
  const out: string[] = [];
  for (const [mode, v] of Object.entries(MODES)) {
    const validate = v[kind];
    if (!validate(doc)) {
      for (const e of validate.errors ?? []) out.push(`${label} [${kind}, ${mode}] ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
  return out;
}

const PAGE_KEYS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'];

let t: TestApp;
const get = async (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const json = async (url: string) => {
  const res = await get(url);
  if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.json() as Json;
};

/** A documented path with real ids in it. */
function concrete(path: string): string {
  const id = path.startsWith('/taxonomies/')
    ? ids.needsTaxonomy
    : path.startsWith('/taxonomy_terms/')
      ? ids.healthTerm
      : path.startsWith('/organizations/')
        ? ids.richOrg
        : path.startsWith('/service_at_locations/')
          ? ids.richSal
          : ids.rich;
  return `/hsds${path === '/' ? '' : path}`.replace('{id}', id);
}

/** A Page's envelope and each of its items; returns the items. */
async function page(url: string, itemKind: Kind, failures: string[]): Promise<Json[]> {
  const body = await json(url);
  failures.push(...problems('page', body, url));
  for (const key of PAGE_KEYS) if (!(key in body)) failures.push(`${url}: the Page has no ${key}`);
  const contents = body.contents as Json[];
  contents.forEach((item, i) => failures.push(...problems(itemKind, item, `${url} contents[${i}]`)));
  expect(body.size).toBe(contents.length);
  expect(body.empty).toBe(contents.length === 0);
  return contents;
}

/** Every item of a list, through all its pages (checking each page on the way). */
async function allPages(base: string, itemKind: Kind, failures: string[], perPage = 40): Promise<Json[]> {
  const sep = base.includes('?') ? '&' : '?';
  const first = await json(`${base}${sep}per_page=${perPage}`);
  const items: Json[] = [];
  for (let p = 1; p <= (first.total_pages as number); p++) items.push(...(await page(`${base}${sep}per_page=${perPage}&page=${p}`, itemKind, failures)));
  expect(items.length).toBe(first.total_items);
  return items;
}

const ids = { rich: '', richSal: '', richLocation: '', richOrg: '', draft: '', draftOrg: '', inReview: '', inReviewSal: '', needsTaxonomy: '', healthTerm: '', familyDoctorTerm: '' };

/** A service that uses every field Ponte keeps, so that the document builder's every branch is validated. */
async function insertRichService(): Promise<void> {
  const db = t.app.kernel.db;
  await db.transaction(async (tx) => {
    const [health] = await tx.select().from(taxonomyTerms).where(eq(taxonomyTerms.code, 'health'));
    const [doctor] = await tx.select().from(taxonomyTerms).where(eq(taxonomyTerms.code, 'health.family-doctor'));
    ids.healthTerm = health!.id;
    ids.familyDoctorTerm = doctor!.id;
    ids.needsTaxonomy = health!.taxonomyId;
    const [parent] = await tx.insert(dirOrganizations).values({ name: 'Regione Puglia (prova HSDS)', description: 'Ente di riferimento' }).returning();
    const [org] = await tx
      .insert(dirOrganizations)
      .values({
        name: 'Associazione Ponte di Prova',
        alternateName: 'APP',
        description: 'Associazione di volontariato per la prova della API HSDS.',
        email: 'info@ponte-prova.example',
        website: 'https://ponte-prova.example/',
        taxId: '90000000000',
        legalStatus: 'ODV',
        uri: 'https://ponte-prova.example/about',
        parentOrganizationId: parent!.id,
      })
      .returning();
    ids.richOrg = org!.id;
    const [program] = await tx.insert(programs).values({ organizationId: org!.id, name: 'Programma accoglienza', alternateName: 'PA', description: 'Accoglienza e orientamento.' }).returning();
    const [service] = await tx
      .insert(services)
      .values({
        organizationId: org!.id,
        programId: program!.id,
        name: 'Sportello HSDS completo',
        alternateName: 'Sportello completo',
        description: 'Un servizio con ogni campo compilato.',
        url: 'https://ponte-prova.example/sportello',
        email: 'sportello@ponte-prova.example',
        status: 'active',
        interpretationServices: 'Mediatori in arabo e francese',
        applicationProcess: 'Telefonare per un appuntamento.',
        feesDescription: 'Gratuito.',
        waitTime: 'Una settimana',
        eligibilityDescription: 'Adulti stranieri residenti nella provincia.',
        minimumAge: 18,
        maximumAge: 99,
        alert: 'Chiuso ad agosto.',
        publicationStatus: 'published',
        publishedAt: new Date(),
        lastVerifiedAt: new Date('2026-01-15T10:00:00Z'),
        translations: { en: { name: 'Full HSDS desk' } },
      })
      .returning();
    ids.rich = service!.id;
    const [location] = await tx
      .insert(locations)
      .values({
        organizationId: org!.id,
        locationType: 'physical',
        url: 'https://ponte-prova.example/sede',
        name: 'Sede di Trani',
        alternateName: 'Sede centrale',
        description: 'Primo piano.',
        transportation: 'Bus 1, fermata Piazza della Repubblica',
        latitude: 41.2772,
        longitude: 16.4101,
        municipalityCode: '110009',
        wheelchairAccessible: true,
        externalIdentifier: 'IT-BT-0001',
        externalIdentifierType: 'prova',
      })
      .returning();
    ids.richLocation = location!.id;
    await tx.insert(addresses).values({ locationId: location!.id, attention: 'Segreteria', address1: 'Via Mario Pagano 1', address2: 'Scala B', city: 'Trani', region: 'Puglia', stateProvince: 'BT', postalCode: '76125', country: 'IT', addressType: 'physical' });
    const [sal] = await tx.insert(serviceAtLocations).values({ serviceId: service!.id, locationId: location!.id, description: 'Il martedì anche con mediatrice.' }).returning();
    ids.richSal = sal!.id;
    const [contact] = await tx.insert(contacts).values({ serviceId: service!.id, name: 'Referente sportello', title: 'Coordinatrice', department: 'Accoglienza', email: 'referente@ponte-prova.example' }).returning();
    const [salContact] = await tx.insert(contacts).values({ serviceAtLocationId: sal!.id, name: 'Mediatrice', email: 'mediatrice@ponte-prova.example' }).returning();
    await tx.insert(contacts).values({ locationId: location!.id, name: 'Portineria' });
    const [orgContact] = await tx.insert(contacts).values({ organizationId: org!.id, name: 'Presidenza', title: 'Presidente' }).returning();
    const [servicePhone] = await tx.insert(phones).values({ serviceId: service!.id, number: '+39 0883 123456', extension: '12', type: 'voice', description: 'Centralino' }).returning();
    await tx.insert(phones).values({ serviceId: service!.id, number: '0883 654321', extension: 'int. 3', type: 'fax' });
    await tx.insert(phones).values({ serviceAtLocationId: sal!.id, number: '0883 111222', type: 'cell' });
    await tx.insert(phones).values({ locationId: location!.id, number: '0883 333444', type: 'voice' });
    await tx.insert(phones).values({ contactId: contact!.id, number: '333 1234567', type: 'cell' });
    await tx.insert(phones).values({ contactId: salContact!.id, number: '333 7654321', type: 'text' });
    await tx.insert(phones).values({ organizationId: org!.id, number: '0883 999000', type: 'voice' });
    await tx.insert(phones).values({ contactId: orgContact!.id, number: '0883 999001', type: 'voice' });
    await tx.insert(languages).values({ serviceId: service!.id, code: 'ar', name: 'Arabo', note: 'Il martedì' });
    await tx.insert(languages).values({ locationId: location!.id, code: 'fr', name: 'Francese' });
    await tx.insert(languages).values({ phoneId: servicePhone!.id, code: 'en', name: 'Inglese' });
    await tx.insert(schedules).values({
      serviceId: service!.id, validFrom: '2026-01-01', validTo: '2026-12-31', dtstart: '2026-01-05', timezone: '1', until: '2026-12-31', count: 50,
      wkst: 'MO', freq: 'WEEKLY', interval: 1, byday: 'MO,WE', byweekno: '1,2', bymonthday: '5', byyearday: '5', description: 'Mattina',
      opensAt: '09:00:00', closesAt: '12:00:00', scheduleLink: 'https://ponte-prova.example/orari', attendingType: 'in presenza', notes: 'Anche su appuntamento',
    });
    await tx.insert(schedules).values({ serviceAtLocationId: sal!.id, freq: 'WEEKLY', byday: 'TU', opensAt: '15:00:00', closesAt: '17:00:00' });
    await tx.insert(schedules).values({ locationId: location!.id, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opensAt: '08:00:00', closesAt: '14:00:00' });
    await tx.insert(requiredDocuments).values({ serviceId: service!.id, document: 'Passaporto', uri: 'https://ponte-prova.example/documenti' });
    await tx.insert(costOptions).values({ serviceId: service!.id, validFrom: '2026-01-01', validTo: '2026-12-31', option: 'Tessera', currency: 'EUR', amount: '10.50', amountDescription: "all'anno" });
    await tx.insert(accessibility).values({ locationId: location!.id, description: 'Rampa', details: 'Ascensore', url: 'https://ponte-prova.example/accessibile' });
    await tx.insert(serviceAreas).values({ serviceId: service!.id, name: 'Provincia BAT', description: 'Tutti i comuni', extent: 'BT', extentType: 'provincia', uri: 'https://ponte-prova.example/area', municipalityCode: '110009' });
    await tx.insert(funding).values({ serviceId: service!.id, source: 'Fondo FAMI' });
    await tx.insert(funding).values({ organizationId: org!.id, source: 'Quote associative' });
    await tx.insert(attributes).values({ linkId: service!.id, linkEntity: 'service', taxonomyTermId: doctor!.id, linkType: 'need', value: 'principale' });
    await tx.insert(attributes).values({ linkId: location!.id, linkEntity: 'location', taxonomyTermId: health!.id });
    await tx.insert(attributes).values({ linkId: sal!.id, linkEntity: 'service_at_location', taxonomyTermId: health!.id });
    await tx.insert(attributes).values({ linkId: org!.id, linkEntity: 'organization', taxonomyTermId: health!.id });
    await refreshPublishedService(tx, service!.id);

    // A draft of an organization that has nothing published: neither may show.
    const [draftOrg] = await tx.insert(dirOrganizations).values({ name: 'Bozza srl', description: 'Solo bozze' }).returning();
    ids.draftOrg = draftOrg!.id;
    const [draft] = await tx.insert(services).values({ organizationId: draftOrg!.id, name: 'Servizio in bozza', publicationStatus: 'draft' }).returning();
    ids.draft = draft!.id;
    await refreshPublishedService(tx, draft!.id);
  });
  const [inReview] = await rows<{ id: string; sal: string }>(
    db,
    sql`SELECT s.id, sal.id AS sal FROM dir_services s JOIN dir_service_at_locations sal ON sal.service_id = s.id WHERE s.publication_status = 'in_review' LIMIT 1`,
  );
  ids.inReview = inReview!.id;
  ids.inReviewSal = inReview!.sal;
}

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await insertRichService();
});
afterAll(() => t?.close());

describe('HSDS API conformance', () => {
  it('describes itself at /hsds and serves its own openapi.json, pointed at this Ponte', async () => {
    const info = await json('/hsds');
    expect(problems('root', info, '/hsds')).toEqual([]);
    expect(info).toEqual({ version: '3.0.0', openapi_url: 'http://ponte.test/hsds/openapi.json' });
    const served = await json('/hsds/openapi.json');
    expect(served.servers).toEqual([{ url: 'http://ponte.test/hsds' }]);
    expect(served.openapi).toBe('3.1.0');
    expect(JSON.stringify(served.info)).not.toContain('REQUIRED');
    // Every local reference of the document leads somewhere.
    const refs = [...JSON.stringify(served).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref.split('/').reduce<unknown>((at, key) => (at as Json | undefined)?.[key], served), ref).toBeDefined();
  });

  it('describes exactly the endpoints it serves: every path of the document answers, every /hsds route is in it', async () => {
    const served = await json('/hsds/openapi.json');
    const documented = Object.keys(served.paths as Json).sort();
    const routes = routeRegistry
      .get(t.app)!
      .filter((r) => r.url === '/hsds' || r.url.startsWith('/hsds/'))
      .map((r) => r.url.slice('/hsds'.length).replace(/:(\w+)/g, '{$1}') || '/')
      .sort();
    expect(documented).toEqual(routes);
    for (const path of documented) {
      const url = concrete(path);
      expect((await get(url)).statusCode, url).toBe(200);
    }
    // And every endpoint of the standard is among them.
    for (const path of Object.keys(openapi.paths as Json)) expect(documented, path).toContain(path);
  });

  it('reads every query parameter it documents, and every parameter of the standard', async () => {
    const served = await json('/hsds/openapi.json');
    const components = (served.components as { parameters: Record<string, { name: string; schema: Json }> }).parameters;
    const parametersOf = (doc: Json, path: string) =>
      (((doc.paths as Json)[path] as Json).get as { parameters?: { $ref?: string; name?: string; in?: string }[] }).parameters
        ?.map((p) => (p.$ref ? p.$ref.split('/').pop()! : p.in === 'query' ? p.name! : ''))
        .filter(Boolean) ?? [];
    /** A value each parameter refuses, from its documented schema: a 400 naming it shows that the route reads it. */
    const wrong = (schema: Json): string => {
      if (schema.type === 'boolean') return 'maybe';
      if (schema.type === 'integer' || schema.type === 'number') return 'lots';
      if (schema.enum) return 'xml';
      if (schema.format === 'uuid') return 'not-an-id';
      if (schema.format === 'date-time') return 'yesterday';
      if (schema.maxLength) return 'x'.repeat(Number(schema.maxLength) + 1);
      return '!!';
    };
    const failures: string[] = [];
    let checked = 0;
    for (const path of Object.keys(served.paths as Json)) {
      const names = parametersOf(served, path);
      if ((openapi.paths as Json)[path]) {
        for (const name of parametersOf(openapi, path)) if (!names.includes(name)) failures.push(`${path}: the standard's parameter ${name} is not served`);
      }
      for (const name of names) {
        const res = await get(`${concrete(path)}?${name}=${encodeURIComponent(wrong(components[name]!.schema))}`);
        checked++;
        const invalid = res.statusCode === 400 ? (res.json() as { invalid_params: { name: string }[] }).invalid_params.map((p) => p.name) : [];
        if (!invalid.includes(name)) failures.push(`${path}?${name}: ${res.statusCode} ${JSON.stringify(invalid)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('lists services as Pages of service_list items, and every published service as a valid service_full', async () => {
    const failures: string[] = [];
    const list = await allPages('/hsds/services', 'service_list', failures);
    const [{ n }] = (await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(*)::int AS n FROM dir_published_services`)) as [{ n: number }];
    expect(list.length).toBe(n);
    expect(n).toBeGreaterThan(100);
    expect(new Set(list.map((s) => s.id)).size).toBe(n);
    for (const item of list) {
      expect(item).not.toHaveProperty('service_at_locations');
      expect(item).not.toHaveProperty('phones');
    }
    for (const { id } of list) failures.push(...problems('service', await json(`/hsds/services/${id}`), `/hsds/services/${id}`));
    await page('/hsds/services?full=true&per_page=200', 'service', failures);
    await page('/hsds/services?minimal=true', 'service_list', failures);
    expect(failures).toEqual([]);
  });

  it('gives the service with every field complete and valid: numbers as numbers, nested contacts, phones and languages', async () => {
    const doc = await json(`/hsds/services/${ids.rich}`);
    expect(problems('service', doc, 'rich service')).toEqual([]);
    const phonesOf = doc.phones as Json[];
    expect(phonesOf.find((p) => p.number === '+39 0883 123456')).toMatchObject({ extension: 12, languages: [{ code: 'en' }] });
    // A non-numeric extension cannot be an HSDS number: it is left out rather than sent as a string.
    expect(phonesOf.find((p) => p.number === '0883 654321')).not.toHaveProperty('extension');
    expect((doc.schedules as Json[])[0]).toMatchObject({ timezone: 1, count: 50, interval: 1, opens_at: '09:00:00' });
    expect((doc.cost_options as Json[])[0]).toMatchObject({ amount: 10.5, currency: 'EUR' });
    expect(doc).toMatchObject({ minimum_age: 18, maximum_age: 99, assured_date: '2026-01-15', program: { name: 'Programma accoglienza' } });
    const sal = (doc.service_at_locations as Json[])[0]!;
    expect(sal).toMatchObject({ service_id: ids.rich, location_id: ids.richLocation });
    expect((sal.contacts as Json[]).map((c) => c.name)).toEqual(['Mediatrice']);
    expect(((sal.contacts as Json[])[0]!.phones as Json[]).map((p) => p.number)).toEqual(['333 7654321']);
    const location = sal.location as Json;
    expect(location.organization_id).toBe(ids.richOrg);
    expect((location.contacts as Json[]).map((c) => c.name)).toEqual(['Portineria']);
    expect((location.schedules as Json[]).map((s) => s.byday)).toEqual(['MO,TU,WE,TH,FR']);
    expect((location.attributes as Json[]).length).toBe(1);
    expect((sal.attributes as Json[]).length).toBe(1);
    expect(((doc.contacts as Json[])[0]!.phones as Json[]).map((p) => p.number)).toEqual(['333 1234567']);
    expect((doc.attributes as Json[])[0]).toMatchObject({ taxonomy_term_id: ids.familyDoctorTerm, link_type: 'need', value: 'principale' });
    // Ponte's own columns never leak into HSDS.
    const text = JSON.stringify(doc);
    for (const ponteOnly of ['publication_status', 'translations', 'municipality_code', 'wheelchair_accessible', 'owner_organization_id', 'review_note', 'free_of_charge']) {
      expect(text).not.toContain(ponteOnly);
    }
  });

  it('lists service_at_locations (list items and full), and answers each one by id', async () => {
    const failures: string[] = [];
    const list = await allPages('/hsds/service_at_locations', 'service_at_location_list', failures, 60);
    expect(list.length).toBeGreaterThan(100);
    for (const item of list.slice(0, 30)) {
      const full = await json(`/hsds/service_at_locations/${item.id}`);
      failures.push(...problems('service_at_location', full, `/hsds/service_at_locations/${item.id}`));
      expect(full.service_id).toBe((item.service as Json).id);
    }
    const rich = await json(`/hsds/service_at_locations/${ids.richSal}`);
    failures.push(...problems('service_at_location', rich, 'rich sal'));
    expect(rich).toMatchObject({ id: ids.richSal, service_id: ids.rich, location_id: ids.richLocation, service: { id: ids.rich } });
    expect(rich.service).not.toHaveProperty('service_at_locations');
    await page('/hsds/service_at_locations?full=true&per_page=200', 'service_at_location', failures);
    expect(failures).toEqual([]);
  });

  it('lists organizations with published services (basic and full), and answers each one by id', async () => {
    const failures: string[] = [];
    const list = await allPages('/hsds/organizations', 'organization_list', failures, 10);
    const [{ n }] = (await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(DISTINCT organization_id)::int AS n FROM dir_published_services`)) as [{ n: number }];
    expect(list.length).toBe(n);
    for (const { id } of list) failures.push(...problems('organization', await json(`/hsds/organizations/${id}`), `/hsds/organizations/${id}`));
    await page('/hsds/organizations?full=true&per_page=200', 'organization', failures);
    await page('/hsds/organizations?full=true&full_service=true&per_page=5', 'organization', failures);
    const rich = await json(`/hsds/organizations/${ids.richOrg}?full_service=true`);
    failures.push(...problems('organization', rich, 'rich organization'));
    expect(rich).toMatchObject({ website: 'https://ponte-prova.example/', tax_id: '90000000000', legal_status: 'ODV' });
    expect((rich.services as Json[]).map((s) => s.id)).toEqual([ids.rich]);
    expect((rich.services as Json[])[0]).toHaveProperty('service_at_locations');
    expect((rich.locations as Json[]).map((l) => l.id)).toEqual([ids.richLocation]);
    expect((rich.programs as Json[]).map((p) => p.name)).toEqual(['Programma accoglienza']);
    expect((rich.phones as Json[]).map((p) => p.number)).toEqual(['0883 999000']);
    expect((rich.contacts as Json[]).map((c) => [c.name, (c.phones as Json[]).map((p) => p.number)])).toEqual([['Presidenza', ['0883 999001']]]);
    expect((rich.funding as Json[]).map((f) => f.source)).toEqual(['Quote associative']);
    expect((rich.attributes as Json[]).length).toBe(1);
    const basic = await json(`/hsds/organizations/${ids.richOrg}`);
    expect((basic.services as Json[])[0]).not.toHaveProperty('service_at_locations');
    expect(failures).toEqual([]);
  });

  it('lists taxonomies and taxonomy terms, and answers each one by id', async () => {
    const failures: string[] = [];
    const taxonomyList = await allPages('/hsds/taxonomies', 'taxonomy', failures);
    for (const { id } of taxonomyList) failures.push(...problems('taxonomy', await json(`/hsds/taxonomies/${id}`), `/hsds/taxonomies/${id}`));
    const terms = await allPages('/hsds/taxonomy_terms', 'taxonomy_term', failures, 7);
    for (const { id } of terms) failures.push(...problems('taxonomy_term', await json(`/hsds/taxonomy_terms/${id}`), `/hsds/taxonomy_terms/${id}`));
    expect(terms.length).toBeGreaterThan(10);
    const top = await page('/hsds/taxonomy_terms?top_only=true&per_page=200', 'taxonomy_term', failures);
    expect(top.every((term) => !term.parent_id)).toBe(true);
    const children = await page(`/hsds/taxonomy_terms?parent_id=${ids.healthTerm}`, 'taxonomy_term', failures);
    expect(children.map((c) => c.code)).toContain('health.family-doctor');
    expect(children.every((c) => c.parent_id === ids.healthTerm)).toBe(true);
    const found = await page('/hsds/taxonomy_terms?search=housing', 'taxonomy_term', failures);
    expect(found.map((c) => c.code)).toContain('housing');
    expect(failures).toEqual([]);
  });

  it('gives each need the same id on every install: the RFC 4122 name-based UUID of its code', async () => {
    // Computed elsewhere (Python's uuid.uuid3 in the needs' taxonomy namespace), not by Ponte.
    const expected = { health: '91ea9ffc-2873-3917-970c-d38e68e6bf02', 'health.family-doctor': 'f0c22864-f3db-3367-9764-b00a760d7a39' };
    const terms = (await json('/hsds/taxonomy_terms?per_page=200')).contents as Json[];
    for (const [code, id] of Object.entries(expected)) expect(terms.find((term) => term.code === code)?.id).toBe(id);
    const doctors = (await json(`/hsds/services?taxonomy_term_id=${expected['health.family-doctor']}`)).total_items as number;
    expect(doctors).toBeGreaterThan(0);
  });

  it('validates the standard examples with the same validators (the check itself is sound)', () => {
    const examples = join(STANDARD, 'examples');
    expect(problems('service', readJson(join(examples, 'service_full.json')), 'example service_full')).toEqual([]);
    expect(problems('organization', readJson(join(examples, 'organization_full.json')), 'example organization_full')).toEqual([]);
    expect(problems('taxonomy_term', readJson(join(examples, 'taxonomy_term.json')), 'example taxonomy_term')).toEqual([]);
    // And they do catch a wrong type and, in the closed mode, an unknown field.
    expect(problems('service', { id: ids.rich, name: 'x', status: 'active', minimum_age: '18' }, 'bad').length).toBeGreaterThan(0);
    expect(problems('service', { id: ids.rich, name: 'x', status: 'active', publication_status: 'published' }, 'extra')).toHaveLength(1);
  });
});

describe('HSDS API: only published services', () => {
  it('never shows a draft or a service in review, nor an organization with nothing published', async () => {
    for (const id of [ids.draft, ids.inReview]) {
      const res = await get(`/hsds/services/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(`/hsds/service_at_locations/${ids.inReviewSal}`)).statusCode).toBe(404);
    expect((await get(`/hsds/organizations/${ids.draftOrg}`)).statusCode).toBe(404);
    const all = await json('/hsds/services?minimal=true');
    const listed = (all.contents as Json[]).map((s) => s.id);
    expect(listed).not.toContain(ids.draft);
    expect(listed).not.toContain(ids.inReview);
    const text = JSON.stringify(await json('/hsds/service_at_locations?per_page=200')) + JSON.stringify(await json('/hsds/organizations?per_page=200&full=true'));
    expect(text).not.toContain(ids.inReview);
    expect(text).not.toContain(ids.draftOrg);
  });

  it('withdraws a service from every endpoint as soon as it is no longer published', async () => {
    const db = t.app.kernel.db;
    const [victim] = (await json('/hsds/services?per_page=1&page=3')).contents as Json[];
    const sal = (await json(`/hsds/services/${victim!.id}`)).service_at_locations as Json[];
    await db.transaction(async (tx) => {
      // Taken back to draft (a revision merely in review keeps its approved version online: ADR 0008).
      await tx.update(services).set({ publicationStatus: 'draft' }).where(eq(services.id, victim!.id as string));
      await refreshPublishedService(tx, victim!.id as string);
    });
    expect((await get(`/hsds/services/${victim!.id}`)).statusCode).toBe(404);
    expect((await get(`/hsds/service_at_locations/${sal[0]!.id}`)).statusCode).toBe(404);
    await db.transaction(async (tx) => {
      await tx.update(services).set({ publicationStatus: 'published' }).where(eq(services.id, victim!.id as string));
      await refreshPublishedService(tx, victim!.id as string);
    });
    expect((await get(`/hsds/services/${victim!.id}`)).statusCode).toBe(200);
  });
});

describe('HSDS API: filters and pages', () => {
  it('pages without gaps or repeats, in a stable order', async () => {
    const a = await json('/hsds/services?per_page=7&page=2');
    const b = await json('/hsds/services?per_page=7&page=2');
    expect(a).toEqual(b);
    expect(a).toMatchObject({ page_number: 2, size: 7, first_page: false, last_page: false, empty: false });
    const total = a.total_items as number;
    const last = await json(`/hsds/services?per_page=7&page=${Math.ceil(total / 7)}`);
    expect(last).toMatchObject({ last_page: true, size: total % 7 || 7 });
    const beyond = await json(`/hsds/services?per_page=7&page=${Math.ceil(total / 7) + 1}`);
    expect(beyond).toMatchObject({ contents: [], empty: true, size: 0, last_page: true, total_items: total });
    expect((await json('/hsds/services')).size).toBe(50);
    expect((await json('/hsds/services?per_page=200')).size).toBe(total);
  });

  it('filters by taxonomy term (with the terms below it), taxonomy, organization and modification date', async () => {
    const byDoctor = (await json(`/hsds/services?taxonomy_term_id=${ids.familyDoctorTerm}&per_page=200&full=true`)).contents as Json[];
    expect(byDoctor.length).toBeGreaterThan(5);
    for (const s of byDoctor) expect((s.attributes as Json[]).some((a) => (a.taxonomy_term as Json).id === ids.familyDoctorTerm)).toBe(true);
    const byHealth = (await json(`/hsds/services?taxonomy_term_id=${ids.healthTerm}&per_page=200`)).contents as Json[];
    expect(byHealth.length).toBeGreaterThan(byDoctor.length);
    expect(byHealth.map((s) => s.id)).toEqual(expect.arrayContaining(byDoctor.map((s) => s.id)));
    expect((await json(`/hsds/services?taxonomy_id=${ids.needsTaxonomy}`)).total_items).toBe((await json('/hsds/services')).total_items);
    expect((await json('/hsds/services?taxonomy_id=00000000-0000-4000-8000-000000000000')).total_items).toBe(0);
    const byOrg = (await json(`/hsds/services?organization_id=${ids.richOrg}`)).contents as Json[];
    expect(byOrg.map((s) => s.id)).toEqual([ids.rich]);
    const salByOrg = (await json(`/hsds/service_at_locations?organization_id=${ids.richOrg}`)).contents as Json[];
    expect(salByOrg.map((s) => s.id)).toEqual([ids.richSal]);

    await t.app.kernel.db.execute(sql`UPDATE dir_published_services SET modified_at = '2020-01-01T00:00:00Z' WHERE service_id <> ${ids.rich}`);
    await t.app.kernel.db.execute(sql`UPDATE dir_published_services SET modified_at = '2026-03-01T12:00:00Z' WHERE service_id = ${ids.rich}`);
    expect(((await json('/hsds/services?modified_after=2025-12-31')).contents as Json[]).map((s) => s.id)).toEqual([ids.rich]);
    expect(((await json('/hsds/services?modified_after=2026-03-01T12:00:00Z')).contents as Json[]).map((s) => s.id)).toEqual([ids.rich]);
    expect((await json('/hsds/services?modified_after=2026-03-01T13:00:00%2B02:00')).total_items).toBe(1);
    expect((await json('/hsds/services?modified_after=2026-03-01T12:00:01Z')).total_items).toBe(0);
    expect((await json('/hsds/service_at_locations?modified_after=2025-12-31')).total_items).toBe(1);
  });

  it('searches the published texts, in Italian and in the other languages, accents or not', async () => {
    const it1 = (await json('/hsds/services?search=medico%20di%20base&per_page=200')).contents as Json[];
    expect(it1.length).toBeGreaterThan(5);
    expect(String(it1[0]!.name)).toContain('medico');
    const en = (await json('/hsds/services?search=family%20doctor&per_page=200')).contents as Json[];
    expect(en.map((s) => s.id)).toEqual(expect.arrayContaining(it1.filter((s) => String(s.name).startsWith('Scelta')).map((s) => s.id)));
    const accents = (await json(`/hsds/services?search=${encodeURIComponent('identità')}`)).total_items as number;
    expect(accents).toBeGreaterThan(0);
    expect((await json('/hsds/services?search=identita')).total_items).toBe(accents);
    expect((await json('/hsds/services?search=zzzqqqxxx')).total_items).toBe(0);
    // No service has the words "ssera" and "sanit": the text is then found as it is, inside "tessera sanitaria".
    const inside = (await json('/hsds/services?search=ssera%20sanit&per_page=200&full=true')).contents as Json[];
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((s) => JSON.stringify(s).toLowerCase().includes('tessera sanit'))).toBe(true);
    expect(((await json('/hsds/organizations?search=ponte%20di%20prova')).contents as Json[]).map((o) => o.id)).toEqual([ids.richOrg]);
    expect(((await json('/hsds/service_at_locations?search=HSDS%20completo')).contents as Json[]).map((s) => s.id)).toEqual([ids.richSal]);
  });

  it('finds service_at_locations by postcode, and by distance from its centre', async () => {
    const trani = (await json('/hsds/service_at_locations?postcode=76125&per_page=200')).contents as Json[];
    expect(trani.length).toBeGreaterThan(5);
    const near = (await json('/hsds/service_at_locations?postcode=76125&proximity=2000&per_page=200')).contents as Json[];
    expect(near.length).toBeGreaterThan(0);
    expect(near.map((s) => s.id)).toContain(ids.richSal);
    const wide = (await json('/hsds/service_at_locations?postcode=76125&proximity=100000&per_page=200')).total_items as number;
    expect(wide).toBeGreaterThan(near.length);
    expect((await json('/hsds/service_at_locations?postcode=00100')).total_items).toBe(0);
  });

  it('gives every result as newline-delimited JSON with format=ndjson', async () => {
    const res = await get('/hsds/services?format=ndjson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines.length).toBe((await json('/hsds/services')).total_items);
    const failures = lines.flatMap((l, i) => problems('service_list', l, `ndjson line ${i + 1}`));
    expect(failures).toEqual([]);
  });

  it('lets any site read it (CORS)', async () => {
    const res = await get('/hsds/services?per_page=1');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('HSDS API: bad input', () => {
  const noTrace = (body: string) => expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Error:|SQL|syntax/i);
  const LISTS = ['/hsds/services', '/hsds/service_at_locations', '/hsds/organizations', '/hsds/taxonomies', '/hsds/taxonomy_terms'];
  const BAD: [string, string][] = [
    ['page=-1', 'page'],
    ['page=0', 'page'],
    ['page=1.5', 'page'],
    ['page=abc', 'page'],
    ['page=99999999999999999999', 'page'],
    ['per_page=abc', 'per_page'],
    ['per_page=0', 'per_page'],
    ['per_page=201', 'per_page'],
    ['per_page=5000', 'per_page'],
    ['page=1&page=2', 'page'],
    [`search=${'a'.repeat(5000)}`, 'search'],
    ['format=xml', 'format'],
  ];
  const BAD_FILTERS: [string, string][] = [
    ["taxonomy_term_id=1' OR '1'='1", 'taxonomy_term_id'],
    ['taxonomy_id=1;DROP TABLE dir_services', 'taxonomy_id'],
    ['organization_id=not-a-uuid', 'organization_id'],
    ['modified_after=yesterday', 'modified_after'],
    ['modified_after=2024-02-31', 'modified_after'],
    ["modified_after=2024-01-01'; DELETE FROM dir_published_services; --", 'modified_after'],
    ['full=maybe', 'full'],
  ];

  it('answers every bad query parameter with a translated 400 problem naming it, never a 500', async () => {
    const failures: string[] = [];
    const check = async (url: string, param: string, lang = 'it') => {
      const res = await get(url, { 'accept-language': lang });
      const label = `${url.slice(0, 120)} → ${res.statusCode}`;
      if (res.statusCode !== 400) return failures.push(`${label}: expected 400`);
      if (!String(res.headers['content-type']).includes('application/problem+json')) failures.push(`${label}: not problem+json`);
      const body = res.json() as { title: string; status: number; invalid_params: { name: string }[] };
      if (body.status !== 400) failures.push(`${label}: status ${body.status}`);
      if (body.title !== (lang === 'en' ? 'Invalid request' : 'Richiesta non valida')) failures.push(`${label}: title ${body.title}`);
      if (!body.invalid_params?.some((p) => p.name === param)) failures.push(`${label}: does not name ${param}`);
      noTrace(res.body);
    };
    for (const base of LISTS) for (const [query, param] of BAD) await check(`${base}?${query.replace(/ /g, '%20')}`, param);
    for (const base of ['/hsds/services', '/hsds/service_at_locations']) for (const [query, param] of BAD_FILTERS) await check(`${base}?${encodeURI(query)}`, param);
    await check('/hsds/services?minimal=true&per_page=1001', 'per_page');
    await check('/hsds/services?minimal=perhaps', 'minimal');
    await check('/hsds/taxonomy_terms?parent_id=1%27', 'parent_id');
    await check('/hsds/taxonomy_terms?top_only=2', 'top_only');
    await check('/hsds/service_at_locations?proximity=1000', 'proximity');
    await check('/hsds/service_at_locations?postcode=76125&proximity=-5', 'proximity');
    await check('/hsds/service_at_locations?postcode=76125&proximity=1e9', 'proximity');
    await check("/hsds/service_at_locations?postcode=%27%20OR%201=1", 'postcode');
    await check('/hsds/organizations/' + ids.richOrg + '?full_service=yes', 'full_service');
    await check('/hsds/services?page=-1', 'page', 'en');
    expect(failures).toEqual([]);
  });

  it('takes SQL in a search for plain text: an answer, no error, nothing changed', async () => {
    const before = (await json('/hsds/services')).total_items;
    for (const q of ["'; DROP TABLE dir_published_services; --", "%' OR '1'='1", '\\', '_%_', '())(&|!:*']) {
      const res = await get(`/hsds/services?search=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json() as Json, q).toHaveProperty('contents');
      expect((await get(`/hsds/organizations?search=${encodeURIComponent(q)}`)).statusCode).toBe(200);
      expect((await get(`/hsds/taxonomy_terms?search=${encodeURIComponent(q)}`)).statusCode).toBe(200);
      expect((await get(`/hsds/service_at_locations?search=${encodeURIComponent(q)}`)).statusCode).toBe(200);
    }
    expect((await json('/hsds/services')).total_items).toBe(before);
  });

  it('answers an unknown, unpublished or malformed id with a 404 problem', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const entity of ['services', 'service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms']) {
      for (const id of [unknown, 'abc', "1' OR '1'='1", '%00', '../services', ids.draft]) {
        const res = await get(`/hsds/${entity}/${encodeURIComponent(id)}`);
        expect(res.statusCode, `${entity}/${id.slice(0, 20)}`).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect((res.json() as { title: string }).title).toBe('Pagina non trovata');
        noTrace(res.body);
      }
      // An id longer than any route parameter may be is answered by Fastify's router itself, before Ponte's
      // error handler (buildApp sets no `frameworkErrors`): a 414 in plain JSON. Still no 500, no trace.
      const long = await get(`/hsds/${entity}/${'x'.repeat(3000)}`);
      expect(long.statusCode).toBe(414);
      noTrace(long.body);
    }
    const res = await get('/hsds/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
