// Published services for a person's need, ranked for the desk: the need's category first (a filter), then
// what makes a service reachable for this person: their municipality, a language they speak, no cost,
// open today. Also the "card" of a service (its texts in one language) for the person's printed summary.
import { sql } from 'drizzle-orm';
import { rows, sqlArray, type DbOrTx } from '../../kernel/db/client.js';
import type { Translations, WeeklyHours } from './directory.schema.js';
import { hoursByDay, isOpen } from './opening-hours.js';
import { localized, type LocalizedText } from './localized.js';

export interface MatchCriteria {
  termCode: string;
  municipalityCode?: string | null | undefined;
  languages: readonly string[];
  at?: Date;
  limit?: number;
}

export interface ServiceCard {
  serviceId: string;
  organizationId: string;
  name: LocalizedText;
  organizationName: string;
  address: string | null;
  phones: string[];
  email: string | null;
  documents: LocalizedText[];
  hours: { day: string; ranges: string[] }[];
  municipalityCodes: string[];
  languageCodes: string[];
  freeOfCharge: boolean;
  appointmentRequired: boolean;
  openNow: boolean;
}

export interface ServiceMatch extends ServiceCard {
  score: number;
  reasons: { sameMunicipality: boolean; speaksLanguage: boolean; free: boolean; openNow: boolean };
}

interface PublishedRow {
  service_id: string;
  organization_id: string;
  name: string;
  document: Doc;
  translations: Translations;
  municipality_codes: string[];
  language_codes: string[];
  free_of_charge: boolean;
  appointment_required: boolean;
  hours: WeeklyHours[];
  closed_dates: string[];
}

interface Doc {
  organization?: { name?: string };
  email?: string;
  phones?: { number: string }[];
  required_documents?: { document?: string }[];
  service_at_locations?: { location?: { addresses?: { address_1?: string; postal_code?: string; city?: string }[] } }[];
}

const COLUMNS = sql`service_id, organization_id, name, document, translations, municipality_codes, language_codes,
  free_of_charge, appointment_required, hours, closed_dates::text[] AS closed_dates`;

function cardOf(row: PublishedRow, locale: string, at: Date): ServiceCard {
  const doc = row.document;
  const address = doc.service_at_locations?.[0]?.location?.addresses?.[0];
  return {
    serviceId: row.service_id,
    organizationId: row.organization_id,
    name: localized(row.translations, 'name', row.name, locale)!,
    organizationName: doc.organization?.name ?? '',
    address: address ? [address.address_1, [address.postal_code, address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null,
    phones: (doc.phones ?? []).map((p) => p.number),
    email: doc.email ?? null,
    documents: (doc.required_documents ?? [])
      .map((d, i) => localized(row.translations, `document_${i}`, d.document, locale))
      .filter((d): d is LocalizedText => !!d),
    hours: hoursByDay(row.hours).filter((d) => d.ranges.length > 0),
    municipalityCodes: row.municipality_codes,
    languageCodes: row.language_codes,
    freeOfCharge: row.free_of_charge,
    appointmentRequired: row.appointment_required,
    openNow: isOpen(row.hours, row.closed_dates, at),
  };
}

/** The published services for a need, best first; at most `limit` (default 10). */
export async function matchServices(db: DbOrTx, criteria: MatchCriteria, locale: string): Promise<ServiceMatch[]> {
  const at = criteria.at ?? new Date();
  // A category has few services (tens, not thousands): rank them here, where the reasons can be shown.
  const found = await rows<PublishedRow>(
    db,
    sql`SELECT ${COLUMNS} FROM dir_published_services WHERE term_codes @> ARRAY[${criteria.termCode}]::text[] LIMIT 500`,
  );
  const speaks = new Set(criteria.languages);
  return found
    .map((row) => {
      const card = cardOf(row, locale, at);
      const reasons = {
        sameMunicipality: !!criteria.municipalityCode && row.municipality_codes.includes(criteria.municipalityCode),
        speaksLanguage: row.language_codes.some((c) => c !== 'it' && speaks.has(c)),
        free: row.free_of_charge,
        openNow: card.openNow,
      };
      const score = (reasons.sameMunicipality ? 8 : 0) + (reasons.speaksLanguage ? 4 : 0) + (reasons.free ? 2 : 0) + (reasons.openNow ? 1 : 0);
      return { ...card, score, reasons };
    })
    .sort((a, b) => b.score - a.score || a.name.text.localeCompare(b.name.text, 'it'))
    .slice(0, criteria.limit ?? 10);
}

/** The cards of published services, in the order asked; services no longer published are left out. */
export async function serviceCards(db: DbOrTx, serviceIds: readonly string[], locale: string, at = new Date()): Promise<ServiceCard[]> {
  if (serviceIds.length === 0) return [];
  const found = await rows<PublishedRow>(
    db,
    sql`SELECT ${COLUMNS} FROM dir_published_services WHERE service_id = ANY(${sqlArray(serviceIds, 'uuid')})`,
  );
  const byId = new Map(found.map((r) => [r.service_id, r]));
  return serviceIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [cardOf(row, locale, at)] : [];
  });
}

/** The names of the needs' categories (taxonomy terms) in a language, for lists and forms. */
export async function needTerms(db: DbOrTx, locale: string): Promise<{ code: string; name: string }[]> {
  const terms = await rows<{ code: string; name: string; translations: Record<string, { name?: string }> }>(
    db,
    sql`SELECT code, name, translations FROM dir_taxonomy_terms ORDER BY position, code`,
  );
  return terms.map((t) => ({ code: t.code, name: (locale !== 'it' && t.translations[locale]?.name) || t.name }));
}
