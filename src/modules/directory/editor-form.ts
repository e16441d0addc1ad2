// The service form of the directory back office: what an editor may type, how it is checked, and how a
// stored service becomes form values again. Repeating rows (phones, documents, opening hours) are plain
// numbered fields (`phone.0`, `hours.2.opens`), so that the form works without JavaScript; every error is
// keyed by the name of the field (or row) it belongs to, so that the page shows it next to it.
import { z } from 'zod';
import { issueToMessage, parseForm, zCheckbox, zList, zOptionalText, zText, type FieldErrors, type FormResult, type FormValues } from '../../kernel/ui/form.js';
import { SERVICE_STATUSES } from './directory.schema.js';
import type { ServiceGraph } from './service-document.js';

/** Languages an office may speak (ISO 639-1): the ones of the province's residents and of the demo data. */
export const LANGUAGE_CODES = [
  'it', 'en', 'fr', 'ar', 'es', 'pt', 'de', 'ro', 'sq', 'uk', 'ru', 'pl', 'zh', 'bn', 'ur', 'pa', 'hi', 'fa',
  'ps', 'tr', 'ku', 'ti', 'am', 'so', 'wo', 'ha', 'ff', 'tl', 'ka',
] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

/** The catalog key of each language's name (static, so that a test can check every key exists). */
export const LANGUAGE_KEYS: Record<LanguageCode, string> = {
  it: 'editor.languages.it', en: 'editor.languages.en', fr: 'editor.languages.fr', ar: 'editor.languages.ar',
  es: 'editor.languages.es', pt: 'editor.languages.pt', de: 'editor.languages.de', ro: 'editor.languages.ro',
  sq: 'editor.languages.sq', uk: 'editor.languages.uk', ru: 'editor.languages.ru', pl: 'editor.languages.pl',
  zh: 'editor.languages.zh', bn: 'editor.languages.bn', ur: 'editor.languages.ur', pa: 'editor.languages.pa',
  hi: 'editor.languages.hi', fa: 'editor.languages.fa', ps: 'editor.languages.ps', tr: 'editor.languages.tr',
  ku: 'editor.languages.ku', ti: 'editor.languages.ti', am: 'editor.languages.am', so: 'editor.languages.so',
  wo: 'editor.languages.wo', ha: 'editor.languages.ha', ff: 'editor.languages.ff', tl: 'editor.languages.tl',
  ka: 'editor.languages.ka',
};

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];
export const DAY_KEYS: Record<Day, string> = {
  MO: 'editor.days.MO', TU: 'editor.days.TU', WE: 'editor.days.WE', TH: 'editor.days.TH',
  FR: 'editor.days.FR', SA: 'editor.days.SA', SU: 'editor.days.SU',
};

export const SERVICE_STATUS_KEYS: Record<(typeof SERVICE_STATUSES)[number], string> = {
  active: 'editor.serviceStatus.active',
  inactive: 'editor.serviceStatus.inactive',
  defunct: 'editor.serviceStatus.defunct',
  'temporarily closed': 'editor.serviceStatus.temporarilyClosed',
};

/** Languages of the public pages other than Italian, in which an editor may write the service's texts. */
export const TRANSLATION_LOCALES = ['en', 'fr', 'ar'] as const;
export type TranslationLocale = (typeof TRANSLATION_LOCALES)[number];

/**
 * Every text of a service the public reads, which an editor may write in each language: the form's field,
 * `hsds`: its key in the service's `translations` (HSDS's field name, as the public page reads it), its length.
 * The documents to bring are translated in a section of their own (editor-sections.ts).
 */
export const TRANSLATED_TEXTS = [
  { field: 'name', hsds: 'name', max: 300 },
  { field: 'description', hsds: 'description', max: 4000 },
  { field: 'eligibility', hsds: 'eligibility_description', max: 2000 },
  { field: 'applicationProcess', hsds: 'application_process', max: 2000 },
  { field: 'feesDescription', hsds: 'fees_description', max: 1000 },
] as const;
export type TranslatedField = (typeof TRANSLATED_TEXTS)[number]['field'];

const SUFFIX: Record<TranslationLocale, string> = { en: 'En', fr: 'Fr', ar: 'Ar' };
/** The form's field of a text in a language: `nameEn`, `eligibilityAr`... */
export const TRANSLATION_FIELDS = Object.fromEntries(
  TRANSLATION_LOCALES.map((l) => [l, Object.fromEntries(TRANSLATED_TEXTS.map((t) => [t.field, `${t.field}${SUFFIX[l]}`]))]),
) as Record<TranslationLocale, Record<TranslatedField, string>>;

export const MAX_PHONES = 10;
export const MAX_DOCUMENTS = 20;
export const MAX_HOURS = 14;

export interface HoursRow {
  days: Day[];
  /** HH:MM */
  opens: string;
  closes: string;
}

export interface ServiceFormData {
  name: string;
  description: string;
  eligibility: string | undefined;
  applicationProcess: string | undefined;
  feesDescription: string | undefined;
  freeOfCharge: boolean;
  appointmentRequired: boolean;
  status: (typeof SERVICE_STATUSES)[number];
  phones: string[];
  languages: LanguageCode[];
  documents: string[];
  hours: HoursRow[];
  /** Taxonomy term ids. */
  needs: string[];
  translations: Record<TranslationLocale, Record<TranslatedField, string | undefined>>;
  /** When the service was last changed as the editor loaded it (ISO), to refuse overwriting a newer version. */
  loadedAt: string | undefined;
}

const ZServiceFields = z.object({
  name: zText(300),
  description: zText(4000),
  eligibility: zOptionalText(2000),
  applicationProcess: zOptionalText(2000),
  feesDescription: zOptionalText(1000),
  freeOfCharge: zCheckbox,
  appointmentRequired: zCheckbox,
  status: z.enum(SERVICE_STATUSES),
  languages: zList(z.enum(LANGUAGE_CODES)),
  needs: zList(z.uuid({ message: 'validation.choose' })),
  ...(Object.fromEntries(TRANSLATION_LOCALES.flatMap((l) => TRANSLATED_TEXTS.map((t) => [TRANSLATION_FIELDS[l][t.field], zOptionalText(t.max)]))) as Record<
    string,
    ReturnType<typeof zOptionalText>
  >),
  loadedAt: z.string().max(40).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Telephone numbers

/**
 * An Italian telephone number as people write it — "0883 299111", "320 123 4567", "800 290 290", "1522",
 * "+39 0883 299111" — or a foreign one with its country code ("+33 1 23 45 67 89"). Returns the number with
 * its spacing tidied, or undefined when it cannot be a number that works.
 */
export function normalizePhone(raw: string): string | undefined {
  let text = raw.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 30 || !/^\+?[0-9 ./()-]+$/.test(text)) return undefined;
  if (text.startsWith('00')) text = `+${text.slice(2).trimStart()}`;
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) {
    if (digits.startsWith('39')) return italianNational(digits.slice(2), false) ? text : undefined;
    // Another country: E.164 allows up to 15 digits; country codes never start with 0.
    return /^[1-9]\d{6,14}$/.test(digits) ? text : undefined;
  }
  return italianNational(digits, true) ? text : undefined;
}

function italianNational(digits: string, shortNumbersAllowed: boolean): boolean {
  return (
    /^0\d{5,10}$/.test(digits) || // landlines: 0 + area code, 6 to 11 digits
    /^3\d{8,9}$/.test(digits) || // mobiles
    /^80[03]\d{3,6}$/.test(digits) || // free numbers (800, 803)
    /^(199|84[078]|89[2459])\d{3,7}$/.test(digits) || // shared-cost and premium numbers
    (shortNumbersAllowed && /^1\d{2,5}$/.test(digits)) // public-utility numbers: 112, 1522, 116 000
  );
}

// ---------------------------------------------------------------------------------------------------------
// Opening hours

/** "8:30", "08.30", "08:30:00" → "08:30"; anything else undefined. */
export function normalizeTime(raw: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(raw.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

export const sortDays = (days: readonly string[]): Day[] =>
  DAYS.filter((d) => days.includes(d));

/** One line per weekly pattern, in a fixed order: the text the history compares and shows. */
export function hoursText(rows: readonly HoursRow[]): string {
  return [...rows]
    .map((r) => ({ ...r, days: sortDays(r.days) }))
    .sort((a, b) => DAYS.indexOf(a.days[0]!) - DAYS.indexOf(b.days[0]!) || a.opens.localeCompare(b.opens) || a.days.join().localeCompare(b.days.join()))
    .map((r) => `${r.days.join(',')} ${r.opens}-${r.closes}`)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

/**
 * parseForm, whose errors may also be this module's own messages ('editor.validation.…', given as a zod
 * issue's message); the kernel's parseForm only keeps messages of the 'validation' namespace.
 */
export function parseEditorForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = parseForm(schema, body);
  if (result.ok) return result;
  const input: Record<string, unknown> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) input[k] = typeof v === 'string' && v.trim() === '' ? undefined : v;
  }
  const parsed = schema.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '_form');
      errors[field] ??= issue.message.startsWith('editor.validation.') ? { key: issue.message } : issueToMessage(issue);
    }
  }
  return { ok: false, errors, values: result.values };
}

const asStrings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const firstString = (v: unknown): string => asStrings(v)[0] ?? '';

/** The row numbers present in the form for fields named `${prefix}.N` or `${prefix}.N.something`. */
export function rowIndices(values: Record<string, unknown>, prefix: string, max: number): number[] {
  const found = new Set<number>();
  const re = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d{1,3})(?:\\.|$)`);
  for (const key of Object.keys(values)) {
    const m = re.exec(key);
    if (m && Number(m[1]) < max) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function parseServiceForm(body: unknown, options: { termIds: ReadonlySet<string> }): FormResult<ServiceFormData> {
  const raw = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const scalar = parseEditorForm(ZServiceFields, raw);
  const values: FormValues = scalar.values;
  const errors: FieldErrors = scalar.ok ? {} : { ...scalar.errors };

  const phones: string[] = [];
  for (const i of rowIndices(raw, 'phone', MAX_PHONES)) {
    const text = firstString(raw[`phone.${i}`]).trim();
    if (!text) continue;
    const number = normalizePhone(text);
    if (!number) errors[`phone.${i}`] = { key: 'editor.validation.phone' };
    else if (!phones.includes(number)) phones.push(number);
  }

  const documents: string[] = [];
  for (const i of rowIndices(raw, 'document', MAX_DOCUMENTS)) {
    const text = firstString(raw[`document.${i}`]).trim().replace(/\s+/g, ' ');
    if (!text) continue;
    if (text.length > 300) errors[`document.${i}`] = { key: 'validation.tooLong', params: { max: 300 } };
    else if (!documents.includes(text)) documents.push(text);
  }

  const hours: HoursRow[] = [];
  const hoursRowOf: number[] = [];
  for (const i of rowIndices(raw, 'hours', MAX_HOURS)) {
    const days = sortDays(asStrings(raw[`hours.${i}.days`]));
    const opensRaw = firstString(raw[`hours.${i}.opens`]).trim();
    const closesRaw = firstString(raw[`hours.${i}.closes`]).trim();
    if (days.length === 0 && !opensRaw && !closesRaw) continue;
    const field = `hours.${i}`;
    const opens = normalizeTime(opensRaw);
    const closes = normalizeTime(closesRaw);
    if (days.length === 0) {
      errors[field] = { key: 'editor.validation.hoursDays' };
    } else if (!opens || !closes) {
      errors[field] = { key: 'editor.validation.hoursTime' };
    } else if (closes <= opens) {
      errors[field] = { key: 'editor.validation.hoursOrder' };
    } else {
      const clash = hours.findIndex((h) => h.days.some((d) => days.includes(d)) && opens < h.closes && h.opens < closes);
      if (clash >= 0) {
        errors[field] = { key: 'editor.validation.hoursOverlap', params: { row: hoursRowOf[clash]! + 1 } };
      } else {
        hours.push({ days, opens, closes });
        hoursRowOf.push(i);
      }
    }
  }

  if (!scalar.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };
  const d = scalar.data;
  const unknownNeed = d.needs.find((id) => !options.termIds.has(id.toLowerCase()));
  if (unknownNeed) return { ok: false, errors: { needs: { key: 'validation.choose' } }, values };
  return {
    ok: true,
    values,
    data: {
      name: d.name,
      description: d.description,
      eligibility: d.eligibility || undefined,
      applicationProcess: d.applicationProcess || undefined,
      feesDescription: d.feesDescription || undefined,
      freeOfCharge: d.freeOfCharge,
      appointmentRequired: d.appointmentRequired,
      status: d.status,
      phones,
      languages: [...new Set(d.languages)],
      documents,
      hours,
      needs: [...new Set(d.needs.map((id) => id.toLowerCase()))],
      translations: Object.fromEntries(
        TRANSLATION_LOCALES.map((l) => [l, Object.fromEntries(TRANSLATED_TEXTS.map((t) => [t.field, (d as Record<string, unknown>)[TRANSLATION_FIELDS[l][t.field]] || undefined]))]),
      ) as ServiceFormData['translations'],
      loadedAt: d.loadedAt,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// A stored service as form values

/** Service-level weekly hours (not the holiday exceptions, which the form leaves alone). */
export function weeklyRowsOf(g: ServiceGraph): HoursRow[] {
  return g.schedules
    .filter((s) => s.serviceId === g.service.id && s.freq === 'WEEKLY' && s.byday && s.opensAt && s.closesAt)
    .map((s) => ({ days: sortDays(s.byday!.split(',')), opens: s.opensAt!.slice(0, 5), closes: s.closesAt!.slice(0, 5) }));
}

export function serviceFormValues(g: ServiceGraph): FormValues {
  const s = g.service;
  const values: FormValues = {
    name: s.name,
    description: s.description,
    eligibility: s.eligibilityDescription ?? '',
    applicationProcess: s.applicationProcess ?? '',
    feesDescription: s.feesDescription ?? '',
    freeOfCharge: s.freeOfCharge ? 'on' : undefined,
    appointmentRequired: s.appointmentRequired ? 'on' : undefined,
    status: s.status,
    languages: g.languages.filter((l) => l.serviceId === s.id && l.code).map((l) => l.code!),
    needs: g.terms.map((t) => t.term.id),
    loadedAt: s.updatedAt.toISOString(),
  };
  for (const locale of TRANSLATION_LOCALES) {
    for (const text of TRANSLATED_TEXTS) values[TRANSLATION_FIELDS[locale][text.field]] = s.translations[locale]?.[text.hsds] ?? '';
  }
  const phones = g.phones.filter((p) => p.serviceId === s.id).map((p) => p.number);
  [...phones, ...blanks(phones.length, 1, 2)].slice(0, MAX_PHONES).forEach((n, i) => (values[`phone.${i}`] = n));
  const documents = g.requiredDocuments.map((d) => d.document);
  [...documents, ...blanks(documents.length, 2, 3)].slice(0, MAX_DOCUMENTS).forEach((d, i) => (values[`document.${i}`] = d));
  const hours = weeklyRowsOf(g);
  const blankRow: HoursRow = { days: [], opens: '', closes: '' };
  [...hours, ...blanks(hours.length, 2, 3).map(() => blankRow)].slice(0, MAX_HOURS).forEach((h, i) => {
    values[`hours.${i}.days`] = h.days;
    values[`hours.${i}.opens`] = h.opens;
    values[`hours.${i}.closes`] = h.closes;
  });
  return values;
}

/** Empty strings to add after `count` rows: at least `extra`, and enough to show `min` rows. */
function blanks(count: number, extra: number, min: number): string[] {
  return Array.from({ length: Math.max(extra, min - count) }, () => '');
}
