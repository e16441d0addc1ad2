// Texts of a published service in the reader's language, falling back to Italian and saying so.
import type { Translations } from './directory.schema.js';

export interface LocalizedText {
  text: string;
  /** The language the text is actually in: 'it' when it fell back. */
  lang: string;
  fallback: boolean;
}

export function localized(translations: Translations, field: string, italian: string | undefined | null, locale: string): LocalizedText | undefined {
  if (!italian && !translations[locale]?.[field]) return undefined;
  const own = locale === 'it' ? undefined : translations[locale]?.[field];
  if (own) return { text: own, lang: locale, fallback: false };
  return italian ? { text: italian, lang: 'it', fallback: locale !== 'it' && locale !== 'qps' } : undefined;
}

const languageNames = new Map<string, Intl.DisplayNames | null>();
const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
const intlLocale = (locale: string) => (locale === 'qps' ? 'it' : locale);

/** A language's name in the reader's language ("bn" → "Bengalese" in Italian, "بنغالية" in Arabic). */
export function languageName(code: string, locale: string): string {
  let names = languageNames.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([intlLocale(locale)], { type: 'language' });
    } catch {
      names = null;
    }
    languageNames.set(locale, names);
  }
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A weekday's name ('MO'…) in the reader's language. */
export function weekdayName(day: string, locale: string): string {
  const index = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(day);
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, 1 + index, 12));
  let f = weekdayFormats.get(locale);
  if (!f) weekdayFormats.set(locale, (f = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' })));
  return f.format(date);
}
