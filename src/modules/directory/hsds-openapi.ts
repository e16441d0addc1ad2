// Ponte's own OpenAPI 3.1 document for its HSDS API, built from the same table the routes read their query
// parameters from (HSDS_ENDPOINTS): a parameter cannot be served without being described, nor described
// without being served. Paths, parameters and response shapes follow the standard's schema/openapi.json;
// the entity schemas are the standard's published compiled schemas, referred to by their canonical URLs.
// Where Ponte differs from the standard's file it says so here (docs/adr/0007-hsds-api.md, 0010).

/** The HSDS version this API follows (the datapackage's version). */
export const HSDS_VERSION = '3.0.0';

export const PER_PAGE = { default: 50, max: 200 } as const;
/** `minimal` items are four short fields: the standard asks to give them all in one page when possible. */
export const MINIMAL_PER_PAGE = { default: 1000, max: 1000 } as const;
export const MAX_PAGE = 100_000;
export const MAX_SEARCH_LENGTH = 200;
/** The widest `proximity` accepted, in metres. */
export const MAX_PROXIMITY = 500_000;

export type ParamKind = 'search' | 'page' | 'per_page' | 'boolean' | 'uuid' | 'datetime' | 'format' | 'postcode' | 'proximity';

type Json = Record<string, unknown>;

const SCHEMAS = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled';

interface Endpoint {
  /** The path below the server URL (`/hsds`), as OpenAPI writes it. */
  path: string;
  operationId: string;
  summary: string;
  /** Query parameters the route reads; any other is ignored. */
  query: Readonly<Record<string, ParamKind>>;
  /** The answer: a list of these items in a Page, or one document; `self` is the OpenAPI document. */
  answer: { list: string } | { one: string } | 'root' | 'self';
}

const LIST = { search: 'search', page: 'page', per_page: 'per_page', format: 'format' } as const satisfies Record<string, ParamKind>;
const SERVICE_FILTERS = {
  taxonomy_term_id: 'uuid',
  taxonomy_id: 'uuid',
  organization_id: 'uuid',
  modified_after: 'datetime',
  full: 'boolean',
} as const satisfies Record<string, ParamKind>;

/** Every endpoint of Ponte's HSDS API, in the order of the standard's openapi.json. */
export const HSDS_ENDPOINTS = [
  { path: '/', operationId: 'getAPIMetaInformation', summary: 'Information about this API and its relationship with HSDS.', query: {}, answer: 'root' },
  { path: '/openapi.json', operationId: 'getOpenAPIDocument', summary: 'This OpenAPI document.', query: {}, answer: 'self' },
  { path: '/services/{id}', operationId: 'getServiceById', summary: 'A published service, fully nested.', query: {}, answer: { one: 'service.json' } },
  {
    path: '/services',
    operationId: 'getPaginatedListOfServices',
    summary: 'Published services with their one-to-one fields (whole with full=true, four fields with minimal=true).',
    query: { ...LIST, ...SERVICE_FILTERS, minimal: 'boolean' },
    answer: { list: 'service_list.json' },
  },
  { path: '/taxonomies/{id}', operationId: 'getTaxonomyById', summary: 'A taxonomy.', query: {}, answer: { one: 'taxonomy.json' } },
  { path: '/taxonomies', operationId: 'getPaginatedListOfTaxonomies', summary: 'Every taxonomy.', query: LIST, answer: { list: 'taxonomy.json' } },
  { path: '/taxonomy_terms/{id}', operationId: 'getTaxonomyTermById', summary: 'A taxonomy term.', query: {}, answer: { one: 'taxonomy_term.json' } },
  {
    path: '/taxonomy_terms',
    operationId: 'getPaginatedListOfTaxonomyTerms',
    summary: 'Every taxonomy term.',
    query: { ...LIST, taxonomy_id: 'uuid', parent_id: 'uuid', top_only: 'boolean' },
    answer: { list: 'taxonomy_term.json' },
  },
  {
    path: '/organizations/{id}',
    operationId: 'getOrganizationById',
    summary: 'An organization with at least one published service, fully nested.',
    query: { full_service: 'boolean' },
    answer: { one: 'organization.json' },
  },
  {
    path: '/organizations',
    operationId: 'getPaginatedListOfOrganizations',
    summary: 'Organizations with at least one published service (whole with full=true).',
    query: { ...LIST, full: 'boolean', full_service: 'boolean' },
    answer: { list: 'organization_list.json' },
  },
  {
    path: '/service_at_locations/{id}',
    operationId: 'getServiceAtLocationById',
    // The standard's file says compiled/service.json here; what it describes, and Ponte returns, is this.
    summary: 'A published service at one of its locations, fully nested.',
    query: {},
    answer: { one: 'service_at_location.json' },
  },
  {
    path: '/service_at_locations',
    operationId: 'getPaginatedListOfServiceAtLocations',
    summary: 'Published services at their locations (whole with full=true).',
    query: { ...LIST, ...SERVICE_FILTERS, postcode: 'postcode', proximity: 'proximity' },
    answer: { list: 'service_at_location_list.json' },
  },
] as const satisfies readonly Endpoint[];

export type HsdsPath = (typeof HSDS_ENDPOINTS)[number]['path'];

/** The query parameters a route reads: the same table the document is built from. */
export function queryOf(path: HsdsPath): Readonly<Record<string, ParamKind>> {
  return HSDS_ENDPOINTS.find((e) => e.path === path)!.query;
}

const PARAMETER_TEXT: Record<string, string> = {
  search: `Full-text search, in every language's word forms, or the text as typed (accents and case ignored); at most ${MAX_SEARCH_LENGTH} characters.`,
  page: 'Page number of the paginated result (from 1). A page past the last is an empty page.',
  per_page: `Number of results in a page: 1 to ${PER_PAGE.max}, default ${PER_PAGE.default}; with minimal=true 1 to ${MINIMAL_PER_PAGE.max}, default ${MINIMAL_PER_PAGE.default}.`,
  format: '`json` (default, a Page) or `ndjson`: every result, one JSON object a line, without pages.',
  minimal: 'Only `id`, `name`, `status` and `last_modified` of each service, to find which ones changed; aim at one page.',
  full: 'Fully nested items.',
  full_service: 'The organizations\' services fully nested.',
  modified_after: 'Only results modified on or after this date (YYYY-MM-DD) or date and time (ISO 8601; UTC without an offset).',
  taxonomy_term_id: 'Only services classified with this term, or with a term below it.',
  taxonomy_id: 'Only results with a term of this taxonomy.',
  organization_id: 'Only services of this organization.',
  parent_id: 'Only terms whose parent is this term.',
  top_only: 'Only terms without a parent.',
  postcode: 'Only services at a location of this postcode\'s municipality, or with an address or service area there.',
  proximity: `With postcode: only locations within this many metres (at most ${MAX_PROXIMITY}) of the postcode's municipality centroid.`,
};

function parameterSchema(name: string, kind: ParamKind): Json {
  switch (kind) {
    case 'search':
      return { type: 'string', maxLength: MAX_SEARCH_LENGTH };
    case 'page':
      return { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 };
    case 'per_page':
      return { type: 'integer', minimum: 1, maximum: MINIMAL_PER_PAGE.max, default: PER_PAGE.default };
    case 'boolean':
      return { type: 'boolean', default: false };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'format':
      return { type: 'string', enum: ['json', 'ndjson'], default: 'json' };
    case 'postcode':
      return { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z -]{1,11}$' };
    case 'proximity':
      return { type: 'number', exclusiveMinimum: 0, maximum: MAX_PROXIMITY };
    default:
      throw new Error(`no schema for ${name}`);
  }
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function operation(e: Endpoint): Json {
  const parameters: Json[] = Object.keys(e.query).map((name) => ({ $ref: `#/components/parameters/${name}` }));
  const responses: Json = {};
  const answer = e.answer;
  if (answer === 'root') {
    responses['200'] = {
      description: 'The HSDS version and where this document is.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['version', 'openapi_url'],
            properties: {
              version: { type: 'string', description: 'HSDS version of this API.', const: HSDS_VERSION },
              openapi_url: { type: 'string', format: 'uri', description: 'URL of this OpenAPI document.' },
            },
          },
        },
      },
    };
  } else if (answer === 'self') {
    responses['200'] = { description: 'This document.', content: { 'application/json': { schema: { type: 'object' } } } };
  } else if ('one' in answer) {
    responses['200'] = { description: 'The record.', content: { 'application/json': { schema: { $ref: `${SCHEMAS}/${answer.one}` } } } };
    responses['404'] = problem('No published record with this id (or the id is not a UUID).');
  } else {
    const items = e.path === '/services' ? { oneOf: [{ $ref: `${SCHEMAS}/${answer.list}` }, { $ref: '#/components/schemas/MinimalService' }] } : { $ref: `${SCHEMAS}/${answer.list}` };
    responses['200'] = {
      description: 'A page of results (or, with format=ndjson, every result one a line).',
      content: {
        'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Page' }], properties: { contents: { type: 'array', items } } } },
        'application/x-ndjson': { schema: items },
      },
    };
  }
  if (parameters.length) responses['400'] = problem('A query parameter is wrong: invalid_params names each one and why.');
  const pathParameters = e.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, description: 'The record\'s id.', schema: { type: 'string', format: 'uuid' } }] : [];
  return {
    get: {
      operationId: e.operationId,
      summary: e.summary,
      ...(pathParameters.length || parameters.length ? { parameters: [...pathParameters, ...parameters] } : {}),
      responses,
    },
  };
}

/** Ponte's OpenAPI document, its server this Ponte's public URL. */
export function hsdsOpenApi(publicUrl: string): Json {
  const kinds = new Map<string, ParamKind>();
  for (const e of HSDS_ENDPOINTS) for (const [name, kind] of Object.entries(e.query)) kinds.set(name, kind);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Ponte - Open Referral HSDS 3.0 API',
      version: HSDS_VERSION,
      summary: 'The published services of the territorial network for the integration of migrants, in HSDS 3.0.',
      description:
        'Read-only and public. Only published services, in Italian (HSDS has no place for translations). Lists are paginated. ' +
        'Errors are application/problem+json. Every answer allows any origin (open data).',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: `${publicUrl.replace(/\/+$/, '')}/hsds` }],
    paths: Object.fromEntries(HSDS_ENDPOINTS.map((e) => [e.path, operation(e)])),
    components: {
      parameters: Object.fromEntries(
        [...kinds].map(([name, kind]) => [name, { name, in: 'query', required: false, description: PARAMETER_TEXT[name], schema: parameterSchema(name, kind) }]),
      ),
      schemas: {
        Page: {
          type: 'object',
          required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
          properties: {
            total_items: { type: 'integer', description: 'The number of results in all pages.' },
            total_pages: { type: 'integer', description: 'The number of pages.' },
            page_number: { type: 'integer', description: 'This page\'s number.' },
            size: { type: 'integer', description: 'The number of results in this page.' },
            first_page: { type: 'boolean' },
            last_page: { type: 'boolean' },
            empty: { type: 'boolean', description: 'This page has no result.' },
            contents: { type: 'array' },
          },
        },
        MinimalService: {
          type: 'object',
          required: ['id', 'name', 'status'],
          properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, status: { type: 'string' }, last_modified: { type: 'string', format: 'date-time' } },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string', description: 'In the language of Accept-Language.' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            invalid_params: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'reason'],
                properties: {
                  name: { type: 'string' },
                  reason: {
                    type: 'string',
                    enum: ['repeated', 'not_an_integer', 'out_of_range', 'too_long', 'not_a_boolean', 'not_a_uuid', 'not_a_date', 'unsupported_value', 'requires_postcode', 'not_a_number'],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
