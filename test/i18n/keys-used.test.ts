// Every message key the code uses exists in the Italian catalog (and so, by catalogs.test.ts, in every
// locale): a typo in t('auth.login.titel') fails here instead of showing the raw key to a person.
import { readdirSync, readFileSync } from 'node:fs';
import { REPORT_KINDS } from '../../src/modules/directory/pages/service-page.js';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, loadCatalog } from '../../src/kernel/i18n/i18n.js';
import { DEFAULT_LOCALE } from '../../src/kernel/i18n/locales.js';
import { PERMISSIONS, ROLES } from '../../src/kernel/access/policy.js';
import { ORGANIZATION_KINDS } from '../../src/kernel/auth/admin/organization-kinds.js';
import { users } from '../../src/kernel/db/kernel.schema.js';
import { CONTACT_CHANNELS, NEED_STATUSES, URGENCIES } from '../../src/modules/desk/contacts-and-needs.js';
import { CONSENT_PURPOSES } from '../../src/modules/desk/record-person.js';
import { DOCUMENT_TYPES, ITALIAN_LEVELS } from '../../src/modules/desk/people.js';
import { HOUSEHOLD_RELATIONS } from '../../src/modules/desk/household.js';
import { scanSource, type FoundKey, type FoundTemplate, type ScanOptions } from './key-scanner.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

const italian = loadCatalog(DEFAULT_LOCALE);
const namespaces = new Set(
  readdirSync(join(LOCALES_DIR, DEFAULT_LOCALE))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length)),
);
const options: ScanOptions = { namespaces, notKeys: new Set<string>(PERMISSIONS) };

/**
 * Keys built at run time from a value (`roles.${r}`): the prefix, and every value the code can put after it.
 * A new family of computed keys must be added here, with the list its values come from.
 */
const KEY_FAMILIES: Record<string, readonly string[]> = {
  'roles.': ROLES,
  'admin.users.statuses.': users.status.enumValues,
  'admin.organizations.kinds.': ORGANIZATION_KINDS,
  'directory.report.kinds.': REPORT_KINDS,
  'desk.channels.': CONTACT_CHANNELS,
  'desk.consent.how.': ['signed_form', 'oral_with_witness'],
  'desk.consent.purposes.': CONSENT_PURPOSES,
  'desk.documentTypes.': DOCUMENT_TYPES,
  'desk.validation.documentFormat.': DOCUMENT_TYPES,
  'desk.italianLevels.': ITALIAN_LEVELS,
  'desk.needStatus.': NEED_STATUSES,
  'desk.urgency.': URGENCIES,
  'desk.household.relations.': HOUSEHOLD_RELATIONS,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const found: { keys: FoundKey[]; templates: FoundTemplate[] } = { keys: [], templates: [] };
for (const file of sourceFiles(SRC)) {
  const result = scanSource(relative(ROOT, file), readFileSync(file, 'utf8'), options);
  found.keys.push(...result.keys);
  found.templates.push(...result.templates);
}
const where = (f: { file: string; line: number }) => `${f.file}:${f.line}`;

describe('message keys used in src/', () => {
  it('finds the keys the code uses (the scanner works)', () => {
    const distinct = new Set(found.keys.map((k) => k.key));
    expect(distinct.size).toBeGreaterThan(100);
    // A few that are passed in different ways: t('...'), a *Key property, a helper's argument, an error.
    for (const key of ['auth.login.title', 'auth.password.changeTitle', 'admin.users.deactivated', 'errors.forbidden.title', 'nav.dashboard', 'validation.passwordsDiffer']) {
      expect(distinct, key).toContain(key);
    }
    // Audit actions and permission names look like keys but are not.
    for (const notKey of ['auth.logout', 'audit.viewed', 'admin.user.invited', 'admin.users.manage']) {
      expect(distinct, notKey).not.toContain(notKey);
    }
  });

  it('uses only keys that exist in the Italian catalog', () => {
    const unknown = found.keys.filter((k) => !italian.has(k.key)).map((k) => `${where(k)}: ${k.key}`);
    expect(unknown).toEqual([]);
  });

  it('builds keys at run time only from known families, each complete in the catalog', () => {
    const problems: string[] = [];
    for (const tpl of found.templates) {
      if (!tpl.simple || !(tpl.prefix in KEY_FAMILIES)) {
        problems.push(`${where(tpl)}: ${tpl.text} is a computed key the test cannot check; add its family to KEY_FAMILIES`);
      }
    }
    for (const [prefix, values] of Object.entries(KEY_FAMILIES)) {
      for (const value of values) if (!italian.has(`${prefix}${value}`)) problems.push(`missing ${prefix}${value}`);
      // And no key left behind for a value that no longer exists.
      for (const key of italian.keys()) {
        if (key.startsWith(prefix) && !values.includes(key.slice(prefix.length))) problems.push(`stale ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the key scanner', () => {
  const scan = (source: string) => scanSource('example.tsx', source, options);

  it('reports a mistyped key passed to t()', () => {
    const { keys } = scan(`export const x = (view: any) => [view.t('auth.login.typo'), tr.t("layout.brand"), t(\`nav.users\`)];`);
    expect(keys.map((k) => k.key)).toEqual(['auth.login.typo', 'layout.brand', 'nav.users']);
    expect(keys.filter((k) => !italian.has(k.key)).map((k) => k.key)).toEqual(['auth.login.typo']);
  });

  it('follows keys through conditionals, arrays, *Key properties, JSX attributes and HttpError', () => {
    const { keys } = scan(`
      view.t(ok ? 'auth.account.secondFactorOn' : 'auth.account.secondFactorOff');
      page({ titleKey: 'portal.privacy.title', bodyKeys: ['portal.privacy.p1'] });
      const el = <StatementPage titleKey="portal.accessibility.title" />;
      throw new HttpError(404, 'errors.notFound.title');
      const flashKey = 'anything.at.all';`);
    expect(keys.map((k) => [k.key, k.strict])).toEqual([
      ['auth.account.secondFactorOn', true],
      ['auth.account.secondFactorOff', true],
      ['portal.privacy.title', true],
      ['portal.privacy.p1', true],
      ['portal.accessibility.title', true],
      ['errors.notFound.title', true],
      ['anything.at.all', true],
    ]);
  });

  it('leaves out audit actions, permissions, comparisons and imports', () => {
    const { keys } = scan(`
      import { x } from 'auth.routes';
      recordAudit(tx, actor, { action: ok ? 'auth.password.reset' : 'auth.invitation.accepted' });
      if (row.action === 'auth.login') {}
      view.can('admin.users.manage');
      const GRANTS = { 'audit.read': ['admin'] };`);
    expect(keys).toEqual([]);
  });

  it('reports computed keys with their prefix', () => {
    const { templates } = scan('view.t(`roles.${r}`); view.t(`${ns}.title`); const url = `/admin/users/${id}`;');
    expect(templates.map((t) => [t.prefix, t.simple])).toEqual([
      ['roles.', true],
      ['', false],
    ]);
  });
});
