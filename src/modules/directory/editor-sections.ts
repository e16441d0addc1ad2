// Sections of the service page with their own form: the service's places (address, municipality,
// coordinates, wheelchair access), its holiday closures (one-day exceptions to the opening hours) and the
// translations of the documents to bring. Each is parsed here, turned back into form values here, and
// saved like the service form (update-service.ts): one transaction with the history of every changed field,
// one audit event, and the review rule of docs/adr/0008-directory-review.md — an editor's change to a
// published service goes to in_review and the public keeps the approved version until approval.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { refreshPublishedService } from './publish-service.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { DbOrTx, Tx } from '../../kernel/db/client.js';
import type { FieldErrors, FormResult, FormValues } from '../../kernel/ui/form.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { romeDate } from '../../kernel/time/rome-dates.js';
import { addresses, locations, requiredDocuments, schedules, serviceAtLocations, services, type Translations } from './directory.schema.js';
import { loadServiceGraph, type ServiceGraph } from './service-document.js';
import { rowIndices, TRANSLATION_LOCALES, type TranslationLocale } from './editor-form.js';
import { recordHistory, type Editor, type FieldChange } from './editor-history.js';
import type { MunicipalityRow, PublicationStatus } from './editor.repo.js';

export const MAX_PLACES = 20;
export const MAX_CLOSURES = 60;
/** Farther than this from the municipality's centroid (in degrees, ~50 km) a point is a typing mistake. */
export const MAX_PLACE_DISTANCE_DEGREES = 0.5;

const asStrings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const firstString = (v: unknown): string => asStrings(v)[0] ?? '';
const rawOf = (body: unknown) => (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
const loadedAtOf = (raw: Record<string, unknown>) => firstString(raw.loadedAt).trim() || undefined;
const echo = (raw: Record<string, unknown>): FormValues => {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) values[k] = asStrings(v);
  }
  return values;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------------
// Places

export interface PlaceData {
  locationId: string;
  street: string;
  municipalityCode: string;
  latitude: number;
  longitude: number;
  wheelchairAccessible: boolean;
}

/** "41,227" or "41.227"; undefined when not a number. */
function coordinate(raw: string, min: number, max: number): number | undefined {
  if (!/^-?\d{1,3}(?:[.,]\d{1,8})?$/.test(raw)) return undefined;
  const n = Number(raw.replace(',', '.'));
  return n >= min && n <= max ? n : undefined;
}

/**
 * The places form: one row per place of the service (`place.0.street`, …). The municipality is one of the
 * list; blank coordinates take the municipality's centroid; given ones must lie near it.
 */
export function parsePlacesForm(
  body: unknown,
  options: { locationIds: readonly string[]; municipalities: ReadonlyMap<string, MunicipalityRow> },
): FormResult<{ places: PlaceData[]; loadedAt: string | undefined }> {
  const raw = rawOf(body);
  const values = echo(raw);
  const errors: FieldErrors = {};
  const places: PlaceData[] = [];
  const seen = new Set<string>();
  for (const i of rowIndices(raw, 'place', MAX_PLACES)) {
    const f = (name: string) => `place.${i}.${name}`;
    const locationId = firstString(raw[f('id')]).trim().toLowerCase();
    if (!UUID.test(locationId) || !options.locationIds.includes(locationId) || seen.has(locationId)) {
      errors[f('street')] = { key: 'editor.validation.placeUnknown' };
      continue;
    }
    seen.add(locationId);
    const street = firstString(raw[f('street')]).trim().replace(/\s+/g, ' ');
    if (!street) errors[f('street')] = { key: 'validation.required' };
    else if (street.length > 200) errors[f('street')] = { key: 'validation.tooLong', params: { max: 200 } };
    const municipality = options.municipalities.get(firstString(raw[f('municipality')]).trim());
    if (!municipality) errors[f('municipality')] = { key: 'validation.choose' };
    const latRaw = firstString(raw[f('latitude')]).trim();
    const lonRaw = firstString(raw[f('longitude')]).trim();
    let latitude = latRaw ? coordinate(latRaw, -90, 90) : undefined;
    let longitude = lonRaw ? coordinate(lonRaw, -180, 180) : undefined;
    if (latRaw && latitude === undefined) errors[f('latitude')] = { key: 'editor.validation.latitude' };
    if (lonRaw && longitude === undefined) errors[f('longitude')] = { key: 'editor.validation.longitude' };
    if (latRaw && !lonRaw) errors[f('longitude')] = { key: 'editor.validation.coordinatePair' };
    if (lonRaw && !latRaw) errors[f('latitude')] = { key: 'editor.validation.coordinatePair' };
    if (!municipality || errors[f('latitude')] || errors[f('longitude')] || errors[f('street')]) continue;
    if (latitude === undefined || longitude === undefined) {
      latitude = municipality.latitude;
      longitude = municipality.longitude;
    } else if (Math.abs(latitude - municipality.latitude) > MAX_PLACE_DISTANCE_DEGREES || Math.abs(longitude - municipality.longitude) > MAX_PLACE_DISTANCE_DEGREES) {
      errors[f('latitude')] = { key: 'editor.validation.farFromMunicipality' };
      continue;
    }
    const w = firstString(raw[f('wheelchair')]);
    places.push({ locationId, street, municipalityCode: municipality.code, latitude, longitude, wheelchairAccessible: w === 'on' || w === 'true' || w === '1' });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, data: { places, loadedAt: loadedAtOf(raw) } };
}

export interface PlaceRowView {
  index: number;
  locationId: string;
  name: string | null;
}

/**
 * The places of the service, and which of them other services share too. A shared office is not edited
 * from one service's page: the change would reach the other services without their review and history.
 */
export async function placesOf(db: DbOrTx, g: ServiceGraph): Promise<{ editable: ServiceGraph['locations']; shared: ServiceGraph['locations'] }> {
  const all = placeLocations(g);
  if (all.length === 0) return { editable: [], shared: [] };
  const links = await db
    .select({ locationId: serviceAtLocations.locationId })
    .from(serviceAtLocations)
    .where(and(inArray(serviceAtLocations.locationId, all.map((l) => l.id)), ne(serviceAtLocations.serviceId, g.service.id)));
  const sharedIds = new Set(links.map((l) => l.locationId));
  return { editable: all.filter((l) => !sharedIds.has(l.id)), shared: all.filter((l) => sharedIds.has(l.id)) };
}

export function placesFormValues(g: ServiceGraph, editable: ServiceGraph['locations'] = placeLocations(g)): FormValues {
  const values: FormValues = { loadedAt: g.service.updatedAt.toISOString() };
  editable.forEach((l, i) => {
    const address = g.addresses.find((a) => a.locationId === l.id);
    values[`place.${i}.id`] = l.id;
    values[`place.${i}.street`] = address?.address1 ?? '';
    values[`place.${i}.municipality`] = l.municipalityCode ?? '';
    values[`place.${i}.latitude`] = l.latitude === null ? '' : String(l.latitude);
    values[`place.${i}.longitude`] = l.longitude === null ? '' : String(l.longitude);
    values[`place.${i}.wheelchair`] = l.wheelchairAccessible ? 'on' : undefined;
  });
  return values;
}

/** The physical places of the service, in a stable order (by name, then id). */
export function placeLocations(g: ServiceGraph) {
  const ids = new Set(g.serviceAtLocations.map((s) => s.locationId));
  return g.locations
    .filter((l) => ids.has(l.id))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.id.localeCompare(b.id))
    .slice(0, MAX_PLACES);
}

const placeText = (street: string, postalCode: string, city: string, lat: number | null, lon: number | null) =>
  `${[street, `${postalCode} ${city}`.trim()].filter(Boolean).join(', ')}${lat !== null && lon !== null ? ` (${lat}, ${lon})` : ''}`;

// ---------------------------------------------------------------------------------------------------------
// Holiday closures

/** Today in Rome, YYYY-MM-DD. */
export const todayInRome = (now = new Date()): string => romeDate(now);

/** A real calendar date written YYYY-MM-DD (what a date field sends), or undefined. */
export function calendarDate(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && y >= 2000 && y <= 2100 ? raw : undefined;
}

/** The service's own closure rows: one date each, no opening time. */
export function closureDates(g: ServiceGraph): string[] {
  return [
    ...new Set(
      g.schedules.filter((s) => s.serviceId === g.service.id && s.validFrom && s.validFrom === s.validTo && !s.opensAt).map((s) => s.validFrom!),
    ),
  ].sort();
}

/** The closures form: `closure.0`, `closure.1`, … one date each; an emptied field removes that date. */
export function parseClosuresForm(body: unknown, today = todayInRome()): FormResult<{ dates: string[]; loadedAt: string | undefined }> {
  const raw = rawOf(body);
  const values = echo(raw);
  const errors: FieldErrors = {};
  const dates: string[] = [];
  for (const i of rowIndices(raw, 'closure', MAX_CLOSURES)) {
    const field = `closure.${i}`;
    const text = firstString(raw[field]).trim();
    if (!text) continue;
    const date = calendarDate(text);
    if (!date) errors[field] = { key: 'editor.validation.closureDate' };
    else if (date < today) errors[field] = { key: 'editor.validation.closurePast' };
    else if (dates.includes(date)) errors[field] = { key: 'editor.validation.closureDuplicate' };
    else dates.push(date);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, data: { dates: dates.sort(), loadedAt: loadedAtOf(raw) } };
}

/** Today's and future closures, then empty rows to add more; past ones stay in the record, unshown. */
export function closuresFormValues(g: ServiceGraph, today = todayInRome()): FormValues {
  const values: FormValues = { loadedAt: g.service.updatedAt.toISOString() };
  const upcoming = closureDates(g).filter((d) => d >= today);
  [...upcoming, '', '', ''].slice(0, MAX_CLOSURES).forEach((d, i) => (values[`closure.${i}`] = d));
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// Translations of the documents to bring

export const DOCUMENT_TRANSLATION_FIELD = (i: number, locale: TranslationLocale) => `documentTranslation.${i}.${locale}`;

/** The stored documents in a stable order (by text), which the form's rows follow. */
export function documentRows(g: ServiceGraph) {
  return [...g.requiredDocuments].sort((a, b) => a.document.localeCompare(b.document) || a.id.localeCompare(b.id));
}

export interface DocumentTranslationData {
  documentId: string;
  texts: Record<TranslationLocale, string | undefined>;
}

export function parseDocumentTranslationsForm(
  body: unknown,
  options: { documentIds: readonly string[] },
): FormResult<{ documents: DocumentTranslationData[]; loadedAt: string | undefined }> {
  const raw = rawOf(body);
  const values = echo(raw);
  const errors: FieldErrors = {};
  const documents: DocumentTranslationData[] = [];
  for (const i of rowIndices(raw, 'documentTranslation', 100)) {
    const documentId = firstString(raw[`documentTranslation.${i}.id`]).trim().toLowerCase();
    if (!options.documentIds.includes(documentId) || documents.some((d) => d.documentId === documentId)) {
      errors[DOCUMENT_TRANSLATION_FIELD(i, 'en')] = { key: 'editor.validation.documentUnknown' };
      continue;
    }
    const texts = {} as Record<TranslationLocale, string | undefined>;
    for (const l of TRANSLATION_LOCALES) {
      const field = DOCUMENT_TRANSLATION_FIELD(i, l);
      const text = firstString(raw[field]).trim().replace(/\s+/g, ' ');
      if (text.length > 300) errors[field] = { key: 'validation.tooLong', params: { max: 300 } };
      texts[l] = text || undefined;
    }
    documents.push({ documentId, texts });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, data: { documents, loadedAt: loadedAtOf(raw) } };
}

export function documentTranslationsFormValues(g: ServiceGraph): FormValues {
  const values: FormValues = { loadedAt: g.service.updatedAt.toISOString() };
  documentRows(g).forEach((d, i) => {
    values[`documentTranslation.${i}.id`] = d.id;
    for (const l of TRANSLATION_LOCALES) values[DOCUMENT_TRANSLATION_FIELD(i, l)] = d.translations[l]?.document ?? '';
  });
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// Saving

export type SectionSaveResult =
  | { ok: true; changed: string[]; publicationStatus: PublicationStatus; sentForReview: boolean }
  | { ok: false; reason: 'not-found' | 'stale' };

/**
 * The frame of every section's save: lock the service, refuse a stale form, let `apply` write its rows and
 * say what changed, then the review rule, the history, the audit event and the public read model.
 */
async function saveSection(
  kernel: Kernel,
  input: { serviceId: string; loadedAt: string | undefined; editor: Editor; asPublisher: boolean; actor: AuditActor; action: string },
  apply: (tx: Tx, g: ServiceGraph) => Promise<FieldChange[]>,
): Promise<SectionSaveResult> {
  const { serviceId } = input;
  return kernel.db.transaction(async (tx): Promise<SectionSaveResult> => {
    const [locked] = await tx.select({ id: services.id, updatedAt: services.updatedAt }).from(services).where(eq(services.id, serviceId)).for('update');
    if (!locked) return { ok: false, reason: 'not-found' };
    if (input.loadedAt && locked.updatedAt.toISOString() !== input.loadedAt) return { ok: false, reason: 'stale' };
    const g = (await loadServiceGraph(tx, serviceId))!;
    const from = g.service.publicationStatus;
    const changes = await apply(tx, g);
    if (changes.length === 0) return { ok: true, changed: [], publicationStatus: from, sentForReview: false };
    const now = new Date();
    const to: PublicationStatus = from === 'published' && !input.asPublisher ? 'in_review' : from;
    await tx
      .update(services)
      .set({ updatedAt: now, ...(to !== from ? { publicationStatus: to, submittedAt: now, reviewNote: null } : {}) })
      .where(eq(services.id, serviceId));
    await recordHistory(tx, serviceId, input.editor, 'update', changes, now);
    if (to !== from) await recordHistory(tx, serviceId, input.editor, 'submitted', [{ field: 'publication_status', previous: from, replacement: to }], now);
    const changed = [...new Set(changes.map((c) => c.field))];
    await recordAudit(tx, input.actor, {
      action: input.action,
      entityType: 'dir_service',
      entityId: serviceId,
      details: { fields: changed, publicationStatus: { from, to } },
    });
    await refreshPublishedService(tx, serviceId);
    return { ok: true, changed, publicationStatus: to, sentForReview: to !== from };
  });
}

interface SaveInput {
  serviceId: string;
  editor: Editor;
  asPublisher: boolean;
  actor: AuditActor;
}

export async function updatePlaces(
  kernel: Kernel,
  input: SaveInput & { places: PlaceData[]; loadedAt: string | undefined; municipalities: ReadonlyMap<string, MunicipalityRow> },
): Promise<SectionSaveResult> {
  return saveSection(kernel, { ...input, action: 'directory.service.places_updated' }, async (tx, g) => {
    const changes: FieldChange[] = [];
    const linked = new Set((await placesOf(tx, g)).editable.map((l) => l.id));
    for (const p of input.places) {
      const location = g.locations.find((l) => l.id === p.locationId);
      if (!location || !linked.has(p.locationId)) continue;
      const municipality = input.municipalities.get(p.municipalityCode)!;
      const address = g.addresses.find((a) => a.locationId === p.locationId);
      const postalCode = municipality.postalCode ?? (address?.city === municipality.name ? address.postalCode : '');
      const before = placeText(address?.address1 ?? '', address?.postalCode ?? '', address?.city ?? '', location.latitude, location.longitude);
      const after = placeText(p.street, postalCode, municipality.name, p.latitude, p.longitude);
      const moved = before !== after || location.municipalityCode !== municipality.code;
      const wheelchairChanged = (location.wheelchairAccessible ?? false) !== p.wheelchairAccessible;
      if (!moved && !wheelchairChanged) continue;
      await tx
        .update(locations)
        .set({ municipalityCode: municipality.code, latitude: p.latitude, longitude: p.longitude, wheelchairAccessible: p.wheelchairAccessible })
        .where(eq(locations.id, p.locationId));
      if (moved) {
        const fields = { address1: p.street, city: municipality.name, stateProvince: municipality.provinceName, postalCode };
        if (address) await tx.update(addresses).set(fields).where(eq(addresses.id, address.id));
        else await tx.insert(addresses).values({ locationId: p.locationId, country: 'IT', ...fields });
        changes.push({ field: 'location', previous: before, replacement: after });
      }
      if (wheelchairChanged) {
        changes.push({ field: 'location.wheelchair_accessible', previous: String(location.wheelchairAccessible ?? false), replacement: String(p.wheelchairAccessible) });
      }
    }
    return changes;
  });
}

export async function updateClosures(kernel: Kernel, input: SaveInput & { dates: string[]; loadedAt: string | undefined; today?: string }): Promise<SectionSaveResult> {
  const today = input.today ?? todayInRome();
  return saveSection(kernel, { ...input, action: 'directory.service.closures_updated' }, async (tx, g) => {
    const stored = closureDates(g);
    // Past closures are history: the form neither shows nor removes them.
    const before = stored.filter((d) => d >= today);
    const after = [...new Set(input.dates)].sort();
    if (before.join(', ') === after.join(', ')) return [];
    const own = and(eq(schedules.serviceId, input.serviceId), isNull(schedules.opensAt));
    for (const d of before.filter((x) => !after.includes(x))) {
      await tx.delete(schedules).where(and(own, eq(schedules.validFrom, d), eq(schedules.validTo, d)));
    }
    const added = after.filter((x) => !before.includes(x));
    if (added.length) await tx.insert(schedules).values(added.map((d) => ({ serviceId: input.serviceId, validFrom: d, validTo: d })));
    return [{ field: 'holiday_closures', previous: before.join(', '), replacement: after.join(', ') }];
  });
}

export async function updateDocumentTranslations(
  kernel: Kernel,
  input: SaveInput & { documents: DocumentTranslationData[]; loadedAt: string | undefined },
): Promise<SectionSaveResult> {
  return saveSection(kernel, { ...input, action: 'directory.service.document_translations_updated' }, async (tx, g) => {
    const changes: FieldChange[] = [];
    for (const d of input.documents) {
      const stored = g.requiredDocuments.find((r) => r.id === d.documentId);
      if (!stored) continue;
      const next: Translations = structuredClone(stored.translations);
      for (const l of TRANSLATION_LOCALES) {
        const previous = stored.translations[l]?.document ?? '';
        const replacement = d.texts[l] ?? '';
        if (previous === replacement) continue;
        const fields = { ...(next[l] ?? {}) };
        if (replacement) fields.document = replacement;
        else delete fields.document;
        if (Object.keys(fields).length > 0) next[l] = fields;
        else delete next[l];
        changes.push({ field: `required_documents.translations.${l}`, previous: previous && `${stored.document}: ${previous}`, replacement: replacement && `${stored.document}: ${replacement}` });
      }
      if (JSON.stringify(next) !== JSON.stringify(stored.translations)) {
        await tx.update(requiredDocuments).set({ translations: next }).where(eq(requiredDocuments.id, d.documentId));
      }
    }
    return changes;
  });
}
