// The published directory held in memory for the finder (ADR 0018): posting lists of the lexemes of every
// service's search_vector, its filters, and its place in name order. It answers a page of ids exactly as
// the SQL of published-page.ts does (same matches, same ts_rank, same order), in well under a millisecond.
//
// It is built from one snapshot of the published read model and tagged with that snapshot's version
// (dir_published_version): a search uses it only when the version it has just read is the same, so it is
// never older than what is published. While a new version is being built, searches go to the database.
// The words of a query are turned into lexemes by PostgreSQL itself (to_tsquery per configuration, kept
// per word), so the stemming is the database's and never a second implementation.
import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import type { WeeklyHours } from './directory.schema.js';

/** The text-search configurations every service's text is searched in (finder.repo.ts), in that order. */
export const TEXT_CONFIGS = ['italian', 'simple', 'english', 'french', 'arabic'] as const;

export interface IndexFilters {
  need?: string | undefined;
  municipality?: string | undefined;
  language?: string | undefined;
  free?: boolean | undefined;
  accessible?: boolean | undefined;
  noAppointment?: boolean | undefined;
  openNow?: { day: string; time: string; date: string } | undefined;
}

/** A query's words as lexemes: for each configuration, one lexeme a word (null: a stop word there). */
export type QueryLexemes = (string | null)[][];

// ts_rank's default weights for D, C, B, A (tsrank.c), as the float4 values PostgreSQL computes with.
const WEIGHTS = [Math.fround(0.1), Math.fround(0.2), Math.fround(0.4), 1];
const WEIGHT_OF: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
const f32 = Math.fround;

/**
 * What one lexeme of a service adds to ts_rank's sum (calc_rank_or in PostgreSQL's tsrank.c), given the
 * weights of its positions in order. The arithmetic is float4 as there, then one division in double, so
 * that ranks, and ties between them, come out bit for bit as the database's.
 */
export function rankContribution(weights: readonly number[]): number {
  return rankTerm(weights) / RANK_DIVISOR;
}

// π²/6, the limit of sum(1/i²) that calc_rank_or divides by, as a double literal there.
const RANK_DIVISOR = 1.64493406685;

/** rankContribution() before its division: a float4, so a Float32Array holds it exactly. */
function rankTerm(weights: readonly number[]): number {
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  weights.forEach((weight, j) => {
    const w = WEIGHTS[weight]!;
    resj = f32(resj + f32(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  });
  return f32(f32(wjm + resj) - f32(wjm / ((jm + 1) * (jm + 1))));
}

/** ts_rank of a service: the contributions of the query's distinct lexemes (byte order), over their number. */
export function tsRank(contributions: number[]): number {
  let res = 0;
  for (const c of contributions) res = f32(res + c);
  return contributions.length ? f32(res / contributions.length) : 0;
}

/** The entries of a tsvector's text form: `'lexeme':1A,2,3B 'other'` (D is written without a letter). */
export function parseTsvector(text: string): { lexeme: string; weights: number[] }[] {
  const entries: { lexeme: string; weights: number[] }[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'") {
      i++;
      continue;
    }
    let lexeme = '';
    i++;
    for (;;) {
      const ch = text[i]!;
      if (ch === '\\') {
        lexeme += text[i + 1];
        i += 2;
      } else if (ch === "'") {
        if (text[i + 1] === "'") {
          lexeme += "'";
          i += 2;
        } else {
          i++;
          break;
        }
      } else {
        lexeme += ch;
        i++;
      }
    }
    const weights: number[] = [];
    if (text[i] === ':') {
      i++;
      while (i < text.length && text[i] !== ' ') {
        let j = i;
        while (j < text.length && text[j]! >= '0' && text[j]! <= '9') j++;
        const letter = text[j];
        if (letter !== undefined && letter in WEIGHT_OF) {
          weights.push(WEIGHT_OF[letter]!);
          j++;
        } else {
          weights.push(0);
        }
        i = text[j] === ',' ? j + 1 : j;
      }
    } else {
      // No positions: PostgreSQL ranks it as one position of weight D.
      weights.push(0);
    }
    entries.push({ lexeme, weights });
  }
  return entries;
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface Posting {
  /** Services (their place in name order), ascending. */
  ids: Int32Array;
  /** What the lexeme adds to each one's rank, before the division by RANK_DIVISOR (rankTerm). */
  terms: Float32Array;
}

/**
 * Every lexeme's posting in two flat arrays (a directory has tens of thousands of rare lexemes, and a
 * typed array each would cost more than its contents); a posting is a view into them.
 */
class Postings {
  private constructor(
    private readonly numberOf: Map<string, number>,
    private readonly starts: Int32Array,
    private readonly ids: Int32Array,
    private readonly terms: Float32Array,
  ) {}

  static pack(lists: Map<string, { ids: number[]; terms: number[] }>): Postings {
    const numberOf = new Map<string, number>();
    const starts = new Int32Array(lists.size + 1);
    let total = 0;
    for (const list of lists.values()) total += list.ids.length;
    const ids = new Int32Array(total);
    const terms = new Float32Array(total);
    let at = 0;
    for (const [lexeme, list] of lists) {
      starts[numberOf.size] = at;
      numberOf.set(lexeme, numberOf.size);
      ids.set(list.ids, at);
      terms.set(list.terms, at);
      at += list.ids.length;
    }
    starts[numberOf.size] = at;
    return new Postings(numberOf, starts, ids, terms);
  }

  get(lexeme: string): Posting | undefined {
    const n = this.numberOf.get(lexeme);
    if (n === undefined) return undefined;
    const from = this.starts[n]!;
    const to = this.starts[n + 1]!;
    return { ids: this.ids.subarray(from, to), terms: this.terms.subarray(from, to) };
  }
}

interface ServiceHours {
  hours: WeeklyHours[];
  closedDates: string[];
}

function lowerBound(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ids in both ascending lists: a merge, or binary searches in the longer when one is far shorter. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const out = new Int32Array(short.length);
  let n = 0;
  if (short.length * 16 < long.length) {
    for (const id of short) if (long[lowerBound(long, id)] === id) out[n++] = id;
  } else {
    for (let i = 0, j = 0; i < short.length && j < long.length; ) {
      const x = short[i]!;
      const y = long[j]!;
      if (x === y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
  }
  return out.subarray(0, n);
}

/**
 * The first `count` items in the order `before` defines, in that order: a short sorted list kept while
 * walking (a page is 20 of thousands of matches), or a whole sort when the page is deep.
 */
function firstInOrder(items: number[], count: number, before: (a: number, b: number) => boolean): number[] {
  if (count * 8 > items.length) return items.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).slice(0, count);
  const top: number[] = [];
  for (const item of items) {
    if (top.length === count && !before(item, top[count - 1]!)) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && before(item, top[at - 1]!)) at--;
    if (top.length === count) top.pop();
    top.splice(at, 0, item);
  }
  return top;
}

const EMPTY = new Int32Array(0);
const BATCH = 5000;

interface ServiceRow {
  id: string;
  name: string;
  terms: string[];
  municipalities: string[];
  languages: string[];
  free: boolean;
  accessible: boolean;
  appointment: boolean;
  hours: WeeklyHours[];
  closed: string[];
  vector: string;
}

async function currentVersion(db: DbOrTx): Promise<string> {
  const [row] = await rows<{ version: string }>(db, sql`SELECT version::text AS version FROM dir_published_version`);
  return row?.version ?? '0';
}
const NO_DATES: string[] = [];
const FREE = 1;
const ACCESSIBLE = 2;
const APPOINTMENT = 4;

export class PublishedIndex {
  private constructor(
    readonly version: string,
    /** Service ids in name order (ORDER BY name, service_id, as the database sorts them). */
    private readonly serviceIds: string[],
    private readonly services: ServiceHours[],
    private readonly flags: Uint8Array,
    /** Lexemes in the whole search_vector, and in its names and needs alone (rank_vector: weights A, B). */
    private readonly postings: Postings,
    private readonly namePostings: Postings,
    private readonly byTerm: Map<string, Int32Array>,
    private readonly byMunicipality: Map<string, Int32Array>,
    private readonly byLanguage: Map<string, Int32Array>,
  ) {}

  get size(): number {
    return this.serviceIds.length;
  }

  /**
   * Reads the published read model in batches of BATCH services in name order, between two reads of its
   * version: every change to it bumps the version in the same transaction, so the same version before and
   * after means the batches saw one state. When a publication lands in between, it reads again.
   */
  static async build(db: DbOrTx): Promise<PublishedIndex> {
    for (let attempt = 1; ; attempt++) {
      const version = await currentVersion(db);
      const index = await PublishedIndex.read(db, version);
      if ((await currentVersion(db)) === version) return index;
      if (attempt === 3) throw new Error('the published directory kept changing while it was indexed');
    }
  }

  private static async read(db: DbOrTx, version: string): Promise<PublishedIndex> {
    const serviceIds: string[] = [];
    const services: ServiceHours[] = [];
    const flags: number[] = [];
    const timetables = new Map<string, WeeklyHours[]>();
    const lists = new Map<string, { ids: number[]; terms: number[] }>();
    const nameLists = new Map<string, { ids: number[]; terms: number[] }>();
    const byTerm = new Map<string, number[]>();
    const byMunicipality = new Map<string, number[]>();
    const byLanguage = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, id: number) => {
      const list = map.get(key);
      if (list) list.push(id);
      else map.set(key, [id]);
    };
    let after: { name: string; id: string } | undefined;
    for (;;) {
      const batch = await rows<ServiceRow>(
        db,
        sql`SELECT service_id AS id, name, term_codes AS terms, municipality_codes AS municipalities, language_codes AS languages,
              free_of_charge AS free, wheelchair_accessible AS accessible, appointment_required AS appointment, hours,
              closed_dates::text[] AS closed, search_vector::text AS vector
            FROM dir_published_services
            ${after ? sql`WHERE (name, service_id) > (${after.name}, ${after.id}::uuid)` : sql``}
            ORDER BY name, service_id LIMIT ${BATCH}`,
      );
      for (const row of batch) {
        const id = serviceIds.length;
        serviceIds.push(row.id);
        // Most services share a few timetables: one object each, not one per service.
        const hoursKey = JSON.stringify(row.hours);
        let hours = timetables.get(hoursKey);
        if (!hours) timetables.set(hoursKey, (hours = row.hours));
        services.push({ hours, closedDates: row.closed.length ? row.closed : NO_DATES });
        flags.push((row.free ? FREE : 0) | (row.accessible ? ACCESSIBLE : 0) | (row.appointment ? APPOINTMENT : 0));
        for (const code of new Set(row.terms)) add(byTerm, code, id);
        for (const code of new Set(row.municipalities)) add(byMunicipality, code, id);
        for (const code of new Set(row.languages)) add(byLanguage, code, id);
        for (const { lexeme, weights } of parseTsvector(row.vector)) {
          // rank_vector is ts_filter(search_vector, '{a,b}'): the positions of weight A or B alone.
          const named = weights.filter((w) => w >= 2);
          const addTo = (map: typeof lists, weights: number[]) => {
            let list = map.get(lexeme);
            if (!list) map.set(lexeme, (list = { ids: [], terms: [] }));
            list.ids.push(id);
            list.terms.push(rankTerm(weights));
          };
          addTo(lists, weights);
          if (named.length) addTo(nameLists, named);
        }
      }
      const last = batch[batch.length - 1];
      if (batch.length < BATCH || !last) break;
      after = { name: last.name, id: last.id };
      // Let other requests through while a large directory is indexed.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const frozen = (map: Map<string, number[]>) => new Map([...map].map(([k, v]) => [k, Int32Array.from(v)]));
    return new PublishedIndex(
      version,
      serviceIds,
      services,
      Uint8Array.from(flags),
      Postings.pack(lists),
      Postings.pack(nameLists),
      frozen(byTerm),
      frozen(byMunicipality),
      frozen(byLanguage),
    );
  }

  /**
   * One page of ids and the number of matches, as publishedPage() gives them for the same search:
   * `none`, no words, in name order; `all`, every word in some configuration, by ts_rank over the names
   * and needs; `any`, any of the words, by ts_rank over the whole vector; ties in name order.
   * Synchronous, so the scratch arrays are this call's alone.
   */
  page(
    lexemes: QueryLexemes,
    mode: 'all' | 'any' | 'none',
    filters: IndexFilters,
    page: { page: number; perPage: number },
  ): { ids: string[]; total: number } {
    const offset = (page.page - 1) * page.perPage;
    const wanted = offset + page.perPage;
    const ids = (found: ArrayLike<number>) => Array.from(found, (id) => this.serviceIds[id]!);
    if (mode === 'none') {
      // In name order: walk the smallest list of the need, municipality or language asked for (or all).
      const lists = [
        filters.need === undefined ? undefined : (this.byTerm.get(filters.need) ?? EMPTY),
        filters.municipality === undefined ? undefined : (this.byMunicipality.get(filters.municipality) ?? EMPTY),
        filters.language === undefined ? undefined : (this.byLanguage.get(filters.language) ?? EMPTY),
      ].filter((l): l is Int32Array => l !== undefined);
      const walk = lists.length ? lists.reduce((a, b) => (a.length <= b.length ? a : b)) : null;
      const passes = this.filterOf(filters);
      const found: number[] = [];
      let total = 0;
      for (let k = 0, n = walk ? walk.length : this.size; k < n; k++) {
        const id = walk ? walk[k]! : k;
        if (passes && !passes(id)) continue;
        if (total >= offset && total < wanted) found.push(id);
        total++;
      }
      return { ids: ids(found), total };
    }

    // Mark the matches (this call's stamp) and add up their ranks, lexeme by lexeme in byte order, as
    // ts_rank adds them; a Float32Array keeps each partial sum in float4, as PostgreSQL does.
    const stamp = this.nextStamp();
    const { marks, sums } = this;
    const distinct = [...new Set(lexemes.flat().filter((l): l is string => l !== null))].sort(byBytes);
    const matched: number[] = [];
    const passes = this.filterOf(filters);
    const mark = (id: number) => {
      if (marks[id] === stamp || (passes && !passes(id))) return;
      marks[id] = stamp;
      sums[id] = 0;
      matched.push(id);
    };
    if (mode === 'all') {
      // Every word in one configuration (its stop words left out), in any of them.
      for (const perConfig of lexemes) {
        const lists = [...new Set(perConfig.filter((l): l is string => l !== null))].map((l) => this.postings.get(l)?.ids ?? EMPTY);
        if (lists.length === 0) continue;
        lists.sort((a, b) => a.length - b.length);
        for (const id of lists.reduce(intersect)) mark(id);
      }
    } else {
      for (const l of distinct) for (const id of this.postings.get(l)?.ids ?? EMPTY) mark(id);
    }
    for (const l of distinct) {
      const posting = (mode === 'all' ? this.namePostings : this.postings).get(l);
      if (!posting) continue;
      const { ids: list, terms } = posting;
      for (let k = 0; k < list.length; k++) {
        const id = list[k]!;
        if (marks[id] === stamp) sums[id] = sums[id]! + terms[k]! / RANK_DIVISOR;
      }
    }
    const size = distinct.length;
    const rank = (id: number) => (size ? f32(sums[id]! / size) : 0);
    // ORDER BY rank DESC, name, service_id: the place in name order breaks ties.
    const before = (a: number, b: number) => {
      const ra = rank(a);
      const rb = rank(b);
      return ra > rb || (ra === rb && a < b);
    };
    return { ids: ids(firstInOrder(matched, wanted, before).slice(offset)), total: matched.length };
  }

  private stamp = 0;
  private marksArray: Int32Array | undefined;
  private sumsArray: Float32Array | undefined;
  private get marks(): Int32Array {
    return (this.marksArray ??= new Int32Array(this.size));
  }
  private get sums(): Float32Array {
    return (this.sumsArray ??= new Float32Array(this.size));
  }
  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** A test of every filter asked for, made once a search: masks of the codes and flags, then the hours. */
  private filterOf(f: IndexFilters): ((id: number) => boolean) | null {
    const tests: ((id: number) => boolean)[] = [];
    const member = (map: Map<string, Int32Array>, code: string) => {
      // A code no service has matches nothing, and gets no mask: masks exist for the directory's own
      // codes only, whatever codes a URL may carry.
      if (!map.has(code)) {
        tests.push(() => false);
        return;
      }
      const key = `${map === this.byTerm ? 't' : map === this.byMunicipality ? 'm' : 'l'}:${code}`;
      let mask = this.masks.get(key);
      if (!mask) {
        mask = new Uint8Array(this.size);
        for (const id of map.get(code) ?? EMPTY) mask[id] = 1;
        this.masks.set(key, mask);
      }
      const m = mask;
      tests.push((id) => m[id] === 1);
    };
    if (f.need !== undefined) member(this.byTerm, f.need);
    if (f.municipality !== undefined) member(this.byMunicipality, f.municipality);
    if (f.language !== undefined) member(this.byLanguage, f.language);
    const flags = this.flags;
    if (f.free) tests.push((id) => (flags[id]! & FREE) !== 0);
    if (f.accessible) tests.push((id) => (flags[id]! & ACCESSIBLE) !== 0);
    if (f.noAppointment) tests.push((id) => (flags[id]! & APPOINTMENT) === 0);
    if (f.openNow) {
      const { day, time, date } = f.openNow;
      tests.push((id) => {
        const s = this.services[id]!;
        return s.hours.some((h) => h.days?.includes(day as never) && h.opens <= time && h.closes > time) && !s.closedDates.includes(date);
      });
    }
    if (tests.length === 0) return null;
    if (tests.length === 1) return tests[0]!;
    return (id) => tests.every((test) => test(id));
  }

  private readonly masks = new Map<string, Uint8Array>();
}

const lexemeCaches = new WeakMap<object, LRUCache<string, (string | null | undefined)[]>>();

/**
 * The lexemes of words, per configuration, from PostgreSQL (kept per word). Undefined when a word does not
 * make exactly one lexeme in some configuration (then the search is left to the database).
 */
export async function queryLexemes(db: DbOrTx, words: string[]): Promise<QueryLexemes | undefined> {
  // Per database: another server may have other dictionaries.
  let lexemesOfWord = lexemeCaches.get(db);
  if (!lexemesOfWord) lexemeCaches.set(db, (lexemesOfWord = new LRUCache({ max: 20_000 })));
  const missing = [...new Set(words.filter((w) => !lexemesOfWord.has(w)))];
  if (missing.length) {
    const found = await rows<{ word: string; queries: string[] }>(
      db,
      sql`SELECT w AS word, ARRAY[${sql.join(
        TEXT_CONFIGS.map((cfg) => sql`to_tsquery(${sql.raw(`'${cfg}'`)}, w)::text`),
        sql`, `,
      )}] AS queries FROM unnest(ARRAY[${sql.join(
        missing.map((w) => sql`${w}`),
        sql`, `,
      )}]::text[]) w`,
    );
    for (const { word, queries } of found) lexemesOfWord.set(word, queries.map(singleLexeme));
  }
  const perWord = words.map((w) => lexemesOfWord.get(w));
  if (perWord.some((l) => l === undefined || l.includes(undefined))) return undefined;
  return TEXT_CONFIGS.map((_, c) => perWord.map((l) => l![c] as string | null));
}

/** `'medic'` → medic; `` (a stop word) → null; anything else (two lexemes, a phrase) → undefined. */
function singleLexeme(query: string): string | null | undefined {
  if (query === '') return null;
  const m = /^'((?:[^'\\]|''|\\.)*)'$/.exec(query);
  if (!m) return undefined;
  return m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1');
}

/**
 * One index per database handle, built on demand: `at(version)` gives the index of that version, or
 * undefined (and starts building it) when it has not been built yet.
 */
export class PublishedIndexHolder {
  private built: PublishedIndex | undefined;
  private building: Promise<PublishedIndex> | undefined;
  private failedAt = -Infinity;

  constructor(private readonly db: DbOrTx) {}

  /** The last index built, of whichever version, without starting a build. */
  get latest(): PublishedIndex | undefined {
    return this.built;
  }

  /** `log`: told when a build started here fails; the next try waits RETRY_MS, searches go to SQL. */
  at(version: string, log?: ErrorLog): PublishedIndex | undefined {
    if (this.built?.version === version) return this.built;
    if (!this.building && performance.now() - this.failedAt >= RETRY_MS) {
      this.rebuild().catch((err: unknown) => {
        this.failedAt = performance.now();
        log?.error({ err }, BUILD_FAILED);
      });
    }
    return undefined;
  }

  /** Builds the index of the version published now, in the background (the server, at start). */
  warm(log: ErrorLog): Promise<void> {
    return this.ready().then(
      () => undefined,
      (err: unknown) => log.error({ err }, BUILD_FAILED),
    );
  }

  /** Builds the index of the version published now (unless one is being built), and waits for it. */
  async ready(): Promise<PublishedIndex> {
    await this.building?.catch(() => undefined);
    return this.rebuild();
  }

  private rebuild(): Promise<PublishedIndex> {
    this.building ??= PublishedIndex.build(this.db)
      .then((index) => {
        if (!this.built || BigInt(index.version) >= BigInt(this.built.version)) this.built = index;
        return index;
      })
      .finally(() => {
        this.building = undefined;
      });
    return this.building;
  }
}

const RETRY_MS = 30_000;
const BUILD_FAILED = 'the finder index could not be built; searches use the database';
type ErrorLog = { error: (details: { err: unknown }, message: string) => void };
const holders = new WeakMap<object, PublishedIndexHolder>();

/** The index holder of a database handle (shared by the finder and the HSDS API of one app). */
export function publishedIndexOf(db: DbOrTx): PublishedIndexHolder {
  let holder = holders.get(db);
  if (!holder) holders.set(db, (holder = new PublishedIndexHolder(db)));
  return holder;
}
