// Import of HSDS 3.0 JSON documents (service_full, organization_full, service_at_location_full, one or a
// list or a Page of them), as the API of another directory gives them. Each nested record becomes the row
// of its resource, linked to the record it is nested in (a phone inside a location gets that location_id;
// an organization inside a service becomes the service's organization_id); a record met in several places
// (the same phone under the service and under its location) is one row with every link. The rows then go
// through the tabular import, with all its checks, in one transaction (hsds-import.ts).
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../kernel/db/client.js';
import { HSDS_RESOURCES, REFERENCES, RESOURCE_BY_NAME } from './hsds-tabular.js';
import { importHsdsPackage, type ImportOptions, type ImportReport, type PackageFile } from './hsds-import.js';

type Json = Record<string, unknown>;
type Row = Record<string, string>;

/** Which resource a nested key holds. */
export const HSDS_NESTED: Readonly<Record<string, string>> = {
  organization: 'organization',
  program: 'program',
  programs: 'program',
  service: 'service',
  services: 'service',
  service_at_locations: 'service_at_location',
  location: 'location',
  locations: 'location',
  addresses: 'address',
  phones: 'phone',
  contacts: 'contact',
  schedules: 'schedule',
  languages: 'language',
  funding: 'funding',
  cost_options: 'cost_option',
  required_documents: 'required_document',
  service_areas: 'service_area',
  accessibility: 'accessibility',
  attributes: 'attribute',
  taxonomy_term: 'taxonomy_term',
  taxonomy_detail: 'taxonomy',
  metadata: 'metadata',
  organization_identifiers: 'organization_identifier',
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resource of a top-level document: a service has a status, a service_at_location a service. */
function resourceOf(doc: Json): string {
  if (isObject(doc.service)) return 'service_at_location';
  if ('status' in doc) return 'service';
  return 'organization';
}

function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The rows of every resource the documents hold, by resource and id. */
export function hsdsJsonRows(input: unknown): Map<string, Map<string, Row>> {
  const tables = new Map<string, Map<string, Row>>();
  const rowsOf = (resource: string) => tables.get(resource) ?? tables.set(resource, new Map()).get(resource)!;
  let anonymous = 0;

  const fill = (row: Row, field: string, value: string | undefined) => {
    if (value !== undefined && value !== '' && !row[field]) row[field] = value;
  };

  function visit(doc: Json, resource: string, parent?: { resource: string; row: Row }) {
    const spec = RESOURCE_BY_NAME.get(resource);
    if (!spec) return;
    // A record without an id cannot be matched: it is kept apart (the import refuses it for its missing id).
    const id = text(doc.id) ?? `#${++anonymous}`;
    const table = rowsOf(resource);
    const row = table.get(id.toLowerCase()) ?? {};
    table.set(id.toLowerCase(), row);
    for (const field of spec.fields) fill(row, field.name, text(doc[field.name]));
    if (parent) link(resource, row, parent.resource, parent.row);
    for (const [key, value] of Object.entries(doc)) {
      const child = HSDS_NESTED[key];
      if (!child || spec.fields.some((f) => f.name === key)) continue;
      for (const item of Array.isArray(value) ? value : [value]) if (isObject(item)) visit(item, child, { resource, row });
    }
  }

  /** Links a nested record and the one it is nested in, whichever of the two holds the reference. */
  function link(resource: string, row: Row, parentResource: string, parentRow: Row) {
    if (resource === 'attribute' || resource === 'metadata') {
      const [idField, entityField] = resource === 'attribute' ? ['link_id', 'link_entity'] : ['resource_id', 'resource_type'];
      fill(row, idField!, parentRow.id);
      fill(row, entityField!, parentResource);
      return;
    }
    const up = Object.entries(REFERENCES[resource] ?? {}).find(([field, target]) => target === parentResource && field !== 'parent_organization_id' && field !== 'parent_id');
    if (up) return fill(row, up[0], parentRow.id);
    const down = Object.entries(REFERENCES[parentResource] ?? {}).find(([field, target]) => target === resource && field !== 'parent_organization_id' && field !== 'parent_id');
    if (down) fill(parentRow, down[0], row.id);
  }

  const documents = Array.isArray(input) ? input : isObject(input) && Array.isArray(input.contents) ? input.contents : [input];
  for (const doc of documents) if (isObject(doc)) visit(doc, resourceOf(doc));
  return tables;
}

/** The documents as the files of a tabular package: one CSV per resource, with the columns they fill. */
export function hsdsJsonToPackage(input: unknown): PackageFile[] {
  const tables = hsdsJsonRows(input);
  const files: PackageFile[] = [];
  for (const resource of HSDS_RESOURCES) {
    const rows = [...(tables.get(resource.name)?.values() ?? [])];
    if (rows.length === 0) continue;
    const header = resource.fields.map((f) => f.name).filter((name) => name === 'id' || rows.some((r) => r[name] !== undefined));
    files.push({ name: resource.path, content: stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]) });
  }
  return files;
}

/** Imports HSDS JSON documents: the same checks, report and single transaction as a tabular package. */
export async function importHsdsJson(db: Db, input: unknown, options: ImportOptions = {}): Promise<ImportReport> {
  return importHsdsPackage(db, hsdsJsonToPackage(input), options);
}
