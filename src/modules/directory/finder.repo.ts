// Queries of the public finder, all on the published read model (dir_published_services).
// Search: filters first (GIN-indexed arrays and flags), then the text: every word must match (stemmed,
// in any language) — and when that finds nothing, any word may match, or a word close to it (typos).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
import { rows } from '../../kernel/db/client.js';
import { normalizeForIndex } from '../../kernel/crypto/fields.js';
import { municipalities, publishedServices, taxonomyTerms, type Translations, type WeeklyHours } from './directory.schema.js';

export interface FinderQuery {
  q?: string | undefined;
  need?: string | undefined;
  municipality?: string | undefined;
  language?: string | undefined;
  free?: boolean | undefined;
  accessible?: boolean | undefined;
  noAppointment?: boolean | undefined;
  openNow?: { day: string; time: string; date: string } | undefined;
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

const TEXT_CONFIGS = ['italian', 'simple', 'english', 'french', 'arabic'] as const;
export const RANK_CAP = 1000;

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
  const matches = sql`${publishedServices.searchVector} @@ (${tsQuery(words, mode)})`;
  if (mode === 'all' || !words.some((w) => w.length >= 4)) return sql`(${matches})`;
  // Typos: a query word close to a word of the text ("medco" → "medico").
  const fuzzy = sql.join(
    words.filter((w) => w.length >= 4).map((w) => sql`${w} <% ${publishedServices.searchText}`),
    sql` OR `,
  );
  return sql`(${matches} OR ${fuzzy})`;
}

function rankExpr(words: string[], mode: 'all' | 'any'): SQL {
  const rank = sql`ts_rank(${publishedServices.searchVector}, ${tsQuery(words, 'any')})`;
  // In the relaxed mode a service found only through a typo ranks by how close the word was.
  return mode === 'any' ? sql`${rank} + word_similarity(${words.join(' ')}, ${publishedServices.searchText})` : rank;
}

/** How close a misspelt word must be to a word of the text (pg_trgm's default, 0.6, misses "medco"). */
const TYPO_THRESHOLD = 0.45;

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

  async search(
    db: DbOrTx,
    f: FinderQuery,
  ): Promise<{ hits: FinderHit[]; total: number; relaxed: boolean; correctedQuery: string | undefined }> {
    const words = queryWords(f.q ?? '');
    const base = filters(f);
    const run = (mode: 'all' | 'any' | 'none') => runWith(words, mode);
    const runWith = async (words: string[], mode: 'all' | 'any' | 'none') => {
      const where = mode === 'none' ? base : [...base, textCondition(words, mode)];
      const condition = where.length ? and(...where) : undefined;
      const query = async (q: DbOrTx) => {
        const [{ total }] = (await q.select({ total: sql<number>`count(*)::int` }).from(publishedServices).where(condition)) as [{ total: number }];
        if (total === 0) return { hits: [], total };
        if (mode === 'none') {
          const hits = await q.select(HIT_COLUMNS).from(publishedServices).where(condition).orderBy(asc(publishedServices.name)).limit(f.perPage).offset((f.page - 1) * f.perPage);
          return { hits: hits as FinderHit[], total };
        }
        // Ranking reads every matching row's vector: a broad query over a large directory ranks only the
        // first RANK_CAP matches (filters narrow the set first, so a filtered search ranks them all).
        const candidates = q
          .select({ id: publishedServices.serviceId, rank: sql<number>`${rankExpr(words, mode)}`.as('rank') })
          .from(publishedServices)
          .where(condition)
          .limit(RANK_CAP)
          .as('candidates');
        const hits = await q
          .select(HIT_COLUMNS)
          .from(candidates)
          .innerJoin(publishedServices, eq(publishedServices.serviceId, candidates.id))
          .orderBy(sql`${candidates.rank} DESC`, asc(publishedServices.name))
          .limit(f.perPage)
          .offset((f.page - 1) * f.perPage);
        return { hits: hits as FinderHit[], total };
      };
      if (mode !== 'any') return query(db);
      // SET LOCAL: the threshold holds for this transaction only, whichever pooled connection runs it.
      return db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL pg_trgm.word_similarity_threshold = ${TYPO_THRESHOLD}`));
        return query(tx);
      });
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
    return { ...(await run('any')), relaxed: true, correctedQuery: undefined };
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
