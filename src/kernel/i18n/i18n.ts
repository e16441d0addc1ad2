// Message catalogs (locales/<lang>/<namespace>.json, nested objects, ICU MessageFormat), locale
// negotiation and formatters. A key missing in a locale falls back to Italian; a test makes sure none is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import Negotiator from 'negotiator';
import {
  DEFAULT_LOCALE,
  PSEUDO_CLOSE,
  PSEUDO_LOCALE,
  PSEUDO_OPEN,
  SHIPPED_LOCALES,
  TIME_ZONE,
  type LocaleInfo,
} from './locales.js';

export const LOCALES_DIR = fileURLToPath(new URL('../../../locales', import.meta.url));

export type Params = Record<string, string | number | Date | boolean | null | undefined>;
export type Catalog = Map<string, string>;

export function flatten(tree: unknown, prefix: string, into: Catalog): Catalog {
  if (typeof tree === 'string') {
    into.set(prefix, tree);
  } else if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  }
  return into;
}

export function loadCatalog(locale: string, dir = LOCALES_DIR): Catalog {
  const catalog: Catalog = new Map();
  for (const file of readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json')).sort()) {
    const namespace = file.slice(0, -'.json'.length);
    flatten(JSON.parse(readFileSync(join(dir, locale, file), 'utf8')), namespace, catalog);
  }
  return catalog;
}

export interface Translator {
  locale: string;
  dir: 'ltr' | 'rtl';
  t(key: string, params?: Params): string;
  /** True when the key exists in this locale (not only through the Italian fallback). */
  has(key: string): boolean;
  date(value: Date | null | undefined): string;
  dateTime(value: Date | null | undefined): string;
  number(value: number): string;
}

export interface I18n {
  locales: readonly LocaleInfo[];
  isSupported(code: string | undefined): code is string;
  negotiate(acceptLanguage: string | undefined): string;
  translator(locale: string): Translator;
}

export function createI18n(options: { pseudo?: boolean; dir?: string } = {}): I18n {
  const catalogs = new Map<string, Catalog>();
  for (const l of SHIPPED_LOCALES) catalogs.set(l.code, loadCatalog(l.code, options.dir));
  const locales: LocaleInfo[] = [...SHIPPED_LOCALES];
  if (options.pseudo) {
    const it = catalogs.get(DEFAULT_LOCALE)!;
    catalogs.set(PSEUDO_LOCALE, new Map([...it].map(([k, v]) => [k, v])));
    locales.push({ code: PSEUDO_LOCALE, name: `${PSEUDO_OPEN}Pseudo${PSEUDO_CLOSE}`, dir: 'ltr' });
  }
  const codes = new Set(locales.map((l) => l.code));
  const formats = new Map<string, IntlMessageFormat>();
  const translators = new Map<string, Translator>();

  const format = (locale: string, key: string, params?: Params): string => {
    const cacheKey = `${locale}\u0000${key}`;
    let mf = formats.get(cacheKey);
    if (!mf) {
      const message = catalogs.get(locale)?.get(key) ?? catalogs.get(DEFAULT_LOCALE)!.get(key);
      if (message === undefined) return key;
      // Dates are passed already formatted (translator.date), so that they are shown in Europe/Rome.
      mf = new IntlMessageFormat(message, locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : locale);
      formats.set(cacheKey, mf);
    }
    const text = String(mf.format(params as Record<string, string>));
    return locale === PSEUDO_LOCALE ? `${PSEUDO_OPEN}${text}${PSEUDO_CLOSE}` : text;
  };

  const build = (code: string): Translator => {
    const info = locales.find((l) => l.code === code)!;
    const intlLocale = code === PSEUDO_LOCALE ? DEFAULT_LOCALE : code;
    const dateFmt = new Intl.DateTimeFormat(intlLocale, { timeZone: TIME_ZONE, dateStyle: 'medium' });
    const dateTimeFmt = new Intl.DateTimeFormat(intlLocale, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
    const numberFmt = new Intl.NumberFormat(intlLocale);
    return {
      locale: code,
      dir: info.dir,
      t: (key, params) => format(code, key, params),
      has: (key) => catalogs.get(code)?.has(key) ?? false,
      date: (d) => (d ? dateFmt.format(d) : ''),
      dateTime: (d) => (d ? dateTimeFmt.format(d) : ''),
      number: (n) => numberFmt.format(n),
    };
  };

  return {
    locales,
    isSupported: (code): code is string => code !== undefined && codes.has(code),
    negotiate(acceptLanguage) {
      if (!acceptLanguage) return DEFAULT_LOCALE;
      const wanted = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages();
      for (const tag of wanted) {
        const base = tag.toLowerCase().split('-')[0]!;
        if (codes.has(base) && base !== PSEUDO_LOCALE) return base;
      }
      return DEFAULT_LOCALE;
    },
    translator(locale) {
      const code = codes.has(locale) ? locale : DEFAULT_LOCALE;
      let tr = translators.get(code);
      if (!tr) translators.set(code, (tr = build(code)));
      return tr;
    },
  };
}
