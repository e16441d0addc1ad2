// The Open Referral HSDS 3.0 API (schema/openapi.json of the standard): public, read-only, and only about
// published services. Lists answer with a Page object; a wrong query parameter answers 400 and names it;
// an unknown, unpublished or malformed id answers 404 (application/problem+json, translated title).
// The parameters each route reads, and the OpenAPI document that describes them, come from one table
// (hsds-openapi.ts). Decisions: docs/adr/0007-hsds-api.md, docs/adr/0010-directory-import-and-openapi.md.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { hsdsRepo, type Json, type PageRequest } from './hsds.repo.js';
import { finderRepo } from './finder.repo.js';
import { publishedIndexOf } from './published-index.js';
import { extensionOf, toHsds } from './service-document.js';
import type { attributes, taxonomies, taxonomyTerms } from './directory.schema.js';
import { parseDateTime, UUID_RE } from './hsds-tabular.js';
import { HSDS_VERSION, MAX_PAGE, MAX_PROXIMITY, MAX_SEARCH_LENGTH, MINIMAL_PER_PAGE, PER_PAGE, hsdsOpenApi, queryOf, type ParamKind } from './hsds-openapi.js';

export { HSDS_VERSION, MAX_PAGE, MAX_PROXIMITY, MAX_SEARCH_LENGTH, MINIMAL_PER_PAGE, PER_PAGE };

// ---------------------------------------------------------------------------------------------------
// Query parameters

interface InvalidParam {
  name: string;
  /** A stable code, the same in every language: what is wrong with the value. */
  reason: 'repeated' | 'not_an_integer' | 'out_of_range' | 'too_long' | 'not_a_boolean' | 'not_a_uuid' | 'not_a_date' | 'unsupported_value' | 'requires_postcode' | 'not_a_number';
}

class BadQuery extends Error {
  constructor(readonly invalid: InvalidParam[]) {
    super('bad query');
  }
}

interface Parsed {
  search?: string;
  page: number;
  per_page: number;
  format: 'json' | 'ndjson';
  booleans: Record<string, boolean>;
  uuids: Record<string, string>;
  modified_after?: Date;
  postcode?: string;
  proximity?: number;
}

/** Reads the query parameters this endpoint knows; others are ignored. Collects every problem before answering. */
function readQuery(req: FastifyRequest, known: Readonly<Record<string, ParamKind>>, perPage: { default: number; max: number } = PER_PAGE): Parsed {
  const query = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  const invalid: InvalidParam[] = [];
  const out: Parsed = { page: 1, per_page: perPage.default, format: 'json', booleans: {}, uuids: {} };
  for (const [name, kind] of Object.entries(known)) {
    const raw = query[name];
    if (raw === undefined) continue;
    if (Array.isArray(raw)) {
      invalid.push({ name, reason: 'repeated' });
      continue;
    }
    const value = raw.trim();
    const fail = (reason: InvalidParam['reason']) => invalid.push({ name, reason });
    switch (kind) {
      case 'search':
        if (raw.length > MAX_SEARCH_LENGTH) fail('too_long');
        else if (value) out.search = value;
        break;
      case 'page':
      case 'per_page': {
        if (!/^\d{1,9}$/.test(value)) {
          fail(/^-?\d+$/.test(value) ? 'out_of_range' : 'not_an_integer');
          break;
        }
        const n = Number(value);
        const max = kind === 'page' ? MAX_PAGE : perPage.max;
        if (n < 1 || n > max) fail('out_of_range');
        else if (kind === 'page') out.page = n;
        else out.per_page = n;
        break;
      }
      case 'boolean':
        if (['true', '1'].includes(value.toLowerCase())) out.booleans[name] = true;
        else if (['false', '0'].includes(value.toLowerCase())) out.booleans[name] = false;
        else fail('not_a_boolean');
        break;
      case 'uuid':
        if (!UUID_RE.test(value)) fail('not_a_uuid');
        else out.uuids[name] = value.toLowerCase();
        break;
      case 'datetime': {
        const date = value.length <= 40 ? parseDateTime(value) : undefined;
        if (!date) fail('not_a_date');
        else out.modified_after = date;
        break;
      }
      case 'format':
        if (value === 'json' || value === 'ndjson') out.format = value;
        else fail('unsupported_value');
        break;
      case 'postcode':
        if (!/^[0-9A-Za-z][0-9A-Za-z -]{1,11}$/.test(value)) fail('unsupported_value');
        else out.postcode = value;
        break;
      case 'proximity': {
        if (!/^\d{1,7}(\.\d{1,3})?$/.test(value)) {
          fail('not_a_number');
          break;
        }
        const n = Number(value);
        if (n <= 0 || n > MAX_PROXIMITY) fail('out_of_range');
        else out.proximity = n;
        break;
      }
    }
  }
  if (out.proximity !== undefined && out.postcode === undefined && !invalid.some((i) => i.name === 'postcode')) {
    invalid.push({ name: 'proximity', reason: 'requires_postcode' });
  }
  if (invalid.length) throw new BadQuery(invalid);
  return out;
}


// ---------------------------------------------------------------------------------------------------
// Answers

/** Open data: any site may read it from a browser. */
function openData(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
}

function badRequest(req: FastifyRequest, reply: FastifyReply, invalid: InvalidParam[]) {
  req.log.info({ invalid }, 'hsds query refused');
  return openData(reply)
    .status(400)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: req.tr.t('errors.badRequest.title'),
      status: 400,
      detail: req.tr.t('errors.badRequest.body'),
      invalid_params: invalid,
    });
}

interface PageOf<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export function pageOf<T>(contents: T[], total: number, p: PageRequest): PageOf<T> {
  const totalPages = Math.ceil(total / p.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: p.page,
    size: contents.length,
    first_page: p.page === 1,
    last_page: p.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/**
 * A list endpoint: one Page, or with format=ndjson every result, one JSON object a line, without pages.
 * `fetch` answers one page of items and the total.
 */
async function list<T>(reply: FastifyReply, q: Parsed, fetch: (p: PageRequest) => Promise<{ total: number; items: T[] }>) {
  openData(reply);
  if (q.format === 'ndjson') {
    async function* lines() {
      const perPage = PER_PAGE.max;
      for (let page = 1; ; page++) {
        const { total, items } = await fetch({ page, perPage });
        for (const item of items) yield `${JSON.stringify(item)}\n`;
        if (items.length === 0 || page * perPage >= total) return;
      }
    }
    return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
  }
  const p = { page: q.page, perPage: q.per_page };
  const { total, items } = await fetch(p);
  return pageOf(items, total, p);
}

function pick(source: Json | undefined, keys: readonly string[]): Json {
  const out: Json = {};
  if (!source) return out;
  for (const k of keys) if (source[k] !== undefined && source[k] !== null) out[k] = source[k];
  return out;
}

const ORGANIZATION_FIELDS = ['id', 'name', 'alternate_name', 'description', 'email', 'website', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status', 'logo', 'uri', 'parent_organization_id'] as const;
const PROGRAM_FIELDS = ['id', 'organization_id', 'name', 'alternate_name', 'description'] as const;
const SERVICE_FIELDS = [
  'id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services',
  'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age',
  'assured_date', 'assurer_email', 'licenses', 'alert', 'last_modified',
] as const;
const LOCATION_FIELDS = [
  'id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude',
  'external_identifier', 'external_identifier_type',
] as const;

/** service_list: the one-to-one fields, with the organization and the program. */
export function serviceListItem(doc: Json): Json {
  return {
    ...pick(doc, SERVICE_FIELDS),
    ...(doc.organization ? { organization: pick(doc.organization as Json, ORGANIZATION_FIELDS) } : {}),
    ...(doc.program ? { program: pick(doc.program as Json, PROGRAM_FIELDS) } : {}),
  };
}

/** `minimal`: what a client needs to know which services changed (HSDS's own field names). */
function minimalItem(doc: Json): Json {
  return pick(doc, ['id', 'name', 'status', 'last_modified']);
}

/** Documents published before the builder named these links lack them: they are known anyway. */
function salLinks(sal: Json, service: Json): Json {
  const location = sal.location as Json | undefined;
  return { service_id: sal.service_id ?? service.id, ...(location?.id ? { location_id: sal.location_id ?? location.id } : {}) };
}

export function serviceAtLocationListItem(sal: Json, service: Json): Json {
  return {
    ...pick(sal, ['id']),
    ...salLinks(sal, service),
    ...pick(sal, ['description']),
    ...(sal.location ? { location: pick(sal.location as Json, LOCATION_FIELDS) } : {}),
    service: serviceListItem(service),
  };
}

export function serviceAtLocationFull(sal: Json, service: Json): Json {
  const { service_at_locations: _sals, ...serviceWithoutPlaces } = service;
  return {
    ...sal,
    ...salLinks(sal, service),
    contacts: sal.contacts ?? [],
    phones: sal.phones ?? [],
    schedules: sal.schedules ?? [],
    attributes: sal.attributes ?? [],
    metadata: [],
    service: serviceWithoutPlaces,
  };
}

type OrganizationRow = NonNullable<Awaited<ReturnType<typeof hsdsRepo.organization>>>;
type Details = Awaited<ReturnType<typeof hsdsRepo.organizationDetails>>;
type TermRow = { term: typeof taxonomyTerms.$inferSelect; taxonomy: typeof taxonomies.$inferSelect };

const organizationItem = (o: OrganizationRow): Json => toHsds(o, ['translations', 'ownerOrganizationId', 'createdAt', 'updatedAt']);

function taxonomyItem(t: typeof taxonomies.$inferSelect): Json {
  return toHsds(t);
}

function termItem({ term, taxonomy }: TermRow): Json {
  return {
    ...toHsds({ id: term.id, code: term.code, name: term.name, description: term.description, parentId: term.parentId }),
    taxonomy: taxonomy.name,
    taxonomy_detail: taxonomyItem(taxonomy),
    taxonomy_id: taxonomy.id,
    ...toHsds({ termUri: term.termUri }),
  };
}

function attributeItem(a: { attribute: typeof attributes.$inferSelect } & TermRow): Json {
  return {
    ...toHsds({
      id: a.attribute.id,
      linkId: a.attribute.linkId,
      taxonomyTermId: a.attribute.taxonomyTermId,
      linkType: a.attribute.linkType,
      linkEntity: a.attribute.linkEntity,
      value: a.attribute.value,
    }),
    taxonomy_term: termItem(a),
  };
}

/** The full organization: its services (one-to-one fields, or whole with full_service), places, programs... */
function organizationFull(o: OrganizationRow, d: Details, fullService: boolean): Json {
  const phone = (p: Details['phones'][number]) =>
    toHsds({
      id: p.id,
      number: p.number,
      extension: extensionOf(p.extension),
      type: p.type,
      description: p.description,
      languages: d.phoneLanguages.filter((l) => l.phoneId === p.id).map((l) => toHsds(l, ['serviceId', 'locationId', 'phoneId'])),
    });
  return {
    ...organizationItem(o),
    // Nested in their organization, these rows need no other link (which could name an unpublished service).
    funding: d.funding.filter((f) => f.organizationId === o.id).map((f) => toHsds(f, ['serviceId'])),
    contacts: d.contacts
      .filter((c) => c.organizationId === o.id)
      .map((c) => ({ ...toHsds(c, ['serviceId', 'serviceAtLocationId', 'locationId']), phones: d.phones.filter((p) => p.contactId === c.id).map(phone) })),
    phones: d.phones.filter((p) => p.organizationId === o.id).map(phone),
    locations: d.locations.filter((l) => l.organization_id === o.id).map((l) => l.location),
    programs: d.programs.filter((p) => p.organizationId === o.id).map((p) => toHsds(p)),
    organization_identifiers: [],
    attributes: d.attributes.filter((a) => a.attribute.linkId === o.id).map(attributeItem),
    metadata: [],
    services: d.services.filter((s) => s.organizationId === o.id).map((s) => (fullService ? s.document : serviceListItem(s.document))),
  };
}

// ---------------------------------------------------------------------------------------------------
// Routes

/** Runs a handler and turns a refused query into its 400 answer. */
function api(handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await handler(req, reply);
    } catch (err) {
      if (err instanceof BadQuery) return badRequest(req, reply, err.invalid);
      throw err;
    }
  };
}

export function hsdsRoutes(kernel: Kernel): RouteDef[] {
  const { db, config } = kernel;
  const openapi = JSON.stringify(hsdsOpenApi(config.publicUrl));
  const indexes = config.finderIndex ? publishedIndexOf(db) : null;
  const get = (url: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    route({ method: 'GET', url, permission: 'public', kind: 'api', handler: api(handler) });

  return [
    get('/hsds', async (_req, reply) => {
      openData(reply);
      return { version: HSDS_VERSION, openapi_url: `${config.publicUrl.replace(/\/+$/, '')}/hsds/openapi.json` };
    }),

    get('/hsds/openapi.json', async (_req, reply) => openData(reply).type('application/json; charset=utf-8').send(openapi)),

    get('/hsds/services', async (req, reply) => {
      const raw = (req.query ?? {}) as Record<string, unknown>;
      const minimal = raw.minimal === 'true' || raw.minimal === '1';
      const q = readQuery(req, queryOf('/services'), minimal ? MINIMAL_PER_PAGE : PER_PAGE);
      const filter = {
        search: q.search,
        taxonomyTermId: q.uuids.taxonomy_term_id,
        taxonomyId: q.uuids.taxonomy_id,
        organizationId: q.uuids.organization_id,
        modifiedAfter: q.modified_after,
      };
      const shape = q.booleans.minimal ? minimalItem : q.booleans.full ? (d: Json) => d : serviceListItem;
      return list(reply, q, async (p) => {
        // A search by words is answered from the finder's index in memory when it holds the version
        // published now (ADR 0018).
        const index = filter.search && indexes ? indexes.at(await finderRepo.publishedVersion(db), req.log) : undefined;
        const { total, documents } = await hsdsRepo.services(db, filter, p, index);
        return { total, items: documents.map(shape) };
      });
    }),

    get('/hsds/services/:id', async (req, reply) => {
      const document = await hsdsRepo.service(db, uuidParam(req));
      if (!document) throw new HttpError(404, 'errors.notFound.title');
      openData(reply);
      return document;
    }),

    get('/hsds/service_at_locations', async (req, reply) => {
      const q = readQuery(req, queryOf('/service_at_locations'));
      const filter = {
        search: q.search,
        taxonomyTermId: q.uuids.taxonomy_term_id,
        taxonomyId: q.uuids.taxonomy_id,
        organizationId: q.uuids.organization_id,
        modifiedAfter: q.modified_after,
        postcode: q.postcode,
        proximity: q.proximity,
      };
      const shape = q.booleans.full ? serviceAtLocationFull : serviceAtLocationListItem;
      return list(reply, q, async (p) => {
        const { total, items } = await hsdsRepo.serviceAtLocations(db, filter, p);
        return { total, items: items.map((i) => shape(i.sal, i.service)) };
      });
    }),

    get('/hsds/service_at_locations/:id', async (req, reply) => {
      const found = await hsdsRepo.serviceAtLocation(db, uuidParam(req));
      if (!found) throw new HttpError(404, 'errors.notFound.title');
      openData(reply);
      return serviceAtLocationFull(found.sal, found.service);
    }),

    get('/hsds/organizations', async (req, reply) => {
      const q = readQuery(req, queryOf('/organizations'));
      return list(reply, q, async (p) => {
        const { total, organizations } = await hsdsRepo.organizations(db, q.search, p);
        if (!q.booleans.full) return { total, items: organizations.map(organizationItem) };
        const details = await hsdsRepo.organizationDetails(db, organizations.map((o) => o.id));
        return { total, items: organizations.map((o) => organizationFull(o, details, q.booleans.full_service === true)) };
      });
    }),

    get('/hsds/organizations/:id', async (req, reply) => {
      const q = readQuery(req, queryOf('/organizations/{id}'));
      const organization = await hsdsRepo.organization(db, uuidParam(req));
      if (!organization) throw new HttpError(404, 'errors.notFound.title');
      const details = await hsdsRepo.organizationDetails(db, [organization.id]);
      openData(reply);
      return organizationFull(organization, details, q.booleans.full_service === true);
    }),

    get('/hsds/taxonomies', async (req, reply) => {
      const q = readQuery(req, queryOf('/taxonomies'));
      return list(reply, q, async (p) => {
        const { total, taxonomies: found } = await hsdsRepo.taxonomies(db, q.search, p);
        return { total, items: found.map(taxonomyItem) };
      });
    }),

    get('/hsds/taxonomies/:id', async (req, reply) => {
      const taxonomy = await hsdsRepo.taxonomy(db, uuidParam(req));
      if (!taxonomy) throw new HttpError(404, 'errors.notFound.title');
      openData(reply);
      return taxonomyItem(taxonomy);
    }),

    get('/hsds/taxonomy_terms', async (req, reply) => {
      const q = readQuery(req, queryOf('/taxonomy_terms'));
      const filter = { search: q.search, taxonomyId: q.uuids.taxonomy_id, parentId: q.uuids.parent_id, topOnly: q.booleans.top_only };
      return list(reply, q, async (p) => {
        const { total, terms } = await hsdsRepo.taxonomyTerms(db, filter, p);
        return { total, items: terms.map(termItem) };
      });
    }),

    get('/hsds/taxonomy_terms/:id', async (req, reply) => {
      const term = await hsdsRepo.taxonomyTerm(db, uuidParam(req));
      if (!term) throw new HttpError(404, 'errors.notFound.title');
      openData(reply);
      return termItem(term);
    }),
  ];
}
