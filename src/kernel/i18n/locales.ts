// The locales Ponte ships. Adding one: a folder in locales/ with every key (a test checks), and a row here.
export interface LocaleInfo {
  code: string;
  /** The language's name in itself, as shown in the language switch. */
  name: string;
  dir: 'ltr' | 'rtl';
}

export const SHIPPED_LOCALES: readonly LocaleInfo[] = [
  { code: 'it', name: 'Italiano', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
];

export const DEFAULT_LOCALE = 'it';
/** Scripts written right to left, for locales added later (Urdu, Farsi, Pashto...). */
export const RTL_LANGUAGES = new Set(['ar', 'ur', 'fa', 'ps', 'he']);
/** Test-only locale whose texts are all marked, to find texts that bypass the catalogs. */
export const PSEUDO_LOCALE = 'qps';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
export const TIME_ZONE = 'Europe/Rome';
