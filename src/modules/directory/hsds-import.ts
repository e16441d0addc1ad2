// Import of an HSDS 3.0 tabular package (a folder of CSV files named as in the standard's datapackage.json)
// into the directory's normalized tables, in ONE transaction: every row is checked first, and if any row
// is rejected nothing is written; the report lists every rejected row, with its file, its row number as a
// spreadsheet shows it (the header is row 1), the field and the reason. A dry run checks everything and
// then also performs the writes in a transaction that is rolled back, so that it finds what the database
// itself would refuse. Rows are matched by id: a known id updates its row, a new id creates one; nothing
// is deleted. Imported services go to the directory team's review ('in_review') unless `publish` is set;
// the public read model is refreshed for every affected service that is published.
// Decisions: docs/adr/0007-hsds-api.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rows as rawRows, type Db, type Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
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
  requiredDocuments,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomies,
  taxonomyTerms,
} from './directory.schema.js';
import { refreshPublishedService } from './publish-service.js';
import {
  DERIVED,
  HSDS_RESOURCES,
  NOT_STORED,
  PONTE_REQUIRED,
  REFERENCES,
  RESOURCE_BY_NAME,
  RESOURCE_BY_PATH,
  RESOURCES_NOT_STORED,
  UUID_RE,
  parseDateTime,
  propertyOf,
  storedFields,
  type HsdsField,
  type HsdsResource,
} from './hsds-tabular.js';

export type RejectReason =
  | 'malformed_csv'
  | 'missing_column'
  | 'missing_required'
  | 'invalid_uuid'
  | 'invalid_email'
  | 'invalid_url'
  | 'invalid_phone'
  | 'invalid_number'
  | 'invalid_date'
  | 'invalid_time'
  | 'invalid_value'
  | 'out_of_range'
  | 'too_long'
  | 'inconsistent'
  | 'duplicate_id'
  | 'duplicate'
  | 'unknown_reference'
  | 'unknown_taxonomy_term'
  | 'database';

export interface Rejection {
  file: string;
  /** The row as a spreadsheet numbers it: the header is row 1, the first record row 2. */
  row: number;
  id?: string;
  field?: string;
  value?: string;
  reason: RejectReason;
  /** Which rule of the reason, when it has several (the translated message depends on it). */
  code?: string;
  /** Values the translated message shows (limits, allowed values, the file a reference should be in). */
  params?: Record<string, string | number>;
  /** In English, for the command line; pages translate `reason`, `code` and `params` instead. */
  message: string;
}

export interface ImportWarning {
  file: string;
  field?: string;
  kind: 'not_stored' | 'derived' | 'unknown_column' | 'unknown_file';
  /** How many rows had a value there. */
  rows?: number;
  message: string;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  /** Whether anything was written (never on a dry run, never with a rejected row). */
  written: boolean;
  rejected: Rejection[];
  warnings: ImportWarning[];
  /** Per resource: rows that are (or would be) created and updated. */
  counts: Record<string, { created: number; updated: number }>;
  services: {
    /** Services of services.csv now published. */
    published: string[];
    /** Services of services.csv sent to the directory team's review. */
    inReview: string[];
    /** Other published services whose public document changed because a row they show changed. */
    refreshed: string[];
  };
}

export interface ImportProgress {
  phase: 'checking' | 'writing';
  processed: number;
  total: number;
}

/** A file of the package, as read from a folder or an upload. */
export interface PackageFile {
  name: string;
  content: Buffer | string;
  /** The resource the file holds, when known otherwise than by its name (an upload's datapackage.json). */
  resource?: string;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Told how far the import has gone (rows checked, then rows written); awaited, so it may write it down. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Publish the imported services at once (default: they wait for review, 'in_review'). */
  publish?: boolean;
  /** Runs in the import's transaction once every row is written (never on a dry run): what must commit with it. */
  afterWrite?: (tx: Tx, report: ImportReport) => Promise<void>;
  /** Who imports, for the audit log (the command line: nobody signed in). */
  actor?: AuditActor;
}

// ---------------------------------------------------------------------------------------------------
// How each resource is stored

interface TableSpec {
  table: PgTable;
  /** Ponte's own rules for a row (beyond types, required fields and references). */
  check?: (row: CsvRow, fail: Fail) => void;
}

type CsvRow = Record<string, string>;
type Detail = { code?: string; params?: Record<string, string | number> };
type Fail = (field: string | undefined, reason: RejectReason, message: string, detail?: Detail) => void;

const PHONE_RE = /^\+?[0-9 ./()-]{3,30}$/;
const PHONE_TYPES = ['text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone'];
const BYDAY_RE = /^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/;
const LANGUAGE_CODE_RE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const TERM_CODE_RE = /^[a-z0-9_.-]{1,64}$/;
const LINK_ENTITIES = ['service', 'organization', 'location', 'service_at_location'];
const MAX_NAME = 300;

/** Texts that are codes rather than prose: compared and stored without surrounding spaces. */
const TRIMMED = new Set([
  'phone.number', 'phone.extension', 'phone.type', 'language.code', 'address.country', 'address.postal_code', 'cost_option.currency',
  'schedule.byday', 'schedule.wkst', 'schedule.freq', 'taxonomy_term.code', 'attribute.link_entity', 'metadata.resource_type',
]);

const filled = (v: string | undefined): v is string => v !== undefined && v !== '';

function integerIn(row: CsvRow, field: string, min: number, max: number, fail: Fail) {
  const v = row[field];
  if (!filled(v) || !/^-?\d+(\.0+)?$/.test(v)) {
    if (filled(v) && /^-?\d+(\.\d+)?$/.test(v)) fail(field, 'invalid_number', `${field} must be a whole number`, { code: 'whole' });
    return;
  }
  const n = Number(v);
  if (n < min || n > max) fail(field, 'out_of_range', `${field} must be between ${min} and ${max}`, { params: { min, max } });
}

function numberIn(row: CsvRow, field: string, min: number, max: number, fail: Fail) {
  const v = row[field];
  if (!filled(v) || !/^-?\d+(\.\d+)?$/.test(v)) return;
  const n = Number(v);
  if (n < min || n > max) fail(field, 'out_of_range', `${field} must be between ${min} and ${max}`, { params: { min, max } });
}

const maxLength = (field: string, max: number) => (row: CsvRow, fail: Fail) => {
  if ((row[field] ?? '').length > max) fail(field, 'too_long', `${field} is longer than ${max} characters`, { params: { max } });
};

const SPECS: Record<string, TableSpec> = {
  organization: { table: dirOrganizations, check: maxLength('name', MAX_NAME) },
  program: { table: programs },
  service: {
    table: services,
    check(row, fail) {
      maxLength('name', MAX_NAME)(row, fail);
      integerIn(row, 'minimum_age', 0, 150, fail);
      integerIn(row, 'maximum_age', 0, 150, fail);
      if (filled(row.minimum_age) && filled(row.maximum_age) && Number(row.minimum_age) > Number(row.maximum_age)) {
        fail('maximum_age', 'inconsistent', 'maximum_age is less than minimum_age', { code: 'ages' });
      }
    },
  },
  location: {
    table: locations,
    check(row, fail) {
      numberIn(row, 'latitude', -90, 90, fail);
      numberIn(row, 'longitude', -180, 180, fail);
    },
  },
  address: {
    table: addresses,
    check(row, fail) {
      if (filled(row.country) && !/^[A-Za-z]{2}$/.test(row.country)) fail('country', 'invalid_value', 'country must be a two-letter ISO 3166-1 code', { code: 'country' });
    },
  },
  service_at_location: { table: serviceAtLocations },
  contact: { table: contacts },
  phone: {
    table: phones,
    check(row, fail) {
      if (filled(row.number) && !PHONE_RE.test(row.number)) fail('number', 'invalid_phone', 'number may hold only digits, spaces, + . / ( ) - (3 to 30 characters)');
      if (filled(row.type) && !PHONE_TYPES.includes(row.type)) fail('type', 'invalid_value', `type must be one of ${PHONE_TYPES.join(', ')}`, { code: 'oneOf', params: { allowed: PHONE_TYPES.join(', ') } });
      if (filled(row.extension) && !/^\d{1,15}$/.test(row.extension)) fail('extension', 'invalid_number', 'extension must be a whole number', { code: 'whole' });
    },
  },
  schedule: {
    table: schedules,
    check(row, fail) {
      if (filled(row.byday) && !BYDAY_RE.test(row.byday)) fail('byday', 'invalid_value', 'byday must be days as MO,TU,WE,TH,FR,SA,SU separated by commas', { code: 'byday' });
      integerIn(row, 'count', 0, 1_000_000, fail);
      integerIn(row, 'interval', 0, 1_000_000, fail);
      numberIn(row, 'timezone', -14, 14, fail);
      const opens = timeOf(row.opens_at);
      const closes = timeOf(row.closes_at);
      if (opens && closes && opens >= closes) fail('closes_at', 'inconsistent', 'closes_at is not after opens_at', { code: 'hours' });
      if (filled(row.valid_from) && filled(row.valid_to) && row.valid_from > row.valid_to) fail('valid_to', 'inconsistent', 'valid_to is before valid_from', { code: 'dates' });
    },
  },
  funding: { table: funding },
  service_area: { table: serviceAreas },
  required_document: { table: requiredDocuments },
  language: {
    table: languages,
    check(row, fail) {
      if (filled(row.code) && !LANGUAGE_CODE_RE.test(row.code)) fail('code', 'invalid_value', 'code must be an ISO 639 language code (such as "ar" or "ur")', { code: 'languageCode' });
    },
  },
  accessibility: { table: accessibility },
  taxonomy: { table: taxonomies },
  taxonomy_term: {
    table: taxonomyTerms,
    check(row, fail) {
      if (filled(row.code) && !TERM_CODE_RE.test(row.code)) fail('code', 'invalid_value', 'code may hold only lower-case letters, digits, _ . - (at most 64)', { code: 'termCode' });
    },
  },
  cost_option: {
    table: costOptions,
    check(row, fail) {
      if (filled(row.currency) && !/^[A-Za-z]{3}$/.test(row.currency)) fail('currency', 'invalid_value', 'currency must be a three-letter ISO 4217 code', { code: 'currency' });
      if (filled(row.amount) && /^-?\d+(\.\d+)?$/.test(row.amount) && !/^\d{1,10}(\.\d{1,2})?$/.test(row.amount)) {
        fail('amount', 'out_of_range', 'amount must be zero or more, with at most two decimals', { code: 'amount' });
      }
      if (filled(row.valid_from) && filled(row.valid_to) && row.valid_from > row.valid_to) fail('valid_to', 'inconsistent', 'valid_to is before valid_from', { code: 'dates' });
    },
  },
  attribute: {
    table: attributes,
    check(row, fail) {
      if (filled(row.link_entity) && !LINK_ENTITIES.includes(row.link_entity)) {
        fail('link_entity', 'invalid_value', `link_entity must be one of ${LINK_ENTITIES.join(', ')} (what Ponte classifies)`, {
          code: 'oneOf',
          params: { allowed: LINK_ENTITIES.join(', ') },
        });
      }
    },
  },
  metadata: {
    table: metadata,
    check(row, fail) {
      if (filled(row.resource_type) && !SPECS[row.resource_type]) fail('resource_type', 'invalid_value', 'resource_type must name an HSDS resource (such as "service")', { code: 'resourceType' });
    },
  },
};

/** Parents before children, so that a reference within one file is always to a row already written. */
const WRITE_ORDER = [
  'taxonomy', 'taxonomy_term', 'organization', 'program', 'service', 'location', 'address', 'service_at_location', 'contact', 'phone',
  'schedule', 'language', 'required_document', 'cost_option', 'accessibility', 'service_area', 'funding', 'attribute', 'metadata',
] as const;

/** Rows referring to a row of their own file (organization → parent organization, term → parent term). */
const SELF_REFS: Record<string, string> = { organization: 'parent_organization_id', taxonomy_term: 'parent_id' };

function timeOf(v: string | undefined): string | undefined {
  if (!filled(v)) return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(v);
  return m ? `${m[1]}:${m[2]}:${m[3] ?? '00'}` : undefined;
}

function validUrl(v: string): boolean {
  if (/\s/.test(v) || v.length > 2000) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

const EMAIL_RE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The value's type, as the datapackage declares it (uuid, email, uri, number, date, time, datetime, enum). */
function checkType(field: HsdsField, v: string, fail: Fail) {
  switch (field.type) {
    case 'uuid':
      if (!UUID_RE.test(v)) fail(field.name, 'invalid_uuid', `${field.name} must be a UUID`);
      break;
    case 'email':
      if (!EMAIL_RE.test(v) || v.length > 320) fail(field.name, 'invalid_email', `${field.name} must be an e-mail address`);
      break;
    case 'uri':
      if (!validUrl(v)) fail(field.name, 'invalid_url', `${field.name} must be an http:// or https:// address`);
      break;
    case 'number':
      if (!/^-?\d{1,15}(\.\d{1,10})?$/.test(v)) fail(field.name, 'invalid_number', `${field.name} must be a number (digits, a point for decimals)`);
      break;
    case 'date':
      if (!DATE_RE.test(v) || !parseDateTime(v)) fail(field.name, 'invalid_date', `${field.name} must be a date as YYYY-MM-DD`);
      break;
    case 'datetime':
      if (!parseDateTime(v)) fail(field.name, 'invalid_date', `${field.name} must be a date and time (ISO 8601)`, { code: 'dateTime' });
      break;
    case 'time':
      if (!timeOf(v)) fail(field.name, 'invalid_time', `${field.name} must be a time as HH:MM or HH:MM:SS`);
      break;
    default:
      break;
  }
  if (field.enum && !field.enum.includes(v)) fail(field.name, 'invalid_value', `${field.name} must be one of: ${field.enum.join(', ')}`, { code: 'oneOf', params: { allowed: field.enum.join(', ') } });
}

// ---------------------------------------------------------------------------------------------------
// Reading the folder

interface ParsedRow {
  row: number;
  values: CsvRow;
  /** Whether the row passed every check of its own (references are checked later). */
  ok: boolean;
}

interface ParsedFile {
  resource: HsdsResource;
  file: string;
  header: string[];
  rows: ParsedRow[];
}

export interface ReadPackage {
  files: Map<string, ParsedFile>;
  rejected: Rejection[];
  warnings: ImportWarning[];
}

/** The CSV files of a folder, by name. */
export function folderFiles(folder: string): PackageFile[] {
  return readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.csv') && statSync(join(folder, f)).isFile())
    .sort()
    .map((name) => ({ name, content: readFileSync(join(folder, name)) }));
}

/** Reads and checks every CSV of the folder, each row on its own (types, required fields, Ponte's rules). */
export function readHsdsFolder(folder: string): ReadPackage {
  return readHsdsFiles(folderFiles(folder));
}

/** Reads and checks every file of the package, each row on its own (types, required fields, Ponte's rules). */
export function readHsdsFiles(input: readonly PackageFile[], onRows?: (rows: number) => void): ReadPackage {
  const files = new Map<string, ParsedFile>();
  const rejected: Rejection[] = [];
  const warnings: ImportWarning[] = [];
  for (const { name: file, content, resource: named } of input) {
    const resource = named ? RESOURCE_BY_NAME.get(named) : RESOURCE_BY_PATH.get(file);
    if (!resource) {
      warnings.push({ file, kind: 'unknown_file', message: `${file} is not a file of the HSDS 3.0 package: not read` });
      continue;
    }
    const other = files.get(resource.name);
    if (other) {
      rejected.push({ file, row: 1, reason: 'duplicate', code: 'file', params: { other: other.file }, message: `${file} holds ${resource.name} rows, as ${other.file} does: send one file per resource` });
      continue;
    }
    const parsed = readFile(file, content, resource, rejected, warnings);
    if (parsed) {
      files.set(resource.name, parsed);
      onRows?.(parsed.rows.length);
    }
  }
  return { files, rejected, warnings };
}

function readFile(file: string, content: Buffer | string, resource: HsdsResource, rejected: Rejection[], warnings: ImportWarning[]): ParsedFile | undefined {
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; records?: number };
    rejected.push({
      file,
      row: (e.records ?? 0) + 1,
      reason: 'malformed_csv',
      code: 'unreadable',
      message: `the file cannot be read as CSV from this row on (${String(e.message ?? err).split('\n')[0]}); rows after it were not checked`,
    });
    return undefined;
  }
  if (records.length === 0) return { resource, file, header: [], rows: [] };
  const header = records[0]!.record.map((h) => h.trim());
  const known = new Set(resource.fields.map((f) => f.name));
  for (const h of header) {
    if (!known.has(h)) warnings.push({ file, field: h, kind: 'unknown_column', message: `${h} is not a field of ${resource.name}: its values are not read` });
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) rejected.push({ file, row: 1, field: h, reason: 'malformed_csv', code: 'duplicateColumn', message: `the column ${h} appears twice` });
    seen.add(h);
  }
  if (RESOURCES_NOT_STORED.has(resource.name)) {
    if (records.length > 1) {
      warnings.push({ file, kind: 'not_stored', rows: records.length - 1, message: `Ponte does not keep ${resource.name} rows: ${records.length - 1} row(s) not imported` });
    }
    return undefined;
  }
  const spec = SPECS[resource.name]!;
  const required = new Set([...resource.fields.filter((f) => f.required).map((f) => f.name), ...(PONTE_REQUIRED[resource.name] ?? [])]);
  // Metadata of a creation has no previous value: Ponte keeps such rows with an empty one.
  if (resource.name === 'metadata') for (const f of ['field_name', 'previous_value', 'replacement_value']) required.delete(f);
  let missingColumn = false;
  for (const field of required) {
    if (!header.includes(field)) {
      rejected.push({ file, row: 1, field, reason: 'missing_column', message: `the column ${field} is required and missing` });
      missingColumn = true;
    }
  }
  const notStored = new Map<string, number>();
  const rows: ParsedRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const rowNumber = info.records;
    const values: CsvRow = {};
    header.forEach((h, i) => {
      if (known.has(h)) values[h] = record[i] ?? '';
    });
    // Typed values lose the spaces around them; texts are kept as written (a text of spaces only is empty).
    for (const field of resource.fields) {
      const v = values[field.name];
      if (v === undefined) continue;
      values[field.name] = field.type !== 'string' || field.enum || v.trim() === '' || TRIMMED.has(`${resource.name}.${field.name}`) ? v.trim() : v;
    }
    let ok = !missingColumn;
    const fail: Fail = (field, reason, message, detail) => {
      ok = false;
      rejected.push({ file, row: rowNumber, ...(values.id ? { id: values.id } : {}), ...(field ? { field, value: (values[field] ?? '').slice(0, 200) } : {}), reason, ...detail, message });
    };
    if (record.length !== header.length) {
      fail(undefined, 'malformed_csv', `the row has ${record.length} fields, the header ${header.length}`, { code: 'fieldCount', params: { count: record.length, expected: header.length } });
      rows.push({ row: rowNumber, values, ok: false });
      continue;
    }
    for (const field of resource.fields) {
      const v = values[field.name];
      if (!filled(v)) {
        if (required.has(field.name) && header.includes(field.name)) fail(field.name, 'missing_required', `${field.name} is required`);
        continue;
      }
      if ([...(NOT_STORED[resource.name] ?? [])].includes(field.name)) notStored.set(field.name, (notStored.get(field.name) ?? 0) + 1);
      checkType(field, v, fail);
    }
    spec.check?.(values, fail);
    rows.push({ row: rowNumber, values, ok });
  }
  for (const [field, count] of notStored) {
    warnings.push({ file, field, kind: 'not_stored', rows: count, message: `Ponte does not keep ${resource.name}.${field}: ${count} value(s) not imported` });
  }
  for (const field of DERIVED[resource.name] ?? []) {
    if (header.includes(field)) warnings.push({ file, field, kind: 'derived', message: `${resource.name}.${field} is set by Ponte: the file's values are not taken` });
  }
  return { resource, file, header, rows };
}

// ---------------------------------------------------------------------------------------------------
// Checks across files and against the database

const lower = (v: string) => v.toLowerCase();

async function existingIds(db: Db | Tx, resource: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const table = SPECS[resource]!.table;
  const idColumn = getTableColumns(table).id as PgColumn;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const found = (await db.select({ id: idColumn }).from(table).where(inArray(idColumn, chunk))) as { id: string }[];
    for (const r of found) out.add(r.id);
  }
  return out;
}

interface Plan {
  files: Map<string, ParsedFile>;
  /** Per resource: ids that exist in the database (their rows are updated). */
  existing: Map<string, Set<string>>;
}

type AcrossFail = (f: ParsedFile, r: ParsedRow, field: string | undefined, reason: RejectReason, message: string, detail?: Detail) => void;

async function checkAcross(db: Db | Tx, pkg: ReadPackage): Promise<Plan> {
  const { files, rejected } = pkg;
  const fail: AcrossFail = (f, r, field, reason, message, detail) => {
    r.ok = false;
    rejected.push({ file: f.file, row: r.row, ...(r.values.id ? { id: r.values.id } : {}), ...(field ? { field, value: (r.values[field] ?? '').slice(0, 200) } : {}), reason, ...detail, message });
  };
  // Ids of each file (lower-case), and duplicates within a file.
  const csvIds = new Map<string, Set<string>>();
  for (const [name, f] of files) {
    const ids = new Set<string>();
    for (const r of f.rows) {
      const id = r.values.id;
      if (!filled(id) || !UUID_RE.test(id)) continue;
      if (ids.has(lower(id))) fail(f, r, 'id', 'duplicate_id', `the id ${id} is already used by another row of ${f.file}`);
      ids.add(lower(id));
    }
    csvIds.set(name, ids);
  }
  // What each reference points to must be in the package or already in Ponte.
  const wanted = new Map<string, Set<string>>();
  const want = (resource: string, id: string) => {
    if (csvIds.get(resource)?.has(lower(id))) return;
    let s = wanted.get(resource);
    if (!s) wanted.set(resource, (s = new Set()));
    s.add(lower(id));
  };
  const targetOf = (name: string, r: ParsedRow, field: string): string | undefined => {
    if (name === 'attribute' && field === 'link_id') return LINK_ENTITIES.includes(r.values.link_entity ?? '') ? r.values.link_entity : undefined;
    if (name === 'metadata' && field === 'resource_id') return SPECS[r.values.resource_type ?? ''] ? r.values.resource_type : undefined;
    return REFERENCES[name]![field];
  };
  const refFields = (name: string) => [...Object.keys(REFERENCES[name]!), ...(name === 'attribute' ? ['link_id'] : []), ...(name === 'metadata' ? ['resource_id'] : [])];
  for (const [name, f] of files) {
    for (const r of f.rows) {
      for (const field of refFields(name)) {
        const v = r.values[field];
        const target = targetOf(name, r, field);
        if (filled(v) && UUID_RE.test(v) && target) want(target, v);
      }
    }
  }
  const inDb = new Map<string, Set<string>>();
  for (const [resource, ids] of wanted) inDb.set(resource, await existingIds(db, resource, [...ids]));
  const known = (resource: string, id: string) => csvIds.get(resource)?.has(lower(id)) || inDb.get(resource)?.has(lower(id));
  for (const [name, f] of files) {
    for (const r of f.rows) {
      for (const field of refFields(name)) {
        const v = r.values[field];
        const target = targetOf(name, r, field);
        if (!filled(v) || !UUID_RE.test(v) || !target) continue;
        if (known(target, v)) continue;
        if (name === 'attribute' && field === 'taxonomy_term_id') {
          fail(f, r, field, 'unknown_taxonomy_term', `no taxonomy term ${v} in taxonomy_terms.csv or in Ponte`);
        } else {
          const where = RESOURCE_PATHS.get(target) ?? target;
          fail(f, r, field, 'unknown_reference', `no ${target} ${v} in ${where} or in Ponte`, { params: { file: where } });
        }
      }
    }
  }
  // Rows of the package that already exist are updated.
  const existing = new Map<string, Set<string>>();
  for (const [name, ids] of csvIds) existing.set(name, await existingIds(db, name, [...ids]));

  await checkUnique(db, files, existing, fail);
  checkCycles(files, fail);
  return { files, existing };
}

const RESOURCE_PATHS = new Map(HSDS_RESOURCES.map((r) => [r.name, r.path]));

/** Ponte's unique pairs: a service at a location once, a classification once, a term code once per taxonomy. */
async function checkUnique(
  db: Db | Tx,
  files: Map<string, ParsedFile>,
  existing: Map<string, Set<string>>,
  fail: AcrossFail,
) {
  const rules: { resource: string; fields: string[]; table: string; columns: string[]; by: string; code: string; message: string }[] = [
    { resource: 'service_at_location', fields: ['service_id', 'location_id'], table: 'dir_service_at_locations', columns: ['service_id', 'location_id'], by: 'service_id', code: 'serviceAtLocation', message: 'this service is already linked to this location' },
    { resource: 'attribute', fields: ['link_entity', 'link_id', 'taxonomy_term_id'], table: 'dir_attributes', columns: ['link_entity', 'link_id', 'taxonomy_term_id'], by: 'link_id', code: 'attribute', message: 'this record already has this taxonomy term' },
    { resource: 'taxonomy_term', fields: ['taxonomy_id', 'code'], table: 'dir_taxonomy_terms', columns: ['taxonomy_id', 'code'], by: 'taxonomy_id', code: 'termCode', message: 'this taxonomy already has a term with this code' },
  ];
  for (const rule of rules) {
    const f = files.get(rule.resource);
    if (!f) continue;
    const key = (values: Record<string, unknown>) => rule.fields.map((x) => String(values[x] ?? '').toLowerCase()).join('|');
    const taken = new Map<string, string>();
    const keys = f.rows.filter((r) => rule.fields.every((x) => filled(r.values[x])));
    const byValues = [...new Set(keys.map((r) => r.values[rule.by]!).filter((v) => UUID_RE.test(v)))];
    if (byValues.length) {
      const cols = sql.raw(['id', ...rule.columns].map((c) => `${c}::text AS ${c}`).join(', '));
      for (let i = 0; i < byValues.length; i += 1000) {
        const chunk = byValues.slice(i, i + 1000);
        const found = await rawRows<Record<string, string>>(db, sql`SELECT ${cols} FROM ${sql.raw(rule.table)} WHERE ${sql.raw(rule.by)} IN ${chunk}`);
        const updated = existing.get(rule.resource) ?? new Set();
        // Rows the package updates do not count: their values are replaced.
        for (const row of found) if (!updated.has(row.id!) && !f.rows.some((r) => lower(r.values.id ?? '') === row.id)) taken.set(key(row), row.id!);
      }
    }
    for (const r of keys) {
      const k = key(r.values);
      const other = taken.get(k);
      if (other && other !== lower(r.values.id ?? '')) fail(f, r, rule.fields[rule.fields.length - 1], 'duplicate', `${rule.message} (${other})`, { code: rule.code, params: { other } });
      else taken.set(k, lower(r.values.id ?? ''));
    }
  }
}

function checkCycles(files: Map<string, ParsedFile>, fail: AcrossFail) {
  for (const [resource, field] of Object.entries(SELF_REFS)) {
    const f = files.get(resource);
    if (!f) continue;
    // The first row of an id counts (a second one is refused as a duplicate).
    const parent = new Map<string, string | undefined>();
    const first = new Set<ParsedRow>();
    for (const r of f.rows) {
      const id = lower(r.values.id ?? '');
      if (id && !parent.has(id)) {
        parent.set(id, filled(r.values[field]) ? lower(r.values[field]!) : undefined);
        first.add(r);
      }
    }
    for (const r of first) {
      const start = lower(r.values.id ?? '');
      let at = parent.get(start);
      for (let steps = 0; at && steps <= parent.size; steps++) {
        if (at === start) {
          fail(f, r, field, 'inconsistent', `${field} makes a loop: the row is its own ancestor`, { code: 'loop' });
          break;
        }
        at = parent.get(at);
      }
    }
  }
}

/** Parents first within a file (the loops were refused before). */
function parentsFirst(resource: string, rows: ParsedRow[]): ParsedRow[] {
  const field = SELF_REFS[resource];
  if (!field) return rows;
  const pending = new Map(rows.map((r) => [lower(r.values.id!), r]));
  const out: ParsedRow[] = [];
  const visit = (r: ParsedRow, depth: number) => {
    const id = lower(r.values.id!);
    if (!pending.has(id) || depth > rows.length) return;
    const parentId = r.values[field];
    const parentRow = filled(parentId) ? pending.get(lower(parentId)) : undefined;
    if (parentRow && parentRow !== r) visit(parentRow, depth + 1);
    if (pending.delete(id)) out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** A CSV value as the Drizzle property's value ('' is NULL, or '' where Ponte keeps an empty text). */
function valueOf(resource: string, field: HsdsField, v: string | undefined): unknown {
  if (!filled(v)) {
    const emptyText = (resource === 'service' || resource === 'organization' || resource === 'program') && field.name === 'description';
    const metadataText = resource === 'metadata' && ['field_name', 'previous_value', 'replacement_value'].includes(field.name);
    return emptyText || metadataText ? '' : null;
  }
  if (resource === 'service' && field.name === 'assured_date') return new Date(`${v}T00:00:00Z`);
  if (resource === 'metadata' && field.name === 'last_action_date') return parseDateTime(v);
  switch (field.type) {
    case 'uuid':
      return v.toLowerCase();
    case 'time':
      return timeOf(v);
    case 'number':
      // Drizzle gives numeric columns (timezone, amount) and the phone extension as text.
      if ((resource === 'schedule' && field.name === 'timezone') || (resource === 'cost_option' && field.name === 'amount') || (resource === 'phone' && field.name === 'extension')) return v;
      return Number(v);
    default:
      return v;
  }
}

interface Touched {
  service: Set<string>;
  organization: Set<string>;
  program: Set<string>;
  location: Set<string>;
  service_at_location: Set<string>;
  contact: Set<string>;
  phone: Set<string>;
  taxonomy_term: Set<string>;
  taxonomy: Set<string>;
}

async function write(tx: Tx, plan: Plan, options: ImportOptions, report: ImportReport): Promise<void> {
  const now = new Date();
  const total = [...plan.files.values()].reduce((n, f) => n + f.rows.length, 0);
  let processed = 0;
  await options.onProgress?.({ phase: 'writing', processed, total });
  const publish = options.publish === true;
  const touched: Touched = {
    service: new Set(), organization: new Set(), program: new Set(), location: new Set(), service_at_location: new Set(),
    contact: new Set(), phone: new Set(), taxonomy_term: new Set(), taxonomy: new Set(),
  };
  const touch = (resource: string, id: unknown) => {
    if (typeof id === 'string' && id && resource in touched) touched[resource as keyof Touched].add(id.toLowerCase());
  };
  // A row shows in the documents of the services it reaches through these links (an organization, a
  // program, a term or a taxonomy changes the documents only when its own row changes).
  const LINKS: Record<string, string> = {
    service_id: 'service', location_id: 'location', service_at_location_id: 'service_at_location', contact_id: 'contact', phone_id: 'phone',
  };
  const touchRow = (resource: string, row: Record<string, unknown>) => {
    touch(resource, row.id);
    for (const [field, target] of Object.entries(LINKS)) touch(target, row[field]);
    if (resource === 'attribute') touch(String(row.link_entity), row.link_id);
  };

  for (const resource of WRITE_ORDER) {
    const f = plan.files.get(resource);
    if (!f || f.rows.length === 0) continue;
    const spec = SPECS[resource]!;
    const columns = getTableColumns(spec.table) as Record<string, PgColumn>;
    const fields = storedFields(f.resource).filter((field) => f.header.includes(field.name));
    const existing = plan.existing.get(resource) ?? new Set();
    // What the updated rows linked to before, so that the services they leave are refreshed too.
    const updatedIds = f.rows.map((r) => lower(r.values.id!)).filter((id) => existing.has(id));
    for (let i = 0; i < updatedIds.length; i += 1000) {
      const old = await rawRows<Record<string, unknown>>(tx, sql`SELECT * FROM ${spec.table} WHERE id IN ${updatedIds.slice(i, i + 1000)}`);
      for (const row of old) touchRow(resource, row);
    }
    const ordered = parentsFirst(resource, f.rows);
    const values = ordered.map((r) => {
      const out: Record<string, unknown> = {};
      for (const field of fields) out[propertyOf(resource, field.name)] = valueOf(resource, field, r.values[field.name]);
      if (resource === 'service') {
        Object.assign(out, { publicationStatus: publish ? 'published' : 'in_review', updatedAt: now, reviewNote: null, ...(publish ? { publishedAt: now } : { submittedAt: now }) });
        (publish ? report.services.published : report.services.inReview).push(String(out.id));
      }
      if (resource === 'organization') out.updatedAt = now;
      touchRow(resource, Object.fromEntries(fields.map((field) => [field.name, r.values[field.name]]).concat([['id', lower(r.values.id!)]])));
      return out;
    });
    const update: Record<string, SQL> = {};
    for (const key of Object.keys(values[0]!)) {
      if (key === 'id') continue;
      const column = columns[key]!;
      update[key] = sql.raw(`excluded."${column.name}"`);
    }
    // An already published service keeps the date it was first published.
    if (resource === 'service' && publish) update.publishedAt = sql`COALESCE(${services.publishedAt}, excluded.published_at)`;
    for (let i = 0; i < values.length; i += 200) {
      const chunk = values.slice(i, i + 200);
      await tx
        .insert(spec.table)
        .values(chunk as never)
        .onConflictDoUpdate({ target: columns.id!, set: update as never });
      processed += chunk.length;
      await options.onProgress?.({ phase: 'writing', processed, total });
    }
    report.counts[resource] = { created: values.length - updatedIds.length, updated: updatedIds.length };
  }

  // A location placed by its address in one of Ponte's municipalities joins the finder's municipality filter.
  if (touched.location.size) {
    await tx.execute(sql`UPDATE dir_locations l SET municipality_code = m.code
      FROM dir_addresses a, municipalities m
      WHERE a.location_id = l.id AND l.id IN ${[...touched.location]} AND l.municipality_code IS NULL
        AND lower(ponte_unaccent(trim(a.city))) = lower(ponte_unaccent(m.name))`);
  }

  const affected = await affectedServices(tx, touched);
  const imported = new Set([...report.services.published, ...report.services.inReview]);
  const published = await rawRows<{ id: string }>(
    tx,
    affected.length ? sql`SELECT id::text AS id FROM dir_services WHERE id IN ${affected} AND publication_status = 'published' ORDER BY id` : sql`SELECT NULL::text AS id WHERE false`,
  );
  for (const { id } of published) {
    await refreshPublishedService(tx, id);
    if (!imported.has(id)) report.services.refreshed.push(id);
  }
  await recordAudit(tx, options.actor ?? { userId: null, organizationId: null, ip: null }, {
    action: 'directory.hsds.imported',
    entityType: 'dir_service',
    details: { counts: report.counts, publish, services: { published: report.services.published.length, inReview: report.services.inReview.length, refreshed: report.services.refreshed.length } },
  });
}

/** Every service whose HSDS document shows one of the touched rows. */
async function affectedServices(tx: Tx, t: Touched): Promise<string[]> {
  const list = (s: Set<string>) => (s.size ? sql`${[...s]}` : sql`(NULL)`);
  // Phones and contacts are shown where they are linked: follow their links first.
  if (t.phone.size) {
    for (const r of await rawRows<Record<string, string | null>>(
      tx,
      sql`SELECT service_id::text, location_id::text, service_at_location_id::text, contact_id::text FROM dir_phones WHERE id IN ${list(t.phone)}`,
    )) {
      if (r.service_id) t.service.add(r.service_id);
      if (r.location_id) t.location.add(r.location_id);
      if (r.service_at_location_id) t.service_at_location.add(r.service_at_location_id);
      if (r.contact_id) t.contact.add(r.contact_id);
    }
  }
  if (t.contact.size) {
    for (const r of await rawRows<Record<string, string | null>>(
      tx,
      sql`SELECT service_id::text, location_id::text, service_at_location_id::text FROM dir_contacts WHERE id IN ${list(t.contact)}`,
    )) {
      if (r.service_id) t.service.add(r.service_id);
      if (r.location_id) t.location.add(r.location_id);
      if (r.service_at_location_id) t.service_at_location.add(r.service_at_location_id);
    }
  }
  if (t.taxonomy.size) {
    for (const r of await rawRows<{ id: string }>(tx, sql`SELECT id::text FROM dir_taxonomy_terms WHERE taxonomy_id IN ${list(t.taxonomy)}`)) t.taxonomy_term.add(r.id);
  }
  const found = await rawRows<{ id: string }>(
    tx,
    sql`SELECT id::text AS id FROM dir_services WHERE id IN ${list(t.service)} OR organization_id IN ${list(t.organization)} OR program_id IN ${list(t.program)}
        UNION SELECT service_id::text FROM dir_service_at_locations WHERE id IN ${list(t.service_at_location)} OR location_id IN ${list(t.location)}
        UNION SELECT a.link_id::text FROM dir_attributes a WHERE a.link_entity = 'service' AND a.taxonomy_term_id IN ${list(t.taxonomy_term)}
        UNION SELECT sal.service_id::text FROM dir_attributes a JOIN dir_service_at_locations sal
          ON (a.link_entity = 'location' AND sal.location_id = a.link_id) OR (a.link_entity = 'service_at_location' AND sal.id = a.link_id)
          WHERE a.taxonomy_term_id IN ${list(t.taxonomy_term)}`,
  );
  return [...new Set(found.map((r) => r.id))].sort();
}

// ---------------------------------------------------------------------------------------------------

class DryRunRollback extends Error {}

/** Imports a folder of HSDS CSV files; see the top of this file. */
export async function importHsdsFolder(db: Db, folder: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importHsdsPackage(db, folderFiles(folder), options);
}

/** Imports the files of an HSDS package (read from a folder, or uploaded); see the top of this file. */
export async function importHsdsPackage(db: Db, files: readonly PackageFile[], options: ImportOptions = {}): Promise<ImportReport> {
  const dryRun = options.dryRun === true;
  const pkg = readHsdsFiles(files);
  const report: ImportReport = { ok: false, dryRun, written: false, rejected: pkg.rejected, warnings: pkg.warnings, counts: {}, services: { published: [], inReview: [], refreshed: [] } };
  const total = [...pkg.files.values()].reduce((n, f) => n + f.rows.length, 0);
  await options.onProgress?.({ phase: 'checking', processed: 0, total });
  const plan = await checkAcross(db, pkg);
  sortRejections(report.rejected);
  if (report.rejected.length > 0) return report;
  await options.onProgress?.({ phase: 'checking', processed: total, total });
  try {
    await db.transaction(async (tx) => {
      await write(tx, plan, options, report);
      if (dryRun) throw new DryRunRollback();
      report.ok = true;
      report.written = true;
      await options.afterWrite?.(tx, report);
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) {
      report.ok = false;
      report.written = false;
      // What the checks did not foresee and the database refused: nothing is written, the report says why.
      const e = err as { message?: string; constraint?: string; cause?: { message?: string; constraint?: string } };
      const detail = e.cause?.constraint ?? e.constraint ?? e.cause?.message ?? e.message ?? String(err);
      const first = String(detail).split('\n')[0]!.slice(0, 200);
      report.rejected.push({ file: '', row: 0, reason: 'database', params: { detail: first }, message: `the database refused the import (${first})` });
      report.services = { published: [], inReview: [], refreshed: [] };
      return report;
    }
  }
  report.ok = true;
  return report;
}

const FILE_ORDER = new Map(HSDS_RESOURCES.map((r, i) => [r.path, i]));

function sortRejections(rejected: Rejection[]) {
  rejected.sort((a, b) => (FILE_ORDER.get(a.file) ?? 99) - (FILE_ORDER.get(b.file) ?? 99) || a.row - b.row || (a.field ?? '').localeCompare(b.field ?? ''));
}

/** One line per rejected row, for people. */
export function describeRejection(r: Rejection): string {
  const where = r.file ? `${r.file} row ${r.row}` : 'import';
  const field = r.field ? ` ${r.field}${r.value !== undefined && r.value !== '' ? ` = "${r.value}"` : ''}` : '';
  return `${where}${field}: ${r.reason}: ${r.message}`;
}
