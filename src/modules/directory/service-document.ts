// Builds the Open Referral HSDS 3.0 "service_full" document of one service from the normalized tables.
// Fields with no value are left out (HSDS types them as strings, numbers: not null).
import { and, eq, inArray, or } from 'drizzle-orm';
import { readAll, type DbOrTx } from '../../kernel/db/client.js';
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
  taxonomies,
  taxonomyTerms,
  type Translations,
} from './directory.schema.js';

type Row = Record<string, unknown>;
export type HsdsDocument = Record<string, unknown>;

const SNAKE = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\D)(\d)/g, '$1_$2');

/** camelCase Drizzle row → HSDS snake_case object, without nulls and without Ponte-only columns. */
export function toHsds(row: Row, omit: readonly string[] = []): HsdsDocument {
  const out: HsdsDocument = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined || omit.includes(k)) continue;
    out[SNAKE(k)] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const PONTE_SERVICE_COLUMNS = [
  'translations', 'publicationStatus', 'reviewNote', 'submittedAt', 'publishedAt', 'lastVerifiedAt', 'lastVerifiedBy',
  'createdAt', 'updatedAt', 'freeOfCharge', 'appointmentRequired',
] as const;
const PONTE_LOCATION_COLUMNS = ['translations', 'municipalityCode', 'wheelchairAccessible'] as const;

export interface ServiceGraph {
  service: typeof services.$inferSelect;
  organization: typeof dirOrganizations.$inferSelect;
  program: typeof programs.$inferSelect | undefined;
  locations: (typeof locations.$inferSelect)[];
  addresses: (typeof addresses.$inferSelect)[];
  serviceAtLocations: (typeof serviceAtLocations.$inferSelect)[];
  phones: (typeof phones.$inferSelect)[];
  schedules: (typeof schedules.$inferSelect)[];
  languages: (typeof languages.$inferSelect)[];
  requiredDocuments: (typeof requiredDocuments.$inferSelect)[];
  costOptions: (typeof costOptions.$inferSelect)[];
  accessibility: (typeof accessibility.$inferSelect)[];
  serviceAreas: (typeof serviceAreas.$inferSelect)[];
  contacts: (typeof contacts.$inferSelect)[];
  funding: (typeof funding.$inferSelect)[];
  terms: { term: typeof taxonomyTerms.$inferSelect; taxonomy: typeof taxonomies.$inferSelect; attribute: typeof attributes.$inferSelect }[];
  /** Classifications of the service's locations and service-at-locations (not of the service itself). */
  placeTerms: { term: typeof taxonomyTerms.$inferSelect; taxonomy: typeof taxonomies.$inferSelect; attribute: typeof attributes.$inferSelect }[];
  /** The locations' own opening hours (kept apart: the service's hours are `schedules`). */
  locationSchedules: (typeof schedules.$inferSelect)[];
}

/** Everything about one service, in a fixed number of queries. */
export async function loadServiceGraph(db: DbOrTx, serviceId: string): Promise<ServiceGraph | undefined> {
  const [service] = await db.select().from(services).where(eq(services.id, serviceId));
  if (!service) return undefined;
  const [organization] = await db.select().from(dirOrganizations).where(eq(dirOrganizations.id, service.organizationId));
  const program = service.programId ? (await db.select().from(programs).where(eq(programs.id, service.programId)))[0] : undefined;
  const sals = await db.select().from(serviceAtLocations).where(eq(serviceAtLocations.serviceId, serviceId));
  const locationIds = sals.map((s) => s.locationId);
  const salIds = sals.map((s) => s.id);
  const anyOf = <T>(ids: string[], col: T) => (ids.length ? inArray(col as never, ids) : undefined);
  const termsOf = (entity: 'service' | 'location' | 'service_at_location', ids: string[]) =>
    ids.length
      ? db
          .select({ term: taxonomyTerms, taxonomy: taxonomies, attribute: attributes })
          .from(attributes)
          .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
          .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
          .where(and(eq(attributes.linkEntity, entity), inArray(attributes.linkId, ids)))
      : Promise.resolve([]);
  const [locs, addrs, phs, scheds, langs, docs, costs, access, areas, conts, funds, terms, locTerms, salTerms, locScheds] = await readAll(db, [
    async () => locationIds.length ? db.select().from(locations).where(inArray(locations.id, locationIds)) : [],
    async () => locationIds.length ? db.select().from(addresses).where(inArray(addresses.locationId, locationIds)) : [],
    async () => db.select().from(phones).where(or(eq(phones.serviceId, serviceId), anyOf(locationIds, phones.locationId), anyOf(salIds, phones.serviceAtLocationId))),
    async () => db.select().from(schedules).where(or(eq(schedules.serviceId, serviceId), anyOf(salIds, schedules.serviceAtLocationId))),
    async () => db.select().from(languages).where(or(eq(languages.serviceId, serviceId), anyOf(locationIds, languages.locationId))),
    async () => db.select().from(requiredDocuments).where(eq(requiredDocuments.serviceId, serviceId)),
    async () => db.select().from(costOptions).where(eq(costOptions.serviceId, serviceId)),
    async () => locationIds.length ? db.select().from(accessibility).where(inArray(accessibility.locationId, locationIds)) : [],
    async () => db.select().from(serviceAreas).where(eq(serviceAreas.serviceId, serviceId)),
    async () => db.select().from(contacts).where(or(eq(contacts.serviceId, serviceId), anyOf(salIds, contacts.serviceAtLocationId), anyOf(locationIds, contacts.locationId))),
    async () => db.select().from(funding).where(eq(funding.serviceId, serviceId)),
    async () => termsOf('service', [serviceId]),
    async () => termsOf('location', locationIds),
    async () => termsOf('service_at_location', salIds),
    async () => locationIds.length ? db.select().from(schedules).where(inArray(schedules.locationId, locationIds)) : [],
  ]);
  // Second round: the phones of the contacts, and the languages spoken on the phones.
  const phoneIds = new Set(phs.map((p) => p.id));
  const contactIds = conts.map((c) => c.id);
  const contactPhones = contactIds.length ? await db.select().from(phones).where(inArray(phones.contactId, contactIds)) : [];
  const allPhones = [...phs, ...contactPhones.filter((p) => !phoneIds.has(p.id))];
  const langIds = new Set(langs.map((l) => l.id));
  const phoneLangs = allPhones.length ? await db.select().from(languages).where(inArray(languages.phoneId, allPhones.map((p) => p.id))) : [];
  return {
    service,
    organization: organization!,
    program,
    locations: locs,
    addresses: addrs,
    serviceAtLocations: sals,
    phones: allPhones,
    schedules: scheds,
    languages: [...langs, ...phoneLangs.filter((l) => !langIds.has(l.id))],
    requiredDocuments: docs,
    costOptions: costs,
    accessibility: access,
    serviceAreas: areas,
    contacts: conts,
    funding: funds,
    terms,
    placeTerms: [...locTerms, ...salTerms],
    locationSchedules: locScheds,
  };
}

/** HSDS types a phone's extension as a number: a numeric extension is given as one, anything else is left out. */
export const extensionOf = (x: string | null) => (x !== null && /^\d{1,15}$/.test(x.trim()) ? Number(x.trim()) : null);
const LANGUAGE_LINKS = ['serviceId', 'locationId', 'phoneId'] as const;
const SCHEDULE_LINKS = ['serviceId', 'locationId', 'serviceAtLocationId'] as const;
const CONTACT_LINKS = ['organizationId', 'serviceId', 'serviceAtLocationId', 'locationId'] as const;

export function serviceDocument(g: ServiceGraph): HsdsDocument {
  const s = g.service;
  const hsdsPhone = (p: ServiceGraph['phones'][number]) =>
    toHsds({
      id: p.id,
      number: p.number,
      extension: extensionOf(p.extension),
      type: p.type,
      description: p.description,
      languages: g.languages.filter((l) => l.phoneId === p.id).map((l) => toHsds(l, LANGUAGE_LINKS)),
    });
  const hsdsSchedule = (x: ServiceGraph['schedules'][number]) =>
    toHsds({ ...x, timezone: x.timezone === null ? null : Number(x.timezone) }, SCHEDULE_LINKS);
  const hsdsContact = (c: ServiceGraph['contacts'][number]) => ({
    ...toHsds(c, CONTACT_LINKS),
    phones: g.phones.filter((p) => p.contactId === c.id).map(hsdsPhone),
  });
  const attributeOf = (t: ServiceGraph['terms'][number]) => ({
    ...toHsds({
      id: t.attribute.id,
      linkId: t.attribute.linkId,
      taxonomyTermId: t.attribute.taxonomyTermId,
      linkType: t.attribute.linkType,
      linkEntity: t.attribute.linkEntity,
      value: t.attribute.value,
    }),
    taxonomy_term: {
      ...toHsds({ id: t.term.id, code: t.term.code, name: t.term.name, description: t.term.description, parentId: t.term.parentId, termUri: t.term.termUri }),
      taxonomy: t.taxonomy.name,
      taxonomy_id: t.taxonomy.id,
      taxonomy_detail: toHsds({ ...t.taxonomy }),
    },
  });
  return {
    ...toHsds(s, PONTE_SERVICE_COLUMNS),
    last_modified: s.updatedAt.toISOString(),
    ...(s.lastVerifiedAt ? { assured_date: s.lastVerifiedAt.toISOString().slice(0, 10) } : {}),
    organization: toHsds(g.organization, ['translations', 'ownerOrganizationId', 'createdAt', 'updatedAt']),
    ...(g.program ? { program: toHsds(g.program) } : {}),
    phones: g.phones.filter((p) => p.serviceId === s.id).map(hsdsPhone),
    schedules: g.schedules.filter((x) => x.serviceId === s.id).map(hsdsSchedule),
    service_areas: g.serviceAreas.map((a) => toHsds(a, ['serviceId', 'municipalityCode'])),
    service_at_locations: g.serviceAtLocations.map((sal) => {
      const loc = g.locations.find((l) => l.id === sal.locationId)!;
      return {
        ...toHsds({ id: sal.id, serviceId: sal.serviceId, locationId: sal.locationId, description: sal.description }),
        contacts: g.contacts.filter((c) => c.serviceAtLocationId === sal.id).map(hsdsContact),
        phones: g.phones.filter((p) => p.serviceAtLocationId === sal.id).map(hsdsPhone),
        schedules: g.schedules.filter((x) => x.serviceAtLocationId === sal.id).map(hsdsSchedule),
        location: {
          ...toHsds(loc, PONTE_LOCATION_COLUMNS),
          languages: g.languages.filter((l) => l.locationId === loc.id).map((l) => toHsds(l, LANGUAGE_LINKS)),
          addresses: g.addresses.filter((a) => a.locationId === loc.id).map((a) => toHsds(a, ['locationId'])),
          contacts: g.contacts.filter((c) => c.locationId === loc.id).map(hsdsContact),
          accessibility: g.accessibility.filter((a) => a.locationId === loc.id).map((a) => toHsds(a, ['locationId'])),
          phones: g.phones.filter((p) => p.locationId === loc.id).map(hsdsPhone),
          schedules: g.locationSchedules.filter((x) => x.locationId === loc.id).map(hsdsSchedule),
          attributes: g.placeTerms.filter((t) => t.attribute.linkEntity === 'location' && t.attribute.linkId === loc.id).map(attributeOf),
        },
        attributes: g.placeTerms.filter((t) => t.attribute.linkEntity === 'service_at_location' && t.attribute.linkId === sal.id).map(attributeOf),
      };
    }),
    languages: g.languages.filter((l) => l.serviceId === s.id).map((l) => toHsds(l, LANGUAGE_LINKS)),
    funding: g.funding.map((f) => toHsds(f, ['organizationId', 'serviceId'])),
    cost_options: g.costOptions.map((c) => ({ ...toHsds(c, ['serviceId']), ...(c.amount !== null ? { amount: Number(c.amount) } : {}) })),
    required_documents: g.requiredDocuments.map((d) => toHsds(d, ['serviceId', 'translations'])),
    contacts: g.contacts.filter((c) => c.serviceId === s.id).map(hsdsContact),
    attributes: g.terms.map(attributeOf),
    metadata: [],
  };
}

/** Per-locale texts of the service for the public pages: service fields, organization name, documents. */
export function serviceTranslations(g: ServiceGraph): Translations {
  const out: Translations = {};
  const add = (locale: string, key: string, value: string | undefined) => {
    if (!value) return;
    (out[locale] ??= {})[key] = value;
  };
  for (const [locale, fields] of Object.entries(g.service.translations)) for (const [k, v] of Object.entries(fields)) add(locale, k, v);
  for (const [locale, fields] of Object.entries(g.organization.translations)) add(locale, 'organization_name', fields.name);
  g.requiredDocuments.forEach((d, i) => {
    for (const [locale, fields] of Object.entries(d.translations)) add(locale, `document_${i}`, fields.document);
  });
  return out;
}
