// Export of the directory as an HSDS 3.0 tabular package: one CSV file per resource of the standard's
// datapackage.json, its header exactly the datapackage's field names in their order (a resource Ponte
// does not keep is written as its header alone).
//
// Two scopes:
//  - 'published' (the default): what the HSDS API shows and nothing else — the services' published
//    documents (dir_published_services, so a revision waiting for review never leaks), the organizations
//    and programs of those services, the organizations' own phones, contacts, funding and classifications,
//    and the taxonomies. No change history (its `updated_by` names the directory's operators).
//  - 'all': every row of the normalized tables, drafts and history included: a copy for the directory
//    team or another Ponte, not for publication.
// In both, a reference to a row that is not exported is left empty (or the row is left out when it cannot
// be without it), so that the package always imports again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { getTableColumns } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
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
  metadata,
  phones,
  programs,
  publishedServices,
  requiredDocuments,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomies,
  taxonomyTerms,
} from './directory.schema.js';
import { HSDS_RESOURCES, PONTE_REQUIRED, REFERENCES, RESOURCE_BY_NAME, propertyOf, storedFields, type HsdsField } from './hsds-tabular.js';

export type ExportScope = 'published' | 'all';

export interface ExportOptions {
  scope?: ExportScope;
}

/** One row: every field of its resource, as CSV text ('' when empty). */
export type HsdsRow = Record<string, string>;
/** Resource name → its rows. */
export type HsdsTables = Map<string, HsdsRow[]>;

const TABLES: Record<string, PgTable> = {
  organization: dirOrganizations,
  program: programs,
  service: services,
  location: locations,
  address: addresses,
  service_at_location: serviceAtLocations,
  contact: contacts,
  phone: phones,
  schedule: schedules,
  funding,
  service_area: serviceAreas,
  required_document: requiredDocuments,
  language: languages,
  accessibility,
  taxonomy: taxonomies,
  taxonomy_term: taxonomyTerms,
  cost_option: costOptions,
  attribute: attributes,
  metadata,
};

/** A value as CSV text, in the form its HSDS type asks for. */
function text(field: HsdsField, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return field.type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (field.type === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? String(n) : String(v);
  }
  return String(v);
}

const emptyRow = (resource: string): HsdsRow => Object.fromEntries(RESOURCE_BY_NAME.get(resource)!.fields.map((f) => [f.name, '']));

/** A Drizzle row of Ponte's table as an HSDS row (fields Ponte does not keep are empty). */
function fromTable(resource: string, row: Record<string, unknown>): HsdsRow {
  const out = emptyRow(resource);
  for (const field of storedFields(RESOURCE_BY_NAME.get(resource)!)) out[field.name] = text(field, row[propertyOf(resource, field.name)]);
  if (resource === 'service') out.last_modified = text({ name: 'last_modified', type: 'datetime', required: false }, row.updatedAt);
  return out;
}

/** An object of a published document (HSDS names and types already) as an HSDS row. */
function fromDocument(resource: string, obj: Record<string, unknown>, links: Record<string, unknown> = {}): HsdsRow {
  const out = emptyRow(resource);
  for (const field of RESOURCE_BY_NAME.get(resource)!.fields) {
    const v = links[field.name] ?? obj[field.name];
    if (v !== undefined && v !== null && typeof v !== 'object') out[field.name] = text(field, v);
  }
  return out;
}

/** Rows by id, where a second sight of the same row adds the links the first one lacked. */
class Collector {
  readonly tables = new Map<string, Map<string, HsdsRow>>();

  put(resource: string, row: HsdsRow) {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = new Map()));
    const id = row.id!.toLowerCase();
    const known = table.get(id);
    if (!known) table.set(id, row);
    else for (const [k, v] of Object.entries(row)) if (!known[k] && v) known[k] = v;
  }

  rows(resource: string): HsdsRow[] {
    return [...(this.tables.get(resource)?.values() ?? [])];
  }
}

type Doc = Record<string, unknown>;
const list = (v: unknown): Doc[] => (Array.isArray(v) ? (v as Doc[]) : []);

/** Every row a published service document shows, with the links its nesting implies. */
function collectDocument(c: Collector, doc: Doc) {
  const serviceId = doc.id as string;
  c.put('service', fromDocument('service', doc));
  const phone = (p: Doc, links: Record<string, unknown>) => {
    c.put('phone', fromDocument('phone', p, links));
    for (const l of list(p.languages)) c.put('language', fromDocument('language', l, { phone_id: p.id }));
  };
  const contact = (x: Doc, links: Record<string, unknown>) => {
    c.put('contact', fromDocument('contact', x, links));
    for (const p of list(x.phones)) phone(p, { contact_id: x.id });
  };
  const attribute = (a: Doc) => {
    const term = a.taxonomy_term as Doc | undefined;
    c.put('attribute', fromDocument('attribute', a, { taxonomy_term_id: a.taxonomy_term_id ?? term?.id }));
  };
  for (const p of list(doc.phones)) phone(p, { service_id: serviceId });
  for (const x of list(doc.schedules)) c.put('schedule', fromDocument('schedule', x, { service_id: serviceId }));
  for (const x of list(doc.service_areas)) c.put('service_area', fromDocument('service_area', x, { service_id: serviceId }));
  for (const x of list(doc.languages)) c.put('language', fromDocument('language', x, { service_id: serviceId }));
  for (const x of list(doc.funding)) c.put('funding', fromDocument('funding', x, { service_id: serviceId }));
  for (const x of list(doc.cost_options)) c.put('cost_option', fromDocument('cost_option', x, { service_id: serviceId }));
  for (const x of list(doc.required_documents)) c.put('required_document', fromDocument('required_document', x, { service_id: serviceId }));
  for (const x of list(doc.contacts)) contact(x, { service_id: serviceId });
  for (const a of list(doc.attributes)) attribute(a);
  for (const sal of list(doc.service_at_locations)) {
    const location = (sal.location ?? {}) as Doc;
    const locationId = location.id;
    c.put('service_at_location', fromDocument('service_at_location', sal, { service_id: serviceId, location_id: locationId }));
    for (const x of list(sal.contacts)) contact(x, { service_at_location_id: sal.id });
    for (const p of list(sal.phones)) phone(p, { service_at_location_id: sal.id });
    for (const x of list(sal.schedules)) c.put('schedule', fromDocument('schedule', x, { service_at_location_id: sal.id }));
    for (const a of list(sal.attributes)) attribute(a);
    if (!locationId) continue;
    c.put('location', fromDocument('location', location));
    for (const x of list(location.languages)) c.put('language', fromDocument('language', x, { location_id: locationId }));
    for (const x of list(location.addresses)) c.put('address', fromDocument('address', x, { location_id: locationId }));
    for (const x of list(location.contacts)) contact(x, { location_id: locationId });
    for (const x of list(location.accessibility)) c.put('accessibility', fromDocument('accessibility', x, { location_id: locationId }));
    for (const p of list(location.phones)) phone(p, { location_id: locationId });
    for (const x of list(location.schedules)) c.put('schedule', fromDocument('schedule', x, { location_id: locationId }));
    for (const a of list(location.attributes)) attribute(a);
  }
}

async function allRows(db: DbOrTx, resource: string): Promise<Record<string, unknown>[]> {
  const table = TABLES[resource]!;
  const id = getTableColumns(table).id as PgColumn;
  return (await db.select().from(table).orderBy(asc(id))) as Record<string, unknown>[];
}

async function taxonomyRows(db: DbOrTx, c: Collector) {
  for (const t of await allRows(db, 'taxonomy')) c.put('taxonomy', fromTable('taxonomy', t));
  const terms = await db
    .select({ term: taxonomyTerms, taxonomyName: taxonomies.name })
    .from(taxonomyTerms)
    .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
    .orderBy(asc(taxonomyTerms.taxonomyId), asc(taxonomyTerms.position), asc(taxonomyTerms.code));
  for (const { term, taxonomyName } of terms) c.put('taxonomy_term', { ...fromTable('taxonomy_term', term), taxonomy: taxonomyName });
}

async function publishedScope(db: DbOrTx, c: Collector) {
  const docs = await db.select({ document: publishedServices.document }).from(publishedServices).orderBy(asc(publishedServices.name), asc(publishedServices.serviceId));
  for (const { document } of docs) collectDocument(c, document);
  // Organizations of the published services, with their ancestors; the programs those services belong to.
  const orgIds = new Set(docs.map((d) => String(d.document.organization_id)));
  let frontier = [...orgIds];
  const orgRows: Record<string, unknown>[] = [];
  while (frontier.length) {
    const found = await db.select().from(dirOrganizations).where(inArray(dirOrganizations.id, frontier));
    orgRows.push(...found);
    frontier = found.map((o) => o.parentOrganizationId).filter((p): p is string => !!p && !orgIds.has(p));
    for (const p of frontier) orgIds.add(p);
  }
  orgRows.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  for (const o of orgRows) c.put('organization', fromTable('organization', o));
  const programIds = [...new Set(docs.map((d) => d.document.program_id).filter((p): p is string => typeof p === 'string'))];
  if (programIds.length) for (const p of await db.select().from(programs).where(inArray(programs.id, programIds))) c.put('program', fromTable('program', p));
  // What the organizations themselves have (no review workflow at that level: the API shows it as it is).
  const ids = [...orgIds];
  const orgContacts = await db.select().from(contacts).where(inArray(contacts.organizationId, ids)).orderBy(asc(contacts.id));
  for (const x of orgContacts) c.put('contact', fromTable('contact', x));
  const contactIds = orgContacts.map((x) => x.id);
  const orgPhones = await db.select().from(phones).where(inArray(phones.organizationId, ids)).orderBy(asc(phones.id));
  const contactPhones = contactIds.length ? await db.select().from(phones).where(inArray(phones.contactId, contactIds)).orderBy(asc(phones.id)) : [];
  for (const p of [...orgPhones, ...contactPhones]) c.put('phone', fromTable('phone', p));
  for (const f of await db.select().from(funding).where(inArray(funding.organizationId, ids)).orderBy(asc(funding.id))) c.put('funding', fromTable('funding', f));
  for (const a of await db.select().from(attributes).where(inArray(attributes.linkId, ids)).orderBy(asc(attributes.id))) {
    if (a.linkEntity === 'organization') c.put('attribute', fromTable('attribute', a));
  }
  await taxonomyRows(db, c);
}

async function allScope(db: DbOrTx, c: Collector) {
  for (const resource of Object.keys(TABLES)) {
    if (resource === 'taxonomy' || resource === 'taxonomy_term') continue;
    for (const row of await allRows(db, resource)) c.put(resource, fromTable(resource, row));
  }
  await taxonomyRows(db, c);
}

/** Links of these resources are what make a row mean something: with none left, the row is left out. */
const NEEDS_A_LINK = new Set(['phone', 'contact', 'schedule', 'language', 'funding']);

/** References to rows not exported are emptied; rows that cannot be without them are left out. */
function keepReferencesWhole(c: Collector) {
  const has = (resource: string, id: string) => !!c.tables.get(resource)?.has(id.toLowerCase());
  for (let changed = true; changed; ) {
    changed = false;
    for (const [resource, table] of c.tables) {
      const refs = REFERENCES[resource] ?? {};
      const required = new Set([...(RESOURCE_BY_NAME.get(resource)?.fields.filter((f) => f.required).map((f) => f.name) ?? []), ...(PONTE_REQUIRED[resource] ?? [])]);
      for (const [id, row] of table) {
        let drop = false;
        let hadLink = false;
        for (const [field, target] of Object.entries(refs)) {
          if (!row[field]) continue;
          if (field !== 'parent_id' && field !== 'parent_organization_id' && field !== 'taxonomy_id') hadLink = true;
          if (has(target, row[field]!)) continue;
          if (required.has(field)) drop = true;
          else row[field] = '';
        }
        if (resource === 'attribute' && !has(row.link_entity ?? '', row.link_id ?? '')) drop = true;
        if (resource === 'metadata' && !has(row.resource_type ?? '', row.resource_id ?? '')) drop = true;
        if (!drop && NEEDS_A_LINK.has(resource) && hadLink && Object.keys(refs).every((f) => !row[f])) drop = true;
        if (drop) {
          table.delete(id);
          changed = true;
        }
      }
    }
  }
}

/** The package's tables, every resource of the datapackage present (possibly without rows). */
export async function hsdsTables(db: DbOrTx, options: ExportOptions = {}): Promise<HsdsTables> {
  const c = new Collector();
  if ((options.scope ?? 'published') === 'all') await allScope(db, c);
  else await publishedScope(db, c);
  keepReferencesWhole(c);
  return new Map(HSDS_RESOURCES.map((r) => [r.name, c.rows(r.name)]));
}

/** One resource as CSV: the datapackage's header, then its rows. */
export function csvOf(resource: string, rows: HsdsRow[]): string {
  const fields = RESOURCE_BY_NAME.get(resource)!.fields.map((f) => f.name);
  return stringify([fields, ...rows.map((r) => fields.map((f) => r[f] ?? ''))]);
}

/** Writes the package into a folder (created if needed): one CSV per resource. */
export async function exportHsdsFolder(db: DbOrTx, folder: string, options: ExportOptions = {}): Promise<{ file: string; rows: number }[]> {
  const tables = await hsdsTables(db, options);
  mkdirSync(folder, { recursive: true });
  return HSDS_RESOURCES.map((r) => {
    const rows = tables.get(r.name) ?? [];
    writeFileSync(join(folder, r.path), csvOf(r.name, rows));
    return { file: r.path, rows: rows.length };
  });
}
