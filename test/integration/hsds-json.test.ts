// The official HSDS 3.0 JSON examples (service_full, organization_full, service_at_location_full) go through
// Ponte's JSON import and come back out of the HSDS API without losing a value: every field of the example,
// at every depth, is given back, except what the standard lets an implementation set itself (last_modified,
// a term's taxonomy name) and what Ponte documents it does not keep (ADR 0007). The examples do not hold
// together as they are: the import refuses them, naming each defect, and the test repairs only those.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';
import { DERIVED, NOT_STORED, RESOURCES_NOT_STORED } from '../../src/modules/directory/hsds-tabular.js';
import { HSDS_NESTED, importHsdsJson } from '../../src/modules/directory/hsds-json.js';
import type { Rejection } from '../../src/modules/directory/hsds-import.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, '../shared/standards/hsds-3.0/examples');

type Json = Record<string, unknown>;
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as Json;

const SERVICE = 'ac148810-d857-441c-9679-408f346de14b';
const ORGANIZATION = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const SAL = 'e94c9f38-1e8f-4564-91d4-d53501ab1765';
const LOCATION = '3a19ff88-4620-4d17-9830-ac1d859eb5d5';

/** What the import says of the examples as they are (the same defects as the CSV examples'). */
const DEFECTS: [string, string, Rejection['reason']][] = [
  ['organizations.csv', 'parent_organization_id', 'unknown_reference'],
  ['attributes.csv', 'link_entity', 'invalid_value'],
  ['locations.csv', 'latitude', 'out_of_range'],
  ['phones.csv', 'number', 'invalid_phone'],
  ['taxonomy_terms.csv', 'parent_id', 'unknown_reference'],
  ['metadata.csv', 'resource_id', 'unknown_reference'],
];

/**
 * The smallest repairs, each for one defect: an organization and a parent term that exist nowhere, a
 * placeholder link_entity, a latitude of 100, quotes inside a phone number, and a change record about the
 * location (its resource_type) nested in the service (so given the service's id).
 */
function repaired(doc: unknown, resource: string, parent?: { resource: string; id: string }): unknown {
  if (Array.isArray(doc)) return doc.map((d) => repaired(d, resource, parent));
  if (!doc || typeof doc !== 'object') return doc;
  const out: Json = {};
  for (const [key, value] of Object.entries(doc as Json)) {
    if (key === 'parent_organization_id' || (resource === 'taxonomy_term' && key === 'parent_id')) continue;
    if (resource === 'location' && key === 'latitude' && value === 100) out[key] = 10;
    else if (resource === 'phone' && key === 'number') out[key] = String(value).replace(/"/g, '');
    else if (resource === 'attribute' && key === 'link_entity' && value === 'link_entity') out[key] = parent!.resource;
    else if (HSDS_NESTED[key] && typeof value === 'object') out[key] = repaired(value, HSDS_NESTED[key]!, { resource, id: String((doc as Json).id) });
    else out[key] = value;
  }
  if (resource === 'metadata' && out.resource_type === 'location') out.resource_id = LOCATION;
  return out;
}

/** Fields the standard lets Ponte set itself, or that Ponte says it does not keep (ADR 0007). */
function ignored(resource: string, key: string): boolean {
  if (key === 'metadata') return true; // Ponte's change history names its operators: never published (ADR 0007)
  if (HSDS_NESTED[key] && RESOURCES_NOT_STORED.has(HSDS_NESTED[key]!)) return true;
  return (DERIVED[resource] ?? []).includes(key) || (NOT_STORED[resource] ?? []).includes(key);
}

/** Every value of the original that the exported document does not give back, as readable lines. */
function losses(original: unknown, exported: unknown, resource: string, path: string): string[] {
  if (original === null || original === undefined) return [];
  if (Array.isArray(original)) {
    if (!Array.isArray(exported)) return [`${path}: not exported`];
    return original.flatMap((item, i) => {
      const id = (item as Json).id;
      const match = exported.find((e) => (e as Json).id === id);
      return match ? losses(item, match, resource, `${path}[${String(id ?? i)}]`) : [`${path}[${String(id ?? i)}]: not exported`];
    });
  }
  if (typeof original === 'object') {
    if (!exported || typeof exported !== 'object') return [`${path}: not exported`];
    return Object.entries(original as Json).flatMap(([key, value]) => {
      if (ignored(resource, key)) return [];
      return losses(value, (exported as Json)[key], HSDS_NESTED[key] ?? resource, `${path}.${key}`);
    });
  }
  return original === exported ? [] : [`${path}: ${JSON.stringify(original)} → ${JSON.stringify(exported)}`];
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const api = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json() as Json;
};

/**
 * A service's organization comes with its own fields; what the example also nests in it (its funding,
 * contacts, phones, locations, programs: optional in the service schema) Ponte serves once, at
 * /hsds/organizations/{id}. The comparison looks for those values there.
 */
async function withOrganization(service: Json): Promise<Json> {
  const organization = service.organization as Json;
  const full = await api(`/hsds/organizations/${String(organization.id)}`);
  return { ...service, organization: { ...full, ...organization } };
}

describe('the official HSDS JSON examples through import and export', () => {
  it('refuses the examples as they are, naming each defect, and writes nothing', async () => {
    const before = await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(*)::int AS n FROM dir_services`);
    for (const name of ['service_full', 'organization_full', 'service_at_location_full']) {
      const report = await importHsdsJson(t.app.kernel.db, example(name), { publish: true });
      expect(report.ok, name).toBe(false);
      expect(report.written).toBe(false);
      expect(report.rejected.map((r) => [r.file, r.field, r.reason]), name).toEqual(DEFECTS);
    }
    expect(await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(*)::int AS n FROM dir_services`)).toEqual(before);
  });

  it('gives back every value of service_full from /hsds/services/{id}', async () => {
    const original = repaired(example('service_full'), 'service');
    const report = await importHsdsJson(t.app.kernel.db, original, { publish: true });
    expect(report.rejected).toEqual([]);
    expect(report.services.published).toEqual([SERVICE]);
    const exported = await withOrganization(await api(`/hsds/services/${SERVICE}`));
    expect(losses(original, exported, 'service', 'service')).toEqual([]);
    // Not a vacuous comparison: the example is deep, and a changed value would be found.
    const changed = structuredClone(exported) as { service_at_locations: { location: { addresses: Json[] } }[] };
    changed.service_at_locations[0]!.location.addresses[0]!.city = 'Altrove';
    expect(losses(original, changed, 'service', 'service')).toEqual(['service.service_at_locations[e94c9f38-1e8f-4564-91d4-d53501ab1765].location.addresses[74706e55-df26-4b84-80fe-ecc30b5befb4].city: "MyCity" → "Altrove"']);
  });

  it('gives back every value of organization_full from /hsds/organizations/{id}?full_service=true', async () => {
    const original = repaired(example('organization_full'), 'organization');
    const report = await importHsdsJson(t.app.kernel.db, original, { publish: true });
    expect(report.rejected).toEqual([]);
    const exported = await api(`/hsds/organizations/${ORGANIZATION}?full_service=true`);
    expect(losses(original, exported, 'organization', 'organization')).toEqual([]);
  });

  it('gives back every value of service_at_location_full from /hsds/service_at_locations/{id}', async () => {
    const original = repaired(example('service_at_location_full'), 'service_at_location');
    const report = await importHsdsJson(t.app.kernel.db, original, { publish: true });
    expect(report.rejected).toEqual([]);
    const sal = await api(`/hsds/service_at_locations/${SAL}`);
    const exported = { ...sal, service: await withOrganization(sal.service as Json) };
    expect(losses(original, exported, 'service_at_location', 'service_at_location')).toEqual([]);
  });

  it('has a command-line flag for JSON files', async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/hsds-import.ts'), '--json', join(ROOT, 'package.json'), 'extra'], { cwd: ROOT }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain('scripts/hsds-import.ts --json <file of HSDS JSON documents>');
  });
});
