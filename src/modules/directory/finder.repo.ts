// Queries of the public finder, all on the published read model (dir_published_services).
// Search: filters first (GIN-indexed arrays and flags), then the text: every word must match (stemmed,
// in any language); when that finds nothing, misspelt words are corrected to the closest word of the
// directory and every word must match again; when even that finds nothing, any of the words may match.
import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
import { rows } from '../../kernel/db/client.js';
import { inOrderOf, publishedPage } from './published-page.js';
import { queryLexemes, TEXT_CONFIGS, type IndexFilters, type PublishedIndex } from './published-index.js';
import { normalizeForIndex } from '../../kernel/crypto/fields.js';
import { municipalities, publishedServices, taxonomyTerms, type Translations, type WeeklyHours } from './directory.schema.js';

/** The words, the filters (the same for SQL and the index in memory) and the page. */
export interface FinderQuery extends IndexFilters {
  q?: string | undefined;
  page: number;
  perPage: number;
}

export interface FinderHit {
  serviceId: string;
  name: string;
  document: Record<string, unknown>;
  translations: Translations;
  municipalityCodes: string[];
  languageCodes: string[];
  freeOfCharge: boolean;
  wheelchairAccessible: boolean;
  appointmentRequired: boolean;
  hours: WeeklyHours[];
  closedDates: string[];
  lastVerifiedAt: Date | null;
}

/** Words of a query, as the tsquery parser accepts them: letters and digits of any script only. */
export function queryWords(q: string): string[] {
  return normalizeForIndex(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1)
    .slice(0, 12);
}

/** One tsquery for every language's stemming, OR-ed: one index probe and one rank per row, not five. */
function tsQuery(words: string[], mode: 'all' | 'any'): SQL {
  const expr = words.join(mode === 'all' ? ' & ' : ' | ');
  return sql.join(
    TEXT_CONFIGS.map((cfg) => sql`to_tsquery(${sql.raw(`'${cfg}'`)}, ${expr})`),
    sql` || `,
  );
}

function textCondition(words: string[], mode: 'all' | 'any'): SQL {
  return sql`${publishedServices.searchVector} @@ (${tsQuery(words, mode)})`;
}

/**
 * Relevance: how well the query's words meet the service's names and its needs' names (rank_vector, a few
 * lexemes: ADR 0016), over every match. When only some of the words match (the relaxed mode), the whole
 * vector ranks, so that a service with more of the words comes first.
 */
function rankExpr(words: string[], mode: 'all' | 'any'): SQL {
  return mode === 'all' ? sql`ts_rank(rank_vector, ${tsQuery(words, 'any')})` : sql`ts_rank(${publishedServices.searchVector}, ${tsQuery(words, 'any')})`;
}

function filters(f: FinderQuery): SQL[] {
  const where: SQL[] = [];
  if (f.need) where.push(sql`${publishedServices.termCodes} @> ARRAY[${f.need}]::text[]`);
  if (f.municipality) where.push(sql`${publishedServices.municipalityCodes} @> ARRAY[${f.municipality}]::text[]`);
  if (f.language) where.push(sql`${publishedServices.languageCodes} @> ARRAY[${f.language}]::text[]`);
  if (f.free) where.push(eq(publishedServices.freeOfCharge, true));
  if (f.accessible) where.push(eq(publishedServices.wheelchairAccessible, true));
  if (f.noAppointment) where.push(eq(publishedServices.appointmentRequired, false));
  if (f.openNow) {
    const { day, time, date } = f.openNow;
    where.push(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${publishedServices.hours}) h
      WHERE h->'days' ? ${day} AND h->>'opens' <= ${time} AND h->>'closes' > ${time})
      AND NOT (${date}::date = ANY(${publishedServices.closedDates}))`);
  }
  return where;
}

const HIT_COLUMNS = {
  serviceId: publishedServices.serviceId,
  name: publishedServices.name,
  document: publishedServices.document,
  translations: publishedServices.translations,
  municipalityCodes: publishedServices.municipalityCodes,
  languageCodes: publishedServices.languageCodes,
  freeOfCharge: publishedServices.freeOfCharge,
  wheelchairAccessible: publishedServices.wheelchairAccessible,
  appointmentRequired: publishedServices.appointmentRequired,
  hours: publishedServices.hours,
  closedDates: publishedServices.closedDates,
  lastVerifiedAt: publishedServices.lastVerifiedAt,
};

export type FinderResult = Awaited<ReturnType<typeof finderRepo.search>>;

export const finderRepo = {
  /** The published directory's version: it changes with every statement that changes what is published. */
  async publishedVersion(db: DbOrTx): Promise<string> {
    const [row] = await rows<{ version: string }>(db, sql`SELECT version::text AS version FROM dir_published_version`);
    return row?.version ?? '0';
  },

  /**
   * `index`: the published directory in memory, of the version published now (ADR 0018); it answers the
   * same pages as the database. Without it, or for words it cannot take, the database searches.
   */
  async search(
    db: DbOrTx,
    f: FinderQuery,
    index?: PublishedIndex,
  ): Promise<{ hits: FinderHit[]; total: number; relaxed: boolean; correctedQuery: string | undefined }> {
    const words = queryWords(f.q ?? '');
    const base = filters(f);
    const run = (mode: 'all' | 'any' | 'none') => runWith(words, mode);
    const pageOf = async (words: string[], mode: 'all' | 'any' | 'none') => {
      const lexemes = index && (mode === 'none' ? [] : await queryLexemes(db, words));
      if (index && lexemes) return index.page(lexemes, mode, f, f);
      const where = mode === 'none' ? base : [...base, textCondition(words, mode)];
      const order = mode === 'none' ? 'by name' : sql`${rankExpr(words, mode)} DESC, name`;
      return publishedPage(db, where, order, f);
    };
    const runWith = async (words: string[], mode: 'all' | 'any' | 'none') => {
      const { ids, total } = await pageOf(words, mode);
      if (ids.length === 0) return { hits: [], total };
      const found = (await db.select(HIT_COLUMNS).from(publishedServices).where(inArray(publishedServices.serviceId, ids))) as FinderHit[];
      return { hits: inOrderOf(ids, found, (h) => h.serviceId), total };
    };
    if (words.length === 0) return { ...(await run('none')), relaxed: false, correctedQuery: undefined };
    const strict = await run('all');
    if (strict.total > 0) return { ...strict, relaxed: false, correctedQuery: undefined };
    // Nothing has every word: correct misspelt words to the closest word of the directory and try again.
    const corrected = await finderRepo.correctWords(db, words);
    if (corrected.join(' ') !== words.join(' ')) {
      const again = await runWith(corrected, 'all');
      if (again.total > 0) return { ...again, relaxed: false, correctedQuery: corrected.join(' ') };
    }
    // Still nothing: the services with any of the words, misspelt ones corrected.
    return { ...(await runWith(corrected, 'any')), relaxed: true, correctedQuery: undefined };
  },

  /** Each word unknown to the directory, replaced by its closest known word (if close enough). */
  async correctWords(db: DbOrTx, words: string[]): Promise<string[]> {
    return Promise.all(
      words.map(async (w) => {
        if (w.length < 4) return w;
        const known = await rows(db, sql`SELECT 1 FROM dir_search_words WHERE word = ${w}`);
        if (known.length) return w;
        const [best] = await rows<{ word: string }>(
          db,
          sql`SELECT word FROM dir_search_words WHERE word % ${w} ORDER BY similarity(word, ${w}) DESC, word LIMIT 1`,
        );
        return best?.word ?? w;
      }),
    );
  },

  async findPublished(db: DbOrTx, serviceId: string): Promise<(FinderHit & { organizationId: string }) | undefined> {
    const [row] = await db
      .select({ ...HIT_COLUMNS, organizationId: publishedServices.organizationId })
      .from(publishedServices)
      .where(eq(publishedServices.serviceId, serviceId));
    return row as (FinderHit & { organizationId: string }) | undefined;
  },

  async municipalities(db: DbOrTx) {
    return db.select({ code: municipalities.code, name: municipalities.name }).from(municipalities).orderBy(asc(municipalities.name));
  },

  /** Needs with their names in every language (for the filter and the result badges). */
  async needs(db: DbOrTx) {
    return db
      .select({ code: taxonomyTerms.code, name: taxonomyTerms.name, parentId: taxonomyTerms.parentId, translations: taxonomyTerms.translations })
      .from(taxonomyTerms)
      .orderBy(asc(taxonomyTerms.position));
  },

  /** The languages spoken somewhere in the published directory (for the filter). */
  async spokenLanguages(db: DbOrTx): Promise<string[]> {
    const r = await rows<{ code: string }>(db, sql`SELECT DISTINCT unnest(language_codes) AS code FROM dir_published_services ORDER BY 1`);
    return r.map((x) => x.code);
  },
};
