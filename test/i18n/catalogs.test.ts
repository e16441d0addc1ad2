// The message catalogs themselves: every shipped locale has exactly the keys of Italian, every message
// is valid ICU MessageFormat, uses the same arguments as its Italian original, and is not empty.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES_DIR, loadCatalog, type Catalog } from '../../src/kernel/i18n/i18n.js';
import { DEFAULT_LOCALE, SHIPPED_LOCALES } from '../../src/kernel/i18n/locales.js';
import { icuArguments, pluralSelectors } from './icu.js';

const italian = loadCatalog(DEFAULT_LOCALE);
const catalogs = new Map<string, Catalog>(SHIPPED_LOCALES.map((l) => [l.code, loadCatalog(l.code)]));
const jsonFiles = (code: string) => readdirSync(join(LOCALES_DIR, code)).filter((f) => f.endsWith('.json')).sort();

describe('message catalogs', () => {
  it('Italian, the reference, is not empty', () => {
    expect(italian.size).toBeGreaterThan(100);
  });

  describe.each(SHIPPED_LOCALES.map((l) => l.code))('%s', (code) => {
    const catalog = catalogs.get(code)!;

    it('has the same namespace files as Italian', () => {
      expect(jsonFiles(code)).toEqual(jsonFiles(DEFAULT_LOCALE));
    });

    it('has exactly the keys of Italian', () => {
      const missing = [...italian.keys()].filter((k) => !catalog.has(k));
      const extra = [...catalog.keys()].filter((k) => !italian.has(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it('has no empty message', () => {
      const empty = [...catalog].filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect(empty).toEqual([]);
    });

    it('has messages that parse and format, with the arguments of the Italian message', () => {
      const problems: string[] = [];
      const plural = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];
      for (const [key, message] of catalog) {
        let mf: IntlMessageFormat;
        try {
          // The same options as the app (src/kernel/i18n/i18n.ts).
          mf = new IntlMessageFormat(message, code);
        } catch (err) {
          problems.push(`${key}: does not parse (${(err as Error).message})`);
          continue;
        }
        const args = icuArguments(mf.getAst());
        const reference = italian.get(key);
        if (reference !== undefined) {
          const expected = icuArguments(new IntlMessageFormat(reference, DEFAULT_LOCALE).getAst());
          const want = [...expected.keys()].sort().join(', ');
          const got = [...args.keys()].sort().join(', ');
          if (want !== got) problems.push(`${key}: arguments {${got}} instead of Italian's {${want}}`);
          // A plain argument may become a plural in a language that needs one; a date or a choice may not change.
          for (const [name, kind] of expected) {
            if ((kind === 'date' || kind === 'select') && args.has(name) && args.get(name) !== kind) {
              problems.push(`${key}: argument ${name} is used as ${args.get(name)}, in Italian as ${kind}`);
            }
          }
        }
        // Plural branches must be categories the language has (or exact =N matches), else they never match.
        for (const selector of pluralSelectors(mf.getAst())) {
          if (!selector.startsWith('=') && !plural.includes(selector)) problems.push(`${key}: plural category "${selector}" does not exist in ${code}`);
        }
        // Formatting with sample values catches what parsing lets through.
        const sample: Record<string, string | number> = {};
        for (const [name, kind] of args) sample[name] = kind === 'number' ? 2 : 'x';
        try {
          const text = String(mf.format(sample));
          if (text.trim() === '') problems.push(`${key}: formats to an empty text`);
        } catch (err) {
          problems.push(`${key}: does not format (${(err as Error).message})`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it('writes right-to-left locales in a right-to-left script', () => {
    for (const l of SHIPPED_LOCALES.filter((x) => x.dir === 'rtl')) {
      const catalog = catalogs.get(l.code)!;
      // Most messages of an RTL locale must contain RTL letters (brand names and codes aside).
      const rtl = [...catalog.values()].filter((v) => /[\u0590-\u08FF]/u.test(v)).length;
      expect(rtl / catalog.size, l.code).toBeGreaterThan(0.9);
    }
  });
});
