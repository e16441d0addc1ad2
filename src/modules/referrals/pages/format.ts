// How referral pages show dates and the directory's names in the reader's language.
import type { View } from '../../../kernel/ui/view.js';
import { languageName as directoryLanguageName } from '../../directory/index.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE, TIME_ZONE } from '../../../kernel/i18n/locales.js';

const formats = new Map<string, Intl.DateTimeFormat>();
const intlLocale = (view: View) => (view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale);

/** A date (and time) in digits ("23/11/26, 21:45"), in Rome's time: compact, and no month names to translate. */
export function numericDate(view: View, d: Date | null | undefined, withTime = false): string {
  if (!d) return '';
  const locale = intlLocale(view);
  const key = `${locale}|${withTime}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', ...(withTime ? { timeStyle: 'short' } : {}) })));
  return f.format(d);
}

type Translations = Record<string, Record<string, string>>;

/** A directory text in the reader's language when it has one, else the Italian one. */
export function localizedName(view: View, translations: Translations, italian: string): string {
  const locale = view.tr.locale;
  return (locale !== DEFAULT_LOCALE && translations[locale]?.name) || italian;
}

/** A language's name in the reader's language ("fr" → "francese"). */
export function languageName(view: View, code: string): string {
  return directoryLanguageName(code, view.tr.locale);
}
