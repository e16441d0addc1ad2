// The HSDS 3.0 tabular data package, as Ponte reads and writes it: one CSV file per resource, the columns
// in the order of the standard's datapackage.json. Only names, types, required flags and enumerations are
// written here (what import and export need); test/integration/hsds-tabular.test.ts checks them against
// the standard's datapackage.json, so that a difference is found by a test and not by a partner.

export type HsdsFieldType = 'string' | 'uuid' | 'email' | 'uri' | 'number' | 'date' | 'datetime' | 'time';

export interface HsdsField {
  name: string;
  type: HsdsFieldType;
  required: boolean;
  enum?: readonly string[];
}

export interface HsdsResource {
  /** The datapackage's resource name ('service'). */
  name: string;
  /** The CSV file ('services.csv'). */
  path: string;
  fields: readonly HsdsField[];
}

const ENUMS: Record<string, readonly string[]> = {
  'service.status': ['active', 'inactive', 'defunct', 'temporarily closed'],
  'location.location_type': ['physical', 'postal', 'virtual'],
  'address.address_type': ['physical', 'postal', 'virtual'],
  'schedule.wkst': ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
  'schedule.freq': ['WEEKLY', 'MONTHLY'],
};

/** 'id:uuid!' is a required uuid field; a bare name is an optional string. */
function resource(name: string, path: string, spec: string): HsdsResource {
  const fields = spec.split(' ').map((token): HsdsField => {
    const required = token.endsWith('!');
    const [field, type = 'string'] = (required ? token.slice(0, -1) : token).split(':') as [string, HsdsFieldType | undefined];
    const values = ENUMS[`${name}.${field}`];
    return { name: field, type, required, ...(values ? { enum: values } : {}) };
  });
  return { name, path, fields };
}

/** Every resource of the package, in the datapackage's order. */
export const HSDS_RESOURCES: readonly HsdsResource[] = [
  resource('organization', 'organizations.csv', 'id:uuid! name! alternate_name description! email:email website:uri tax_status tax_id year_incorporated:number legal_status logo uri:uri parent_organization_id:uuid'),
  resource('program', 'programs.csv', 'id:uuid! organization_id:uuid! name! alternate_name description!'),
  resource('service', 'services.csv', 'id:uuid! organization_id:uuid! program_id:uuid name! alternate_name description url:uri email:email status! interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email:email licenses alert last_modified:datetime'),
  resource('attribute', 'attributes.csv', 'id:uuid! link_id:uuid! taxonomy_term_id:uuid! link_type link_entity! value'),
  resource('service_at_location', 'service_at_location.csv', 'id:uuid! service_id:uuid! location_id:uuid! description'),
  resource('location', 'locations.csv', 'id:uuid! location_type! url:uri organization_id:uuid name alternate_name description transportation latitude:number longitude:number external_identifier external_identifier_type'),
  resource('phone', 'phones.csv', 'id:uuid! location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid service_at_location_id:uuid number! extension:number type description'),
  resource('contact', 'contacts.csv', 'id:uuid! organization_id:uuid service_id:uuid service_at_location_id:uuid location_id:uuid name title department email:email'),
  resource('address', 'addresses.csv', 'id:uuid! location_id:uuid attention address_1! address_2 city! region state_province! postal_code! country! address_type!'),
  resource('schedule', 'schedules.csv', 'id:uuid! service_id:uuid location_id:uuid service_at_location_id:uuid valid_from:date valid_to:date dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday byyearday description opens_at:time closes_at:time schedule_link:uri attending_type notes'),
  resource('funding', 'funding.csv', 'id:uuid! organization_id:uuid service_id:uuid source'),
  resource('service_area', 'service_areas.csv', 'id:uuid! service_id:uuid name description extent extent_type uri'),
  resource('required_document', 'required_documents.csv', 'id:uuid! service_id:uuid document uri:uri'),
  resource('language', 'languages.csv', 'id:uuid! service_id:uuid location_id:uuid phone_id:uuid name code note'),
  resource('accessibility', 'accessibility.csv', 'id:uuid! location_id:uuid description details url:uri'),
  resource('taxonomy_term', 'taxonomy_terms.csv', 'id:uuid! code name! description! parent_id:uuid taxonomy language taxonomy_id:uuid term_uri:uri'),
  resource('metadata', 'metadata.csv', 'id:uuid! resource_id:uuid! resource_type! last_action_date:date! last_action_type! field_name! previous_value! replacement_value! updated_by!'),
  resource('meta_table_description', 'meta_table_descriptions.csv', 'id:uuid! name language character_set'),
  resource('cost_option', 'cost_options.csv', 'id:uuid! service_id:uuid! valid_from:date valid_to:date option currency amount:number amount_description'),
  resource('organization_identifier', 'organization_identifiers.csv', 'id:uuid! organization_id:uuid! identifier_scheme identifier_type! identifier!'),
  resource('taxonomy', 'taxonomies.csv', 'id:uuid! name! description! uri:uri version'),
];

export const RESOURCE_BY_NAME: ReadonlyMap<string, HsdsResource> = new Map(HSDS_RESOURCES.map((r) => [r.name, r]));
export const RESOURCE_BY_PATH: ReadonlyMap<string, HsdsResource> = new Map(HSDS_RESOURCES.map((r) => [r.path, r]));

/** HSDS fields that Ponte does not keep: an import reports their values as not stored, an export leaves them empty. */
export const NOT_STORED: Readonly<Record<string, readonly string[]>> = {
  organization: ['tax_status', 'year_incorporated', 'logo'],
  service: ['fees', 'accreditations', 'assurer_email', 'licenses'],
  taxonomy_term: ['language'],
};

/**
 * HSDS fields whose value Ponte computes: an import does not take them, an export writes Ponte's own.
 * `last_modified` is when Ponte's copy last changed (what an API client's modified_after compares with);
 * a term's `taxonomy` is the name of its taxonomy.
 */
export const DERIVED: Readonly<Record<string, readonly string[]>> = {
  service: ['last_modified'],
  taxonomy_term: ['taxonomy'],
};

/** Each stored resource's references: field → the resource whose id it holds. */
export const REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  organization: { parent_organization_id: 'organization' },
  program: { organization_id: 'organization' },
  service: { organization_id: 'organization', program_id: 'program' },
  location: { organization_id: 'organization' },
  address: { location_id: 'location' },
  service_at_location: { service_id: 'service', location_id: 'location' },
  contact: { organization_id: 'organization', service_id: 'service', service_at_location_id: 'service_at_location', location_id: 'location' },
  phone: { location_id: 'location', service_id: 'service', organization_id: 'organization', contact_id: 'contact', service_at_location_id: 'service_at_location' },
  schedule: { service_id: 'service', location_id: 'location', service_at_location_id: 'service_at_location' },
  funding: { organization_id: 'organization', service_id: 'service' },
  service_area: { service_id: 'service' },
  required_document: { service_id: 'service' },
  language: { service_id: 'service', location_id: 'location', phone_id: 'phone' },
  accessibility: { location_id: 'location' },
  taxonomy: {},
  taxonomy_term: { parent_id: 'taxonomy_term', taxonomy_id: 'taxonomy' },
  cost_option: { service_id: 'service' },
  attribute: { taxonomy_term_id: 'taxonomy_term' },
  metadata: {},
};

/** Fields HSDS leaves optional that Ponte cannot do without (its columns are NOT NULL). */
export const PONTE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  address: ['location_id'],
  service_area: ['service_id'],
  required_document: ['service_id', 'document'],
  accessibility: ['location_id'],
  taxonomy_term: ['code', 'taxonomy_id'],
};

/** The Drizzle property of an HSDS field ('address_1' → 'address1'; a service's assured_date is when Ponte last verified it). */
export function propertyOf(resource: string, field: string): string {
  if (resource === 'service' && field === 'assured_date') return 'lastVerifiedAt';
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The HSDS fields of a resource that Ponte stores. */
export function storedFields(resource: HsdsResource): HsdsField[] {
  const skip = new Set([...(NOT_STORED[resource.name] ?? []), ...(DERIVED[resource.name] ?? [])]);
  return resource.fields.filter((f) => !skip.has(f.name));
}

/** Resources with no table in Ponte: their rows are reported, not imported, and exported as a header. */
export const RESOURCES_NOT_STORED: ReadonlySet<string> = new Set(['meta_table_description', 'organization_identifier']);

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date, or date and time (UTC when no offset is given); undefined for anything else. */
export function parseDateTime(text: string): Date | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  // Date.UTC rolls 2024-02-31 over to March: a date that does not exist is refused.
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo! - 1 || day.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const fraction = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  const zone = m[8]?.toUpperCase();
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s) + Math.round(fraction) - offsetMinutes * 60_000);
}
