// The HSDS 3.0 tabular package: Ponte's description of it matches the standard's datapackage.json; the
// official CSV examples go through import and export without losing a value Ponte stores; a package with
// bad rows is refused whole, each bad row named with its file, row and reason, and nothing is written.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';
import { HSDS_RESOURCES, RESOURCE_BY_PATH, RESOURCES_NOT_STORED, storedFields } from '../../src/modules/directory/hsds-tabular.js';
import { importHsdsFolder, type Rejection } from '../../src/modules/directory/hsds-import.js';
import { exportHsdsFolder, hsdsTables, type HsdsTables } from '../../src/modules/directory/hsds-export.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STANDARD = join(ROOT, '../shared/standards/hsds-3.0');
const EXAMPLES = join(STANDARD, 'examples/csv');

type Json = Record<string, unknown>;
type CsvRow = Record<string, string>;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;

// The example's own records, which its dangling references evidently mean.
const ORG = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const SERVICE = 'ac148810-d857-441c-9679-408f346de14b';
const LOCATION = '3a19ff88-4620-4d17-9830-ac1d859eb5d5';
const SAL = 'e94c9f38-1e8f-4564-91d4-d53501ab1765';
const TAXONOMY = '5c4d79d7-cc55-470e-9f1f-8cad074e4892';

/**
 * The official examples are placeholders and do not hold together: ten values are refused by any import
 * that checks references and ranges. Each is repaired here, the smallest way, and only these values change;
 * everything else of the examples must come back out of Ponte as it went in.
 */
const REPAIRS: { file: string; field: string; to: string; why: string }[] = [
  { file: 'organizations.csv', field: 'parent_organization_id', to: '', why: 'names an organization the package does not have' },
  { file: 'attributes.csv', field: 'link_entity', to: 'service', why: '"link_entity" is a placeholder, not an entity' },
  { file: 'attributes.csv', field: 'link_id', to: SERVICE, why: 'names nothing in the package' },
  { file: 'locations.csv', field: 'latitude', to: '10', why: '100 is not a latitude (-90 to 90)' },
  { file: 'locations.csv', field: 'organization_id', to: ORG, why: 'names an organization the package does not have' },
  { file: 'phones.csv', field: 'number', to: '+44 1234 234567', why: 'the quotes around the number are a CSV quoting slip' },
  { file: 'contacts.csv', field: 'organization_id', to: ORG, why: 'names an organization the package does not have' },
  { file: 'contacts.csv', field: 'service_at_location_id', to: SAL, why: 'names a service_at_location the package does not have' },
  { file: 'taxonomy_terms.csv', field: 'parent_id', to: '', why: 'names a term the package does not have' },
  { file: 'taxonomy_terms.csv', field: 'taxonomy_id', to: TAXONOMY, why: 'names a taxonomy the package does not have' },
  { file: 'metadata.csv', field: 'resource_id', to: LOCATION, why: 'names nothing; its values are the example location\'s name' },
];

/** What the import says of the untouched examples: exactly the values the repairs change (link_id aside). */
const EXAMPLE_DEFECTS: [string, number, string, Rejection['reason']][] = [
  ['organizations.csv', 2, 'parent_organization_id', 'unknown_reference'],
  ['attributes.csv', 2, 'link_entity', 'invalid_value'],
  ['locations.csv', 2, 'latitude', 'out_of_range'],
  ['locations.csv', 2, 'organization_id', 'unknown_reference'],
  ['phones.csv', 2, 'number', 'invalid_phone'],
  ['contacts.csv', 2, 'organization_id', 'unknown_reference'],
  ['contacts.csv', 2, 'service_at_location_id', 'unknown_reference'],
  ['taxonomy_terms.csv', 2, 'parent_id', 'unknown_reference'],
  ['taxonomy_terms.csv', 2, 'taxonomy_id', 'unknown_reference'],
  ['metadata.csv', 2, 'resource_id', 'unknown_reference'],
];

const temp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-hsds-'));
  temp.push(dir);
  return dir;
}

function readCsv(folder: string, file: string): { header: string[]; rows: CsvRow[] } {
  const [header, ...records] = parse(readFileSync(join(folder, file)), { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
  return { header: header!, rows: records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

function writeCsv(folder: string, file: string, header: string[], data: CsvRow[]) {
  writeFileSync(join(folder, file), stringify([header, ...data.map((r) => header.map((h) => r[h] ?? ''))]));
}

/** The examples' CSV files, repaired or not, in a folder of their own. */
function examples(repaired: boolean): string {
  const dir = tempDir();
  for (const f of readdirSync(EXAMPLES).filter((f) => f.endsWith('.csv'))) cpSync(join(EXAMPLES, f), join(dir, f));
  if (repaired) {
    for (const file of new Set(REPAIRS.map((r) => r.file))) {
      const { header, rows: data } = readCsv(dir, file);
      for (const fix of REPAIRS.filter((r) => r.file === file)) data[0]![fix.field] = fix.to;
      writeCsv(dir, file, header, data);
    }
  }
  return dir;
}

const TABLES = [
  'dir_organizations', 'dir_programs', 'dir_services', 'dir_locations', 'dir_addresses', 'dir_service_at_locations', 'dir_contacts', 'dir_phones',
  'dir_schedules', 'dir_languages', 'dir_required_documents', 'dir_cost_options', 'dir_accessibility', 'dir_service_areas', 'dir_funding',
  'dir_attributes', 'dir_metadata', 'dir_taxonomies', 'dir_taxonomy_terms', 'dir_published_services', 'audit_events',
];
async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = (await rows<{ n: number }>(t.app.kernel.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
  return out;
}

/** A value as its HSDS type compares: numbers as numbers, times with seconds, ids in lower case. */
function comparable(type: string, v: string): string {
  if (v === '') return '';
  if (type === 'number') return String(Number(v));
  if (type === 'time') return v.length === 5 ? `${v}:00` : v;
  if (type === 'uuid') return v.toLowerCase();
  return v;
}

/** Every stored value of every input row that the output does not give back, as readable lines. */
function differences(input: string, output: HsdsTables, skip: Set<string> = new Set()): string[] {
  const out: string[] = [];
  for (const file of readdirSync(input).filter((f) => f.endsWith('.csv'))) {
    const resource = RESOURCE_BY_PATH.get(file);
    if (!resource || skip.has(resource.name) || RESOURCES_NOT_STORED.has(resource.name)) continue;
    const fields = storedFields(resource);
    const exported = new Map(output.get(resource.name)!.map((r) => [r.id!.toLowerCase(), r]));
    readCsv(input, file).rows.forEach((row, i) => {
      const got = exported.get(row.id!.toLowerCase());
      if (!got) return out.push(`${file} row ${i + 2} (${row.id}): not exported`);
      for (const f of fields) {
        const a = comparable(f.type, row[f.name] ?? '');
        const b = comparable(f.type, got[f.name] ?? '');
        if (a !== b) out.push(`${file} row ${i + 2} ${f.name}: imported ${JSON.stringify(a)}, exported ${JSON.stringify(b)}`);
      }
    });
  }
  return out;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('HSDS tabular package', () => {
  it("describes the standard's datapackage.json exactly: resources, files, fields in order, types, required, enums", () => {
    const datapackage = readJson(join(STANDARD, 'datapackage.json')) as { resources: { name: string; path: string; schema: { fields: Json[] } }[] };
    const standard = datapackage.resources.map((r) => ({
      name: r.name,
      path: r.path,
      fields: r.schema.fields.map((f) => {
        const format = f.format as string | undefined;
        const type = f.type === 'string' && format && ['uuid', 'email', 'uri'].includes(format) ? format : (f.type as string);
        const constraints = (f.constraints ?? {}) as { required?: boolean; enum?: string[] };
        return { name: f.name, type, required: constraints.required === true, ...(constraints.enum ? { enum: constraints.enum } : {}) };
      }),
    }));
    expect(HSDS_RESOURCES.map((r) => ({ name: r.name, path: r.path, fields: r.fields.map((f) => ({ ...f })) }))).toEqual(standard);
  });

  it('refuses the official examples as they are, naming each of their defects, and writes nothing', async () => {
    const before = await counts(t);
    for (const dryRun of [true, false]) {
      const report = await importHsdsFolder(t.app.kernel.db, examples(false), { dryRun });
      expect(report.ok).toBe(false);
      expect(report.written).toBe(false);
      expect(report.rejected.map((r) => [r.file, r.row, r.field, r.reason])).toEqual(EXAMPLE_DEFECTS);
      for (const r of report.rejected) expect(r.message.length).toBeGreaterThan(10);
      // Every defect is one the repairs change.
      for (const [file, , field] of EXAMPLE_DEFECTS) expect(REPAIRS.some((r) => r.file === file && r.field === field), `${file} ${field}`).toBe(true);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('says what it does not keep: the rows and fields Ponte has no place for', async () => {
    const report = await importHsdsFolder(t.app.kernel.db, examples(true), { dryRun: true });
    const notes = report.warnings.map((w) => `${w.file} ${w.field ?? ''} ${w.kind}`.replace('  ', ' '));
    expect(notes).toEqual(
      expect.arrayContaining([
        'meta_table_descriptions.csv not_stored',
        'organization_identifiers.csv not_stored',
        'organizations.csv logo not_stored',
        'organizations.csv year_incorporated not_stored',
        'services.csv fees not_stored',
        'services.csv licenses not_stored',
        'taxonomy_terms.csv language not_stored',
        'services.csv last_modified derived',
      ]),
    );
  });

  it('checks the repaired examples in a dry run without writing anything', async () => {
    const before = await counts(t);
    const report = await importHsdsFolder(t.app.kernel.db, examples(true), { dryRun: true, publish: true });
    expect(report.rejected).toEqual([]);
    expect(report).toMatchObject({ ok: true, dryRun: true, written: false });
    expect(report.counts.service).toEqual({ created: 1, updated: 0 });
    expect(Object.keys(report.counts).length).toBe(19);
    expect(await counts(t)).toEqual(before);
  });

  it('imports for review by default: nothing reaches the public API', async () => {
    const report = await importHsdsFolder(t.app.kernel.db, examples(true));
    expect(report.rejected).toEqual([]);
    expect(report).toMatchObject({ ok: true, written: true, services: { inReview: [SERVICE], published: [] } });
    const [row] = await rows<{ publication_status: string }>(t.app.kernel.db, sql`SELECT publication_status FROM dir_services WHERE id = ${SERVICE}`);
    expect(row!.publication_status).toBe('in_review');
    expect((await t.app.inject({ method: 'GET', url: `/hsds/services/${SERVICE}` })).statusCode).toBe(404);
    const [audit] = await rows<{ action: string }>(t.app.kernel.db, sql`SELECT action FROM audit_events ORDER BY id DESC LIMIT 1`);
    expect(audit!.action).toBe('directory.hsds.imported');
  });

  it('publishes on request: the same rows again update, and the service is public and valid HSDS', async () => {
    const before = await counts(t);
    const report = await importHsdsFolder(t.app.kernel.db, examples(true), { publish: true });
    expect(report.rejected).toEqual([]);
    expect(report.services.published).toEqual([SERVICE]);
    expect(report.counts.service).toEqual({ created: 0, updated: 1 });
    expect(report.counts.phone).toEqual({ created: 0, updated: 1 });
    const after = await counts(t);
    expect({ ...after, dir_published_services: 0, audit_events: 0 }).toEqual({ ...before, dir_published_services: 0, audit_events: 0 });
    expect(after.dir_published_services).toBe(before.dir_published_services! + 1);

    const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => { compile(s: object): ValidateFunction };
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: object) => void;
    const closed = (s: unknown): unknown => {
      if (Array.isArray(s)) return s.map(closed);
      if (!s || typeof s !== 'object') return s;
      const o: Json = {};
      for (const [k, v] of Object.entries(s)) o[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, x]) => [p, closed(x)])) : closed(v);
      if (o.properties) o.additionalProperties = false;
      return o;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [name, url] of [['service', `/hsds/services/${SERVICE}`], ['service_at_location', `/hsds/service_at_locations/${SAL}`], ['organization', `/hsds/organizations/${ORG}?full_service=true`]] as const) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const validate = ajv.compile(closed(readJson(join(STANDARD, 'schema/compiled', `${name}.json`))) as object);
      const valid = validate(res.json());
      expect(validate.errors ?? [], url).toEqual([]);
      expect(valid).toBe(true);
    }
    const doc = (await t.app.inject({ method: 'GET', url: `/hsds/services/${SERVICE}` })).json() as Json;
    expect(doc).toMatchObject({ name: 'Community Counselling', minimum_age: 12, assured_date: '2005-01-01', program: { id: 'e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42' } });
    expect((doc.phones as Json[])[0]).toMatchObject({ number: '+44 1234 234567', extension: 100, languages: [{ code: 'ur' }] });
  });

  it('gives every stored value of the examples back, row by row, in both export scopes', async () => {
    const input = examples(true);
    const all = await hsdsTables(t.app.kernel.db, { scope: 'all' });
    expect(differences(input, all)).toEqual([]);
    // The public scope shows no change history (its updated_by names people).
    const published = await hsdsTables(t.app.kernel.db, { scope: 'published' });
    expect(differences(input, published, new Set(['metadata']))).toEqual([]);
    expect(published.get('metadata')).toEqual([]);
    // What Ponte computes: the term's taxonomy is its taxonomy's name; last_modified is Ponte's own.
    expect(all.get('taxonomy_term')!.find((r) => r.id === '3f7b145d-84af-42d7-8fae-eaca714b02b2')!.taxonomy).toBe('name');
    expect(Date.parse(all.get('service')!.find((r) => r.id === SERVICE)!.last_modified!)).toBeGreaterThan(Date.parse('2024-01-01'));
  });

  it('sends a published service that is imported again to review, keeping its published version online', async () => {
    const report = await importHsdsFolder(t.app.kernel.db, examples(true));
    expect(report.services.inReview).toEqual([SERVICE]);
    const [row] = await rows<{ publication_status: string }>(t.app.kernel.db, sql`SELECT publication_status FROM dir_services WHERE id = ${SERVICE}`);
    expect(row!.publication_status).toBe('in_review');
    expect((await t.app.inject({ method: 'GET', url: `/hsds/services/${SERVICE}` })).statusCode).toBe(200);
  });

  it("writes one CSV per resource, its header exactly the datapackage's fields, and the package imports again", async () => {
    for (const scope of ['published', 'all'] as const) {
      const dir = join(tempDir(), scope);
      const written = await exportHsdsFolder(t.app.kernel.db, dir, { scope });
      expect(written.map((w) => w.file)).toEqual(HSDS_RESOURCES.map((r) => r.path));
      for (const r of HSDS_RESOURCES) {
        const firstLine = readFileSync(join(dir, r.path), 'utf8').split('\n')[0];
        expect(firstLine, r.path).toBe(r.fields.map((f) => f.name).join(','));
      }
      const again = await importHsdsFolder(t.app.kernel.db, dir, { dryRun: true, publish: true });
      expect(again.rejected, scope).toEqual([]);
      expect(Object.values(again.counts).every((c) => c.created === 0), scope).toBe(true);
    }
  });
});

describe('HSDS import: bad rows', () => {
  const good = {
    org: '11111111-1111-4111-8111-111111111111',
    service: '22222222-2222-4222-8222-222222222222',
    location: '33333333-3333-4333-8333-333333333333',
  };
  const unknownId = '99999999-9999-4999-8999-999999999999';

  async function badPackage(): Promise<string> {
    const dir = tempDir();
    const [term] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id::text FROM dir_taxonomy_terms WHERE code = 'health'`);
    const header = (file: string) => RESOURCE_BY_PATH.get(file)!.fields.map((f) => f.name);
    writeCsv(dir, 'organizations.csv', header('organizations.csv'), [
      { id: good.org, name: 'Associazione di prova', description: 'Prova' },
      { id: '44444444-4444-4444-8444-444444444444', name: 'Sito pericoloso', description: 'x', website: 'javascript:alert(1)' },
    ]);
    writeCsv(dir, 'services.csv', header('services.csv'), [
      { id: good.service, organization_id: good.org, name: 'Servizio buono', status: 'active' },
      { id: '55555555-5555-4555-8555-555555555555', organization_id: unknownId, name: 'Senza ente', status: 'active' },
      { id: '66666666-6666-4666-8666-666666666666', organization_id: good.org, name: '', status: 'active' },
      { id: '77777777-7777-4777-8777-777777777777', organization_id: good.org, name: 'Stato strano', status: 'aperto', url: 'not a url', email: 'nobody' },
    ]);
    writeCsv(dir, 'phones.csv', header('phones.csv'), [
      { id: '88888888-8888-4888-8888-888888888888', service_id: good.service, number: '0883 123456', type: 'voice' },
      { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', service_id: good.service, number: 'call me maybe', type: 'voice' },
    ]);
    writeCsv(dir, 'service_at_location.csv', header('service_at_location.csv'), [
      { id: 'abababab-abab-4bab-8bab-abababababab', service_id: good.service, location_id: good.location, description: 'Sede' },
    ]);
    writeCsv(dir, 'attributes.csv', header('attributes.csv'), [
      { id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', link_id: good.service, link_entity: 'service', taxonomy_term_id: term!.id },
      { id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', link_id: good.service, link_entity: 'service', taxonomy_term_id: unknownId },
    ]);
    // A row with one field too many, and a file whose quotes never close.
    writeFileSync(
      join(dir, 'locations.csv'),
      `${header('locations.csv').join(',')}\n${good.location},physical,,${good.org},Sede,,,,41.2,16.3,,\n${unknownId},physical,,,Sede,,,,41.2,16.3,,,extra\n`,
    );
    writeFileSync(join(dir, 'schedules.csv'), `${header('schedules.csv').join(',')}\ndddddddd-dddd-4ddd-8ddd-dddddddddddd,${good.service},,,,,,,,,,WEEKLY,,"MO,TU\n`);
    mkdirSync(join(dir, 'ignored-folder'));
    writeFileSync(join(dir, 'README.txt'), 'not a csv');
    writeFileSync(join(dir, 'extra.csv'), 'a,b\n1,2\n');
    return dir;
  }

  it('refuses the whole package, naming each bad row with its number and reason, and writes nothing', async () => {
    const before = await counts(t);
    const dir = await badPackage();
    for (const dryRun of [true, false]) {
      const report = await importHsdsFolder(t.app.kernel.db, dir, { dryRun, publish: true });
      expect(report).toMatchObject({ ok: false, written: false });
      expect(report.rejected.map((r) => [r.file, r.row, r.field ?? '', r.reason])).toEqual([
        ['organizations.csv', 3, 'website', 'invalid_url'],
        ['services.csv', 3, 'organization_id', 'unknown_reference'],
        ['services.csv', 4, 'name', 'missing_required'],
        ['services.csv', 5, 'email', 'invalid_email'],
        ['services.csv', 5, 'status', 'invalid_value'],
        ['services.csv', 5, 'url', 'invalid_url'],
        ['attributes.csv', 3, 'taxonomy_term_id', 'unknown_taxonomy_term'],
        ['locations.csv', 3, '', 'malformed_csv'],
        ['phones.csv', 3, 'number', 'invalid_phone'],
        ['schedules.csv', 2, '', 'malformed_csv'],
      ]);
      const phone = report.rejected.find((r) => r.file === 'phones.csv')!;
      expect(phone).toMatchObject({ id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', value: 'call me maybe' });
      expect(report.warnings.map((w) => [w.file, w.kind])).toContainEqual(['extra.csv', 'unknown_file']);
    }
    expect(await counts(t)).toEqual(before);
  });

  it("takes references to Ponte's own rows: a service of an existing organization, classified with Ponte's needs", async () => {
    const dir = await badPackage();
    // Keep only the good rows.
    for (const file of ['organizations.csv', 'services.csv', 'phones.csv', 'attributes.csv', 'locations.csv', 'service_at_location.csv']) {
      const { header, rows: data } = readCsv(dir, file);
      writeCsv(dir, file, header, data.slice(0, 1));
    }
    rmSync(join(dir, 'schedules.csv'));
    rmSync(join(dir, 'extra.csv'));
    const first = await importHsdsFolder(t.app.kernel.db, dir, { publish: true });
    expect(first.rejected).toEqual([]);
    // A second package refers to what the first one brought in: the organization, and a term of Ponte's taxonomy.
    const second = tempDir();
    const [term] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id::text FROM dir_taxonomy_terms WHERE code = 'legal'`);
    writeCsv(second, 'services.csv', ['id', 'organization_id', 'name', 'status'], [{ id: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee', organization_id: good.org.toUpperCase(), name: 'Sportello legale', status: 'active' }]);
    writeCsv(second, 'attributes.csv', ['id', 'link_id', 'taxonomy_term_id', 'link_entity'], [{ id: 'ffffffff-ffff-4fff-8fff-ffffffffffff', link_id: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee', taxonomy_term_id: term!.id, link_entity: 'service' }]);
    const report = await importHsdsFolder(t.app.kernel.db, second, { publish: true });
    expect(report.rejected).toEqual([]);
    const listed = (await t.app.inject({ method: 'GET', url: `/hsds/services?taxonomy_term_id=${term!.id}` })).json() as { contents: Json[] };
    expect(listed.contents.map((s) => s.id)).toEqual(['eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee']);
    // The organization's change reaches its published services' documents at once.
    const third = tempDir();
    writeCsv(third, 'organizations.csv', ['id', 'name', 'description'], [{ id: good.org, name: 'Associazione di prova (nuovo nome)', description: 'Prova' }]);
    const renamed = await importHsdsFolder(t.app.kernel.db, third);
    expect(renamed.services.refreshed.sort()).toEqual([good.service, 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee'].sort());
    const doc = (await t.app.inject({ method: 'GET', url: `/hsds/services/${good.service}` })).json() as { organization: Json };
    expect(doc.organization.name).toBe('Associazione di prova (nuovo nome)');
  });

  it('refuses a second row with the same id, a loop of parents and a pair Ponte keeps once', async () => {
    const dir = tempDir();
    const a = '12121212-1212-4212-8212-121212121212';
    const b = '13131313-1313-4313-8313-131313131313';
    writeCsv(dir, 'organizations.csv', ['id', 'name', 'description', 'parent_organization_id'], [
      { id: a, name: 'A', description: 'a', parent_organization_id: b },
      { id: b, name: 'B', description: 'b', parent_organization_id: a },
      { id: a, name: 'A again', description: 'a' },
    ]);
    writeCsv(dir, 'service_at_location.csv', ['id', 'service_id', 'location_id'], [
      { id: '14141414-1414-4414-8414-141414141414', service_id: good.service, location_id: good.location },
    ]);
    const report = await importHsdsFolder(t.app.kernel.db, dir, { dryRun: true });
    expect(report.rejected.map((r) => [r.file, r.row, r.field, r.reason])).toEqual([
      ['organizations.csv', 2, 'parent_organization_id', 'inconsistent'],
      ['organizations.csv', 3, 'parent_organization_id', 'inconsistent'],
      ['organizations.csv', 4, 'id', 'duplicate_id'],
      ['service_at_location.csv', 2, 'location_id', 'duplicate'],
    ]);
  });

  it('has a command line that explains its usage', async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/hsds-import.ts')], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain('Usage: scripts/hsds-import.ts <folder');
    const err2 = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/hsds-export.ts')], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((err2 as { code: number }).code).toBe(2);
  });
});
