// Queries of the HSDS API. Services and service-at-locations come from the published read model
// (dir_published_services: each row's `document` is the HSDS service_full document); organizations,
// their programs, phones, contacts and funding come from the normalized tables, restricted to the
// organizations that have at least one published service; taxonomies and terms are reference data.
// Nothing here reads a service that is not published.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import { normalizeForIndex } from '../../kernel/crypto/fields.js';
import { inOrderOf, publishedPage } from './published-page.js';
import { queryLexemes, TEXT_CONFIGS, type PublishedIndex } from './published-index.js';
import { queryWords } from './finder.repo.js';
import {
  attributes,
  contacts,
  dirOrganizations,
  funding,
  languages,
  phones,
  programs,
  publishedServices,
  taxonomies,
  taxonomyTerms,
} from './directory.schema.js';

export type Json = Record<string, unknown>;

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface ServiceFilter {
  search?: string | undefined;
  taxonomyTermId?: string | undefined;
  taxonomyId?: string | undefined;
  organizationId?: string | undefined;
  modifiedAfter?: Date | undefined;
}

export interface PlaceFilter extends ServiceFilter {
  /** A postcode: its municipality's services, or those within `proximity` metres of its centroid. */
  postcode?: string | undefined;
  proximity?: number | undefined;
}

export interface TermFilter {
  search?: string | undefined;
  taxonomyId?: string | undefined;
  parentId?: string | undefined;
  topOnly?: boolean | undefined;
}

/** A LIKE pattern that finds the text anywhere, with the pattern's own wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The search text as the read model indexes it: lowercased, without accents, spaces collapsed. */
function searchTerms(search: string): string {
  return normalizeForIndex(search);
}

/** One tsquery with every language's stemming (the finder's, TEXT_CONFIGS), OR-ed: one index probe and one rank per row, not five. */
function serviceTsQuery(search: string): SQL {
  const text = searchTerms(search);
  return sql.join(
    TEXT_CONFIGS.map((cfg) => sql`plainto_tsquery(${sql.raw(`'${cfg}'`)}, ${text})`),
    sql` || `,
  );
}

/**
 * A search finds the words (stemmed, in any language); only when no service has them all is the text
 * looked for as it is, anywhere (a code, part of a word). Both are index-driven: never one OR the other,
 * which would read every row.
 */
type TextMatch = 'words' | 'substring';

function serviceTextCondition(search: string, how: TextMatch): SQL {
  return how === 'words'
    ? sql`${publishedServices.searchVector} @@ (${serviceTsQuery(search)})`
    : sql`${publishedServices.searchText} LIKE ${containsPattern(searchTerms(search))}`;
}

/** Relevance by the services' names and their needs' names (rank_vector, ADR 0016), then by name. */
function serviceOrder(search: string | undefined, how: TextMatch): SQL | 'by name' {
  return search && how === 'words' ? sql`ts_rank(rank_vector, ${serviceTsQuery(search)}) DESC, ${publishedServices.name}` : 'by name';
}

/**
 * The page of a search by words from the index in memory (ADR 0018), when it gives exactly what the SQL
 * above gives: no other filter; plain words only, so that plainto_tsquery makes of each the lexeme that
 * to_tsquery makes; and not several words in one configuration alone, which would put an AND at the top
 * of the query, ranked otherwise (calc_rank_and). Undefined: ask the database.
 */
async function wordsPageInMemory(db: DbOrTx, index: PublishedIndex | undefined, f: ServiceFilter, p: PageRequest) {
  if (!index || !f.search || f.taxonomyTermId || f.taxonomyId || f.organizationId || f.modifiedAfter) return undefined;
  const words = queryWords(f.search);
  if (words.length === 0 || words.join(' ') !== searchTerms(f.search)) return undefined;
  const lexemes = await queryLexemes(db, words);
  const configs = lexemes?.map((c) => new Set(c.filter((l) => l !== null))).filter((c) => c.size > 0);
  if (!lexemes || !configs || (configs.length === 1 && configs[0]!.size > 1)) return undefined;
  return index.page(lexemes, 'all', {}, p);
}

/** Runs a search by words, then by the text as it is when the words found nothing. */
async function withTextFallback<T extends { total: number }>(search: string | undefined, run: (how: TextMatch) => Promise<T>): Promise<T> {
  const found = await run('words');
  return search && found.total === 0 ? run('substring') : found;
}

/** The term and every term below it: a service classified "family doctor" answers a request for "health". */
function termAndDescendants(termId: string): SQL {
  return sql`(WITH RECURSIVE below(id) AS (
      SELECT id FROM dir_taxonomy_terms WHERE id = ${termId}::uuid
      UNION SELECT t.id FROM dir_taxonomy_terms t JOIN below b ON t.parent_id = b.id
    ) SELECT id::text FROM below UNION SELECT ${termId}::text)`;
}

function serviceConditions(f: ServiceFilter, how: TextMatch): SQL[] {
  const where: SQL[] = [];
  if (f.search) where.push(serviceTextCondition(f.search, how));
  if (f.organizationId) where.push(eq(publishedServices.organizationId, f.organizationId));
  if (f.modifiedAfter) where.push(sql`${publishedServices.modifiedAt} >= ${f.modifiedAfter.toISOString()}::timestamptz`);
  if (f.taxonomyTermId) {
    where.push(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${publishedServices.document}->'attributes') a
      WHERE a->'taxonomy_term'->>'id' IN ${termAndDescendants(f.taxonomyTermId)})`);
  }
  if (f.taxonomyId) {
    where.push(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${publishedServices.document}->'attributes') a
      WHERE a->'taxonomy_term'->>'taxonomy_id' = ${f.taxonomyId})`);
  }
  return where;
}

const offsetOf = (p: PageRequest) => (p.page - 1) * p.perPage;

/** Organizations that have at least one published service. */
const hasPublishedService = sql`EXISTS (SELECT 1 FROM dir_published_services ps WHERE ps.organization_id = ${dirOrganizations.id})`;

export const hsdsRepo = {
  /** Published services' documents, one page, and how many match in all. */
  /** `index`: the published directory in memory, of the version published now (ADR 0018). */
  async services(db: DbOrTx, f: ServiceFilter, p: PageRequest, index?: PublishedIndex): Promise<{ total: number; documents: Json[] }> {
    return withTextFallback(f.search, async (how) => {
      const { ids, total } =
        (how === 'words' ? await wordsPageInMemory(db, index, f, p) : undefined) ??
        (await publishedPage(db, serviceConditions(f, how), serviceOrder(f.search, how), p));
      if (ids.length === 0) return { total, documents: [] };
      const found = await db
        .select({ id: publishedServices.serviceId, document: publishedServices.document })
        .from(publishedServices)
        .where(inArray(publishedServices.serviceId, ids));
      return { total, documents: inOrderOf(ids, found, (r) => r.id).map((r) => r.document) };
    });
  },

  async service(db: DbOrTx, id: string): Promise<Json | undefined> {
    const [row] = await db.select({ document: publishedServices.document }).from(publishedServices).where(eq(publishedServices.serviceId, id));
    return row?.document;
  },

  /** The service-at-locations of published services, each with its service's document. */
  async serviceAtLocations(db: DbOrTx, f: PlaceFilter, p: PageRequest): Promise<{ total: number; items: { sal: Json; service: Json }[] }> {
    return withTextFallback(f.search, (how) => hsdsRepo.serviceAtLocationsMatching(db, f, p, how));
  },

  async serviceAtLocationsMatching(db: DbOrTx, f: PlaceFilter, p: PageRequest, how: TextMatch): Promise<{ total: number; items: { sal: Json; service: Json }[] }> {
    const where = serviceConditions(f, how);
    if (f.postcode) {
      const postcode = f.postcode.trim();
      if (f.proximity !== undefined) {
        // Within `proximity` metres of the postcode's centroid (the municipality of that postcode).
        where.push(sql`EXISTS (SELECT 1 FROM municipalities m WHERE m.postal_code = ${postcode}
          AND (sal->'location'->>'latitude') IS NOT NULL AND (sal->'location'->>'longitude') IS NOT NULL
          AND 2 * 6371000 * asin(sqrt(
            power(sin(radians(((sal->'location'->>'latitude')::float8 - m.latitude) / 2)), 2)
            + cos(radians(m.latitude)) * cos(radians((sal->'location'->>'latitude')::float8))
              * power(sin(radians(((sal->'location'->>'longitude')::float8 - m.longitude) / 2)), 2)
          )) <= ${f.proximity})`);
      } else {
        // Covered: the postcode's municipality is among the service's places and areas, or an address has it.
        where.push(sql`(EXISTS (SELECT 1 FROM municipalities m WHERE m.postal_code = ${postcode} AND m.code = ANY(${publishedServices.municipalityCodes}))
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(sal->'location'->'addresses') ad WHERE ad->>'postal_code' = ${postcode}))`);
      }
    }
    const from = sql`dir_published_services CROSS JOIN LATERAL jsonb_array_elements(${publishedServices.document}->'service_at_locations') AS sal`;
    const condition = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
    const [counted] = await rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM ${from} ${condition}`);
    const total = counted?.total ?? 0;
    if (total === 0 || offsetOf(p) >= total) return { total, items: [] };
    const byRelevance = serviceOrder(f.search, how);
    const order = sql`${byRelevance === 'by name' ? publishedServices.name : byRelevance}, sal->>'id'`;
    const found = await rows<{ sal: Json; service: Json }>(
      db,
      sql`SELECT sal, ${publishedServices.document} AS service FROM ${from} ${condition} ORDER BY ${order} LIMIT ${p.perPage} OFFSET ${offsetOf(p)}`,
    );
    return { total, items: found };
  },

  async serviceAtLocation(db: DbOrTx, id: string): Promise<{ sal: Json; service: Json } | undefined> {
    const [row] = await rows<{ sal: Json; service: Json }>(
      db,
      sql`SELECT sal, ${publishedServices.document} AS service
          FROM dir_published_services CROSS JOIN LATERAL jsonb_array_elements(${publishedServices.document}->'service_at_locations') AS sal
          WHERE ${publishedServices.document}->'service_at_locations' @> ${JSON.stringify([{ id }])}::jsonb AND sal->>'id' = ${id}
          LIMIT 1`,
    );
    return row;
  },

  async organizations(db: DbOrTx, search: string | undefined, p: PageRequest) {
    const where = [hasPublishedService];
    if (search) {
      where.push(
        sql`lower(ponte_unaccent(${dirOrganizations.name} || ' ' || coalesce(${dirOrganizations.alternateName}, '') || ' ' || ${dirOrganizations.description})) LIKE ${containsPattern(searchTerms(search))}`,
      );
    }
    const condition = and(...where);
    const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(dirOrganizations).where(condition)) as [{ total: number }];
    if (total === 0 || offsetOf(p) >= total) return { total, organizations: [] };
    const organizations = await db
      .select()
      .from(dirOrganizations)
      .where(condition)
      .orderBy(asc(dirOrganizations.name), asc(dirOrganizations.id))
      .limit(p.perPage)
      .offset(offsetOf(p));
    return { total, organizations };
  },

  async organization(db: DbOrTx, id: string) {
    const [row] = await db.select().from(dirOrganizations).where(and(eq(dirOrganizations.id, id), hasPublishedService));
    return row;
  },

  /** What an organization's full HSDS object nests, for these organizations (all published ones). */
  async organizationDetails(db: DbOrTx, ids: string[]) {
    if (ids.length === 0) return { programs: [], funding: [], contacts: [], phones: [], phoneLanguages: [], attributes: [], services: [], locations: [] };
    const [progs, funds, conts, orgPhones, attrs, services, locations] = await Promise.all([
      // Programs that a published service belongs to.
      db
        .select()
        .from(programs)
        .where(and(inArray(programs.organizationId, ids), sql`EXISTS (SELECT 1 FROM dir_published_services ps WHERE ps.document->>'program_id' = ${programs.id}::text)`))
        .orderBy(asc(programs.name), asc(programs.id)),
      db.select().from(funding).where(inArray(funding.organizationId, ids)).orderBy(asc(funding.id)),
      db.select().from(contacts).where(inArray(contacts.organizationId, ids)).orderBy(asc(contacts.name), asc(contacts.id)),
      db.select().from(phones).where(inArray(phones.organizationId, ids)).orderBy(asc(phones.id)),
      db
        .select({ attribute: attributes, term: taxonomyTerms, taxonomy: taxonomies })
        .from(attributes)
        .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
        .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
        .where(and(eq(attributes.linkEntity, 'organization'), inArray(attributes.linkId, ids))),
      db
        .select({ organizationId: publishedServices.organizationId, document: publishedServices.document })
        .from(publishedServices)
        .where(inArray(publishedServices.organizationId, ids))
        .orderBy(asc(publishedServices.name), asc(publishedServices.serviceId)),
      // The organization's own locations where a published service is offered, as the documents show them.
      rows<{ organization_id: string; location: Json }>(
        db,
        sql`SELECT DISTINCT ON (l.id) l.organization_id::text AS organization_id, sal->'location' AS location
            FROM dir_published_services ps
            CROSS JOIN LATERAL jsonb_array_elements(ps.document->'service_at_locations') AS sal
            JOIN dir_locations l ON l.id = (sal->'location'->>'id')::uuid
            WHERE l.organization_id IN ${ids}
            ORDER BY l.id, ps.modified_at DESC`,
      ),
    ]);
    // Phones of these contacts are nested in the contacts (and not repeated at the organization's level).
    const contactIds = conts.map((c) => c.id);
    const contactPhones = contactIds.length ? await db.select().from(phones).where(inArray(phones.contactId, contactIds)) : [];
    const allPhones = [...orgPhones, ...contactPhones.filter((p) => !orgPhones.some((o) => o.id === p.id))];
    // The languages spoken on those phones, nested in each phone.
    const phoneLanguages = allPhones.length
      ? await db.select().from(languages).where(inArray(languages.phoneId, allPhones.map((p) => p.id))).orderBy(asc(languages.id))
      : [];
    return { programs: progs, funding: funds, contacts: conts, phones: allPhones, phoneLanguages, attributes: attrs, services, locations };
  },

  async taxonomies(db: DbOrTx, search: string | undefined, p: PageRequest) {
    const condition = search
      ? sql`lower(ponte_unaccent(${taxonomies.name} || ' ' || ${taxonomies.description})) LIKE ${containsPattern(searchTerms(search))}`
      : undefined;
    const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(taxonomies).where(condition)) as [{ total: number }];
    const found = total === 0 ? [] : await db.select().from(taxonomies).where(condition).orderBy(asc(taxonomies.name), asc(taxonomies.id)).limit(p.perPage).offset(offsetOf(p));
    return { total, taxonomies: found };
  },

  async taxonomy(db: DbOrTx, id: string) {
    const [row] = await db.select().from(taxonomies).where(eq(taxonomies.id, id));
    return row;
  },

  async taxonomyTerms(db: DbOrTx, f: TermFilter, p: PageRequest) {
    const where: SQL[] = [];
    if (f.search) {
      // Names, descriptions, codes, and the other languages' names and keywords.
      where.push(
        sql`lower(ponte_unaccent(${taxonomyTerms.name} || ' ' || ${taxonomyTerms.description} || ' ' || ${taxonomyTerms.code} || ' ' || ${taxonomyTerms.translations}::text)) LIKE ${containsPattern(searchTerms(f.search))}`,
      );
    }
    if (f.taxonomyId) where.push(eq(taxonomyTerms.taxonomyId, f.taxonomyId));
    if (f.parentId) where.push(eq(taxonomyTerms.parentId, f.parentId));
    if (f.topOnly) where.push(sql`${taxonomyTerms.parentId} IS NULL`);
    const condition = where.length ? and(...where) : undefined;
    const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(taxonomyTerms).where(condition)) as [{ total: number }];
    const found =
      total === 0
        ? []
        : await db
            .select({ term: taxonomyTerms, taxonomy: taxonomies })
            .from(taxonomyTerms)
            .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
            .where(condition)
            .orderBy(asc(taxonomyTerms.taxonomyId), asc(taxonomyTerms.position), asc(taxonomyTerms.code), asc(taxonomyTerms.id))
            .limit(p.perPage)
            .offset(offsetOf(p));
    return { total, terms: found };
  },

  async taxonomyTerm(db: DbOrTx, id: string) {
    const [row] = await db
      .select({ term: taxonomyTerms, taxonomy: taxonomies })
      .from(taxonomyTerms)
      .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
      .where(eq(taxonomyTerms.id, id));
    return row;
  },
};
