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

/** Texts of one language for the search vector, and every language's for the trigram text. */
function searchTexts(g: ServiceGraph, municipalityNames: string[]) {
  const s = g.service;
  const it = [s.name, s.alternateName, s.description, s.eligibilityDescription, s.applicationProcess, g.organization.name];
  const keywordsIt = g.terms.flatMap((t) => [t.term.name, t.term.translations.it?.keywords]);
  const byLocale: Record<string, string[]> = { en: [], fr: [], ar: [] };
  for (const [locale, fields] of Object.entries(s.translations)) (byLocale[locale] ??= []).push(...Object.values(fields));
  for (const t of g.terms) {
    for (const [locale, fields] of Object.entries(t.term.translations)) {
      if (locale === 'it') continue;
      (byLocale[locale] ??= []).push(fields.name ?? '', fields.keywords ?? '');
    }
  }
  const join = (xs: (string | null | undefined)[]) => xs.filter(Boolean).join(' ');
  const all = join([...it, ...keywordsIt, ...Object.values(byLocale).flat(), ...municipalityNames]);
  return {
    nameIt: s.name,
    bodyIt: join([...it.slice(1), ...keywordsIt]),
    en: join(byLocale.en ?? []),
    fr: join(byLocale.fr ?? []),
    ar: join(byLocale.ar ?? []),
    other: join(Object.entries(byLocale).filter(([l]) => !['en', 'fr', 'ar'].includes(l)).flatMap(([, v]) => v)),
    trigram: normalizeForIndex(all),
  };
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
  const vector = sql`setweight(to_tsvector('italian', ponte_unaccent(${texts.nameIt})), 'A')
    || setweight(to_tsvector('italian', ponte_unaccent(${texts.bodyIt})), 'B')
    || setweight(to_tsvector('english', ${texts.en}), 'C')
    || setweight(to_tsvector('french', ponte_unaccent(${texts.fr})), 'C')
    || setweight(to_tsvector('arabic', ${texts.ar}), 'C')
    || setweight(to_tsvector('simple', ponte_unaccent(${texts.other})), 'C')`;
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
