// Keeps the public read model (dir_published_services) in step with a service: a published service gets
// one denormalized row — its HSDS document, translations, filters, hours and search text in every
// language — and anything else gets none. Call it in the transaction that changed the service.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
import { normalizeForIndex } from '../../kernel/crypto/fields.js';
import { municipalities, publishedServices, type WeeklyHours } from './directory.schema.js';
import { loadServiceGraph, serviceDocument, serviceTranslations, type ServiceGraph } from './service-document.js';

export function weeklyHours(g: ServiceGraph): { hours: WeeklyHours[]; closedDates: string[] } {
  const hours: WeeklyHours[] = [];
  const closedDates: string[] = [];
  for (const s of g.schedules) {
    if (s.validFrom && s.validFrom === s.validTo && !s.opensAt) {
      closedDates.push(s.validFrom);
    } else if (s.freq === 'WEEKLY' && s.byday && s.opensAt && s.closesAt) {
      hours.push({ days: s.byday.split(','), opens: s.opensAt.slice(0, 5), closes: s.closesAt.slice(0, 5) });
    }
  }
  return { hours, closedDates };
}

/** The text search configuration of each language; any other language is indexed word by word. */
const TEXT_CONFIG: Record<string, string> = { it: 'italian', en: 'english', fr: 'french', ar: 'arabic' };

/**
 * The texts of a service by language and by weight: A its names, B its other names and its needs' names
 * and keywords, C what it says of itself (description, who it is for, how to apply, documents). The
 * finder ranks by A and B only (a small vector, cheap to rank: ADR 0016) and matches on all of it. Every
 * language's text also goes, unaccented, into one text for the trigram index (typos).
 */
function searchTexts(g: ServiceGraph, municipalityNames: string[]) {
  const s = g.service;
  const byLocale = new Map<string, { A: string[]; B: string[]; C: string[] }>();
  const of = (locale: string) => byLocale.get(locale) ?? byLocale.set(locale, { A: [], B: [], C: [] }).get(locale)!;
  of('it').A.push(s.name);
  of('it').B.push(s.alternateName ?? '', g.organization.name, ...g.terms.flatMap((t) => [t.term.name, t.term.translations.it?.keywords ?? '']));
  of('it').C.push(s.description, s.eligibilityDescription ?? '', s.applicationProcess ?? '');
  for (const [locale, fields] of Object.entries(s.translations)) {
    if (locale === 'it') continue;
    for (const [field, text] of Object.entries(fields)) (field === 'name' ? of(locale).A : of(locale).C).push(text);
  }
  for (const t of g.terms) {
    for (const [locale, fields] of Object.entries(t.term.translations)) {
      if (locale !== 'it') of(locale).B.push(fields.name ?? '', fields.keywords ?? '');
    }
  }
  const join = (xs: (string | null | undefined)[]) => xs.filter(Boolean).join(' ');
  const all = [...byLocale.values()].flatMap((w) => [...w.A, ...w.B, ...w.C]);
  return {
    byLocale: [...byLocale].map(([locale, w]) => ({ locale, A: join(w.A), B: join(w.B), C: join(w.C) })),
    trigram: normalizeForIndex(join([...all, ...municipalityNames])),
  };
}

/** The weighted search vector: each language's texts with its own stemming (Arabic keeps its marks). */
function searchVector(texts: ReturnType<typeof searchTexts>['byLocale']) {
  const parts = texts.flatMap(({ locale, ...weights }) => {
    const config = sql.raw(`'${TEXT_CONFIG[locale] ?? 'simple'}'`);
    return (['A', 'B', 'C'] as const)
      .filter((w) => weights[w])
      .map((w) => {
        const text = locale === 'ar' ? sql`${weights[w]}` : sql`ponte_unaccent(${weights[w]})`;
        return sql`setweight(to_tsvector(${config}, ${text}), ${sql.raw(`'${w}'`)})`;
      });
  });
  return parts.length ? sql.join(parts, sql` || `) : sql`''::tsvector`;
}

/**
 * The one rule of what the public sees (docs/adr/0008-directory-review.md): a published service is
 * (re)published; a revision waiting for the directory team (in_review) or sent back (returned) leaves the
 * approved version online until approval replaces it; anything else — a draft, a defunct service — is
 * withdrawn. Every caller (editors, review, import, seeds) gets the same behaviour.
 */
export async function refreshPublishedService(tx: DbOrTx, serviceId: string): Promise<'published' | 'withdrawn' | 'kept'> {
  const g = await loadServiceGraph(tx, serviceId);
  const awaitingReview = g?.service.publicationStatus === 'in_review' || g?.service.publicationStatus === 'returned';
  if (awaitingReview) {
    const [online] = await tx.select({ id: publishedServices.serviceId }).from(publishedServices).where(eq(publishedServices.serviceId, serviceId));
    if (online) return 'kept';
  }
  if (!g || g.service.publicationStatus !== 'published' || g.service.status === 'defunct') {
    await tx.delete(publishedServices).where(eq(publishedServices.serviceId, serviceId));
    return 'withdrawn';
  }
  const municipalityCodes = [
    ...new Set([
      ...g.locations.map((l) => l.municipalityCode).filter((c): c is string => !!c),
      ...g.serviceAreas.map((a) => a.municipalityCode).filter((c): c is string => !!c),
    ]),
  ];
  const names = municipalityCodes.length
    ? (await tx.select({ name: municipalities.name }).from(municipalities).where(sql`${municipalities.code} IN ${municipalityCodes}`)).map((m) => m.name)
    : [];
  const texts = searchTexts(g, names);
  const { hours, closedDates } = weeklyHours(g);
  const languageCodes = [...new Set(g.languages.map((l) => l.code).filter((c): c is string => !!c))];
  const termCodes = [...new Set(g.terms.flatMap((t) => [t.term.code, ...parentCodes(t.term.code)]))];
  const wheelchair = g.locations.some((l) => l.wheelchairAccessible === true);
  const vector = searchVector(texts.byLocale);
  const row = {
    serviceId,
    organizationId: g.service.organizationId,
    document: serviceDocument(g),
    translations: serviceTranslations(g),
    name: g.service.name,
    municipalityCodes,
    languageCodes,
    termCodes,
    freeOfCharge: g.service.freeOfCharge,
    wheelchairAccessible: wheelchair,
    appointmentRequired: g.service.appointmentRequired,
    hours,
    closedDates,
    searchText: texts.trigram,
    searchVector: vector as unknown as string,
    lastVerifiedAt: g.service.lastVerifiedAt,
    publishedAt: g.service.publishedAt ?? new Date(),
    modifiedAt: g.service.updatedAt,
  };
  const { serviceId: _key, ...update } = row;
  await tx.insert(publishedServices).values(row).onConflictDoUpdate({ target: publishedServices.serviceId, set: update });
  await rememberWords(tx, texts.trigram);
  return 'published';
}

/** Adds the words of a published text to the vocabulary used to correct misspelt searches. */
async function rememberWords(tx: DbOrTx, text: string): Promise<void> {
  const words = [...new Set(text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && w.length <= 60))];
  if (words.length === 0) return;
  await tx.execute(sql`INSERT INTO dir_search_words (word) SELECT jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) ON CONFLICT DO NOTHING`);
}

/** 'health.family-doctor' also belongs to 'health'. */
function parentCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
